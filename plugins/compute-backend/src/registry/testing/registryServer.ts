/*
 * Starts Debian's real Docker registry (`/usr/bin/docker-registry`, github.com/docker/distribution) on a spare
 * loopback port for tests, seeds images through the registry's own HTTP API (`registrySeeding.ts`), and
 * stops it.
 *
 * Self-contained on purpose: only `node:` imports and erasable TypeScript syntax, so the node:test integration
 * tests (Node 22 type stripping) can import this file directly as well as Jest.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import {
  accessSync,
  constants as fsConstants,
  mkdtempSync,
  openSync,
  closeSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  createSeeder,
  type SeededImage,
  type SeedImageOptions,
} from './registrySeeding.ts';

export {
  MEDIA_TYPES,
  type SeededImage,
  type SeedImageOptions,
} from './registrySeeding.ts';

export const DOCKER_REGISTRY_BINARY = '/usr/bin/docker-registry';

/** The registry's `auth.token` section: it trusts JWTs signed by a key whose certificate is in `rootCertBundle`. */
export interface RegistryTokenAuth {
  realm: string;
  service: string;
  issuer: string;
  /** Path to a PEM file with the certificate(s) of the token signer. */
  rootCertBundle: string;
}

export interface StartRegistryOptions {
  /** Run the registry with token auth (`auth.token`); without it the registry is anonymous read/write. */
  tokenAuth?: RegistryTokenAuth;
  /** Credentials that `seedImage` presents to the token realm (needs push and pull). */
  seedCredentials?: { username: string; password: string };
  /** How long to wait for `GET /v2/` to answer after start. Default 20 s. */
  startTimeoutMs?: number;
  /** Timeout of each HTTP request the helper makes. Default 10 s. */
  requestTimeoutMs?: number;
  /** The registry binary; default `/usr/bin/docker-registry`. */
  binary?: string;
}

export interface RegistryServer {
  /** `http://127.0.0.1:<port>` */
  readonly url: string;
  /** `127.0.0.1:<port>`, the host part of image references served by this registry. */
  readonly host: string;
  readonly port: number;
  /** Temporary directory with config.yml, the storage and registry.log. */
  readonly dir: string;
  /** Pushes one small image (config + layer blob) and points each tag at its manifest, over the HTTP API. */
  seedImage(
    name: string,
    tags: string[],
    options?: SeedImageOptions,
  ): Promise<SeededImage>;
  /** The last lines of the registry's log (for failure messages). */
  logTail(lines?: number): string;
  /** Stops the registry (SIGTERM, then SIGKILL after 5 s). Idempotent. `keepData` leaves the temp dir. */
  stop(options?: { keepData?: boolean }): Promise<void>;
}

/** Throws a clear error when Debian's docker-registry is not installed. Returns the binary path. */
export function requireRegistryBinary(
  binary: string = DOCKER_REGISTRY_BINARY,
): string {
  try {
    accessSync(binary, fsConstants.X_OK);
  } catch {
    throw new Error(
      `${binary} not found or not executable. The artifact registry tests need the real registry: ` +
        'install the Debian package `docker-registry` (apt-get install docker-registry; ' +
        'scripts/lib/services.sh ensure_debian_packages does it).',
    );
  }
  return binary;
}

/** A port that was free on 127.0.0.1 a moment ago. */
export function freeLoopbackPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() =>
        port ? resolve(port) : reject(new Error('no port assigned')),
      );
    });
  });
}

const sleep = (ms: number) => new Promise(r => setTimeout(r, ms));

function registryConfigYaml(
  port: number,
  storageDir: string,
  tokenAuth: RegistryTokenAuth | undefined,
): string {
  // JSON is YAML: quoting every value keeps paths and URLs safe.
  const q = (value: string) => JSON.stringify(value);
  const lines = [
    'version: 0.1',
    'log:',
    '  level: info',
    '  accesslog:',
    '    disabled: true',
    'storage:',
    '  filesystem:',
    `    rootdirectory: ${q(storageDir)}`,
    '  delete:',
    '    enabled: true',
    'http:',
    `  addr: ${q(`127.0.0.1:${port}`)}`,
    `  secret: ${q(randomBytes(16).toString('hex'))}`,
  ];
  if (tokenAuth) {
    lines.push(
      'auth:',
      '  token:',
      `    realm: ${q(tokenAuth.realm)}`,
      `    service: ${q(tokenAuth.service)}`,
      `    issuer: ${q(tokenAuth.issuer)}`,
      `    rootcertbundle: ${q(tokenAuth.rootCertBundle)}`,
    );
  }
  return `${lines.join('\n')}\n`;
}

/** Starts `docker-registry serve <config.yml>` on a spare loopback port and waits until `GET /v2/` answers. */
export async function startRegistry(
  options: StartRegistryOptions = {},
): Promise<RegistryServer> {
  const binary = requireRegistryBinary(options.binary);
  const startTimeoutMs = options.startTimeoutMs ?? 20_000;
  const requestTimeoutMs = options.requestTimeoutMs ?? 10_000;
  const dir = mkdtempSync(join(tmpdir(), 'atrium-registry-'));
  const port = await freeLoopbackPort();
  const host = `127.0.0.1:${port}`;
  const url = `http://${host}`;
  const configFile = join(dir, 'config.yml');
  writeFileSync(
    configFile,
    registryConfigYaml(port, join(dir, 'storage'), options.tokenAuth),
  );
  const logFile = join(dir, 'registry.log');
  const logFd = openSync(logFile, 'a');
  let child: ChildProcess;
  try {
    child = spawn(binary, ['serve', configFile], {
      stdio: ['ignore', logFd, logFd],
      // Keep REGISTRY_* variables of the caller's environment out of the registry's configuration.
      env: Object.fromEntries(
        Object.entries(process.env).filter(([k]) => !k.startsWith('REGISTRY_')),
      ),
    });
  } finally {
    closeSync(logFd);
  }
  let exited:
    | { code: number | null; signal: NodeJS.Signals | null }
    | undefined;
  const exitPromise = new Promise<void>(resolve => {
    child.once('exit', (code, signal) => {
      exited = { code, signal };
      resolve();
    });
    child.once('error', error => {
      exited = exited ?? { code: null, signal: null };
      writeFileSync(logFile, `spawn error: ${String(error)}\n`, { flag: 'a' });
      resolve();
    });
  });

  const logTail = (lines = 20) => {
    try {
      return readFileSync(logFile, 'utf8')
        .trimEnd()
        .split('\n')
        .slice(-lines)
        .join('\n');
    } catch {
      return '';
    }
  };

  let stopped = false;
  const stop = async (stopOptions: { keepData?: boolean } = {}) => {
    if (!stopped) {
      stopped = true;
      if (!exited) {
        child.kill('SIGTERM');
        await Promise.race([exitPromise, sleep(5_000)]);
        if (!exited) {
          child.kill('SIGKILL');
          await Promise.race([exitPromise, sleep(2_000)]);
        }
      }
    }
    if (!stopOptions.keepData) rmSync(dir, { recursive: true, force: true });
  };

  // Health check: the registry answers GET /v2/ with 200 (anonymous) or 401 (auth configured) once it listens.
  const deadline = Date.now() + startTimeoutMs;
  let ready = false;
  let lastError = '';
  for (let attempt = 0; attempt < 400 && Date.now() < deadline; attempt++) {
    if (exited) break;
    try {
      const res = await fetch(`${url}/v2/`, {
        signal: AbortSignal.timeout(Math.min(2_000, requestTimeoutMs)),
      });
      await res.arrayBuffer();
      if (res.status === 200 || res.status === 401) {
        ready = true;
        break;
      }
      lastError = `GET /v2/ answered ${res.status}`;
    } catch (error) {
      lastError = String((error as Error)?.cause ?? error);
    }
    await sleep(100);
  }
  if (!ready) {
    const why = exited
      ? `exited (code ${exited.code}, signal ${exited.signal})`
      : `did not answer GET ${url}/v2/ within ${startTimeoutMs} ms (${lastError})`;
    const tail = logTail();
    await stop();
    throw new Error(`docker-registry ${why}. Log:\n${tail}`);
  }

  const seedImage = createSeeder({
    url,
    credentials: options.seedCredentials,
    requestTimeoutMs,
    logTail,
  });
  return { url, host, port, dir, seedImage, logTail, stop };
}
