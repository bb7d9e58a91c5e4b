/**
 * The stack of tests/compute-approvals.test.ts: two simulated clusters of the demo, the registry, and a backend
 * whose compute plugin reads them with approvals on, a change freeze holding now (in Tokyo time) and a short
 * expiry, users signed in. tests/lib/compute.ts's startComputeStack takes no config of a suite's own, so this
 * assembles the same pieces with the approvals config added.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startRegistry } from '../../plugins/compute-backend/src/registry/testing/registryServer.ts';
import { signIn } from './auth.ts';
import type { Backend } from './backend.ts';
import {
  api,
  demoSeeds,
  simulatedClusterConfig,
  startSimulatedCluster,
  type SimulatedCluster,
} from './compute.ts';
import { demoCatalogWith, startDemoBackend } from './demo.ts';

/** Local time in Tokyo (UTC+9, no daylight saving) without an offset, as the config's start and end take it. */
const tokyo = (ms: number) =>
  new Date(ms + 9 * 3600_000).toISOString().slice(0, 19);

export interface ApprovalsStack {
  eu: SimulatedCluster;
  us: SimulatedCluster;
  backend: Backend;
  /** A JSON call as a signed-in user: GET, or POST when there is a body. */
  call(
    user: string,
    path: string,
    init?: { method?: string; body?: unknown },
  ): Promise<{ status: number; body: any }>;
  stop(): Promise<void>;
}

export async function startApprovalsStack(options: {
  users: readonly string[];
  expiresAfterSeconds: number;
}): Promise<ApprovalsStack> {
  const [eu, us, registry] = await Promise.all([
    startSimulatedCluster('sim-eu-west', { seeds: demoSeeds('sim-eu-west') }),
    startSimulatedCluster('sim-us-east', { seeds: demoSeeds('sim-us-east') }),
    startRegistry(),
  ]);
  await registry.seedImage('payments/payments-gateway', ['2.4.1', '2.5.0']);
  const config = join(registry.dir, 'app-config.compute-approvals-test.yaml');
  const now = Date.now();
  writeFileSync(
    config,
    JSON.stringify({
      ...demoCatalogWith([]),
      compute: {
        requestTimeoutMs: 3000,
        clusters: [
          simulatedClusterConfig('sim-eu-west', eu, 'eu-west-1'),
          simulatedClusterConfig('sim-us-east', us, 'us-east-1'),
        ],
        registries: [{ host: 'registry.larkspur.example', url: registry.url }],
        approvals: {
          enabled: true,
          expiresAfter: `PT${options.expiresAfterSeconds}S`,
          expiryCheckInterval: 'PT2S',
          rules: {
            reservedTier: true,
            criticalAlert: true,
            freezeWindows: true,
            replicaShare: true,
          },
          freezeWindows: [
            {
              name: 'approvals-test',
              start: tokyo(now - 3600_000),
              end: tokyo(now + 3 * 3600_000),
              timeZone: 'Asia/Tokyo',
            },
          ],
        },
      },
      atrium: { kubeSimulator: { enabled: false } },
    }),
  );
  const stopAll = async (backend?: Backend) => {
    await Promise.all([backend?.stop(), eu.stop(), us.stop()]);
    await registry.stop();
  };
  let backend: Backend | undefined;
  try {
    backend = await startDemoBackend({
      name: 'compute-approvals',
      configs: [config],
    });
    const tokens: Record<string, string> = {};
    for (const user of options.users) {
      tokens[user] = (await signIn(backend.baseUrl, user)).token;
    }
    const running = backend;
    return {
      eu,
      us,
      backend: running,
      call: (user, path, init = {}) =>
        api(running.baseUrl, tokens[user], path, {
          method: init.method ?? (init.body === undefined ? 'GET' : 'POST'),
          body: init.body,
        }),
      stop: () => stopAll(running),
    };
  } catch (error) {
    await stopAll(backend);
    throw error;
  }
}
