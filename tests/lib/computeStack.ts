/**
 * The whole stack a compute suite runs against, `startComputeStack`: two simulated clusters of the demo, the
 * registry, a backend reading them, users signed in, with `call` as a user and `stop`. A suite passes only what
 * is its own (its catalog entities, registry images, timeout, users).
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  startRegistry,
  type RegistryServer,
} from '../../plugins/compute-backend/src/registry/testing/registryServer.ts';
import { signIn } from './auth.ts';
import { waitForEntity, type Backend } from './backend.ts';
import {
  api,
  demoSeeds,
  simulatedClusterConfig,
  startSimulatedCluster,
  type SimulatedCluster,
} from './compute.ts';
import { demoCatalogWith, startDemoBackend } from './demo.ts';

/** What a compute suite needs that is its own; the rest is the same for every suite (`startComputeStack`). */
export interface ComputeStackOptions {
  /** Names the backend (its logs and data folder) and the config and catalog files written for it. */
  name: string;
  /** Repositories to seed into the registry, each with its tags. */
  images: Record<string, string[]>;
  /** The suite's own catalog entities (Components), beside the demo catalog; none, no catalog file of its own. */
  entities: object[];
  /** Waits until these entities (`<kind>/<namespace>/<name>`) are in the catalog, after the demo's. */
  awaitEntities?: string[];
  /** `compute.requestTimeoutMs`. */
  requestTimeoutMs: number;
  /** More `compute.clusters` entries after the two simulators (`simulatedClusterConfig` of a URL, say). */
  moreClusters?: ReturnType<typeof simulatedClusterConfig>[];
  /** More of the `compute` config beside the clusters and registries (`approvals`, say). */
  compute?: Record<string, unknown>;
  /** Demo users to sign in; their tokens are in `tokens`. */
  users: string[];
}

/**
 * A running compute stack: two simulated clusters of the demo in processes of their own, sim-eu-west and
 * sim-us-east (regions eu-west-1 and us-east-1), Debian's docker-registry as `registry.larkspur.example`, and a
 * backend whose compute plugin reads them (its own simulator off), with the demo catalog ingested and users
 * signed in through the embedded OpenID provider.
 */
export interface ComputeStack {
  eu: SimulatedCluster;
  us: SimulatedCluster;
  registry: RegistryServer;
  backend: Backend;
  /** Each signed-in user's token, by user name. */
  tokens: Record<string, string>;
  /** A JSON call to the backend as `user`: GET, or POST when there is a body, unless `init.method` says. */
  call(
    user: string,
    path: string,
    init?: { method?: string; body?: unknown },
  ): Promise<{ status: number; body: any }>;
  /** Stops the backend, the clusters and the registry. */
  stop(): Promise<void>;
}

/** Starts a compute stack (see `ComputeStack`); the suite stops it in its `after`. */
export async function startComputeStack(
  options: ComputeStackOptions,
): Promise<ComputeStack> {
  const [eu, us, registry] = await Promise.all([
    startSimulatedCluster('sim-eu-west', { seeds: demoSeeds('sim-eu-west') }),
    startSimulatedCluster('sim-us-east', { seeds: demoSeeds('sim-us-east') }),
    startRegistry(),
  ]);
  for (const [repository, tags] of Object.entries(options.images)) {
    await registry.seedImage(repository, tags);
  }
  const config = join(registry.dir, `app-config.${options.name}-test.yaml`);
  const ownCatalog = join(registry.dir, `${options.name}-test-catalog.yaml`);
  if (options.entities.length > 0) {
    writeFileSync(
      ownCatalog,
      options.entities.map(e => JSON.stringify(e)).join('\n---\n'),
    );
  }
  writeFileSync(
    config,
    JSON.stringify({
      ...demoCatalogWith(
        options.entities.length > 0
          ? [{ target: ownCatalog, allow: ['Component'] }]
          : [],
      ),
      compute: {
        requestTimeoutMs: options.requestTimeoutMs,
        clusters: [
          simulatedClusterConfig('sim-eu-west', eu, 'eu-west-1'),
          simulatedClusterConfig('sim-us-east', us, 'us-east-1'),
          ...(options.moreClusters ?? []),
        ],
        registries: [{ host: 'registry.larkspur.example', url: registry.url }],
        ...options.compute,
      },
      atrium: { kubeSimulator: { enabled: false } },
    }),
  );
  const stopAll = (backend?: Backend) =>
    Promise.all([backend?.stop(), eu.stop(), us.stop(), registry.stop()]);
  let backend: Backend | undefined;
  try {
    backend = await startDemoBackend({
      name: options.name,
      configs: [config],
    });
    for (const entity of options.awaitEntities ?? []) {
      await waitForEntity(backend, entity);
    }
    const tokens: Record<string, string> = {};
    for (const user of options.users) {
      tokens[user] = (await signIn(backend.baseUrl, user)).token;
    }
    const running = backend;
    return {
      eu,
      us,
      registry,
      backend: running,
      tokens,
      call: (user, path, init = {}) =>
        api(running.baseUrl, tokens[user], path, {
          method: init.method ?? (init.body === undefined ? 'GET' : 'POST'),
          body: init.body,
        }),
      stop: async () => {
        await stopAll(running);
      },
    };
  } catch (error) {
    // A backend that did not start (or a sign-in that failed) leaves no cluster or registry running.
    await stopAll(backend);
    throw error;
  }
}
