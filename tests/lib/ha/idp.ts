import { join, resolve } from 'node:path';
import { DEMO_PASSWORD } from '../auth.ts';
import { artifactDir, ROOT } from '../paths.ts';
import {
  freePort,
  startProcess,
  waitFor,
  type RunningProcess,
} from '../proc.ts';

export interface TestIdp {
  /** http://localhost:<port>: the issuer. */
  issuer: string;
  /** What OIDC_METADATA_URL takes. */
  metadataUrl: string;
  clientId: string;
  clientSecret: string;
  process: RunningProcess;
  stop(): Promise<void>;
}

/** Node with Backstage's transform, for TypeScript sources that are CommonJS (the plugins', the simulator's). */
export const NODE_TRANSFORM = resolve(
  ROOT,
  'node_modules/@backstage/cli-node/config/nodeTransform.cjs',
);

/**
 * Starts the test OpenID provider (idpServer.cts: the embedded IdP's provider with the demo users, in a process of
 * its own) on a spare loopback port, for Atrium's one client with `redirectUri`, and waits for its discovery
 * document. The demo password is the embedded default's.
 */
export async function startTestIdp(options: {
  redirectUri: string;
  clientSecret: string;
  port?: number;
}): Promise<TestIdp> {
  const port = options.port ?? (await freePort());
  const issuer = `http://localhost:${port}`;
  const clientId = 'atrium';
  const proc = startProcess(
    process.execPath,
    [
      '--require',
      NODE_TRANSFORM,
      resolve(ROOT, 'tests/lib/ha/idpServer.cts'),
      JSON.stringify({
        port,
        issuer,
        users: [resolve(ROOT, 'demo/org.yaml')],
        password: DEMO_PASSWORD,
        client: {
          id: clientId,
          secret: options.clientSecret,
          redirectUris: [options.redirectUri],
        },
      }),
    ],
    { cwd: ROOT, logFile: join(artifactDir('logs'), 'ha-idp.log') },
  );
  const metadataUrl = `${issuer}/.well-known/openid-configuration`;
  await waitFor(
    `the test IdP at ${issuer}`,
    async () => {
      if (proc.child.exitCode !== null)
        throw new Error(`the test IdP exited:\n${proc.tail()}`);
      return (await fetch(metadataUrl)).ok ? true : undefined;
    },
    { timeoutMs: 60_000, intervalMs: 200, onTimeout: () => proc.tail() },
  ).catch(async error => {
    await proc.stop();
    throw error;
  });
  return {
    issuer,
    metadataUrl,
    clientId,
    clientSecret: options.clientSecret,
    process: proc,
    stop: () => proc.stop(5_000),
  };
}
