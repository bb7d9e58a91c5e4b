import http from 'node:http';
import https from 'node:https';
import { AddressInfo } from 'node:net';
import { BadImage } from './badImages';
import { ClusterState } from './cluster';
import { loadCrds } from './crds';
import { ApiAccess, TokenSubject } from './access';
import { ClusterHttpHandler, RequestHandler } from './http';
import { WorkloadMetrics } from './metrics';
import { defaultCrdsDir, resolveFromRoot } from './paths';
import { RbacPolicy } from './rbac';
import { Reconciler, ReconcilerOptions } from './reconciler';
import { KubeObject } from './types';

export interface SimulatedClusterOptions {
  name: string;
  /** Multi-document YAML seed files (relative paths resolve from the repo root). */
  seed?: string[];
  /** Overrides the simulator-wide token for this cluster. */
  token?: string;
  /** Image versions that crash-loop in this cluster, in addition to the simulator-wide ones. */
  badImages?: BadImage[];
}

export interface KubeSimulatorOptions extends ReconcilerOptions {
  clusters: SimulatedClusterOptions[];
  /** Bearer token every request must carry. */
  token: string;
  /**
   * RBAC (access.ts, rbac.ts): further tokens, each a user the policy of the `seed` manifests (Roles,
   * ClusterRoles and their bindings) authorizes. `token` stays the admin (system:masters).
   */
  rbac?: { seed?: string[]; tokens?: TokenSubject[] };
  /** Folder of CustomResourceDefinitions; default `deploy/crds` of the repo. */
  crdsDir?: string;
  /** Reconciler period; default 1000 ms. */
  tickMs?: number;
  /** Image versions that crash-loop in every cluster. */
  badImages?: BadImage[];
  /** Events kept per namespace; default 500. */
  maxEventsPerNamespace?: number;
  /** Changes kept per resource type for watches resuming from a resourceVersion; default 1000. */
  watchHistorySize?: number;
  /** Start the reconcilers' timers; default true. With false, call `tick()` yourself. */
  autoStart?: boolean;
}

export interface ListeningServer {
  url: string;
  port: number;
  close(): Promise<void>;
}

/** One simulated cluster: its state, its reconciler and its HTTP surface. */
export interface SimulatedCluster {
  readonly name: string;
  /** Serves the Kubernetes REST paths relative to the cluster root. */
  readonly handler: RequestHandler;
  /** Direct access to the state, for tests. */
  readonly state: ClusterState;
  readonly reconciler: Reconciler;
  /** The simulated workloads' metrics (requests, latency, CPU, memory), advanced with every tick. */
  readonly metrics: WorkloadMetrics;
  /** Marks (or with `bad: false` unmarks) an image version as crash-looping. */
  markBadImage(image: string, version: string, bad?: boolean): void;
  /** Objects of a resource (`pods`, `apps`, `events`, …), as stored. */
  list(plural: string, namespace?: string): KubeObject[];
  /** Runs one reconcile pass now, then serves one tick's worth of simulated traffic. */
  tick(): void;
  /**
   * Serves the cluster on its own port (127.0.0.1 by default); over HTTPS with `tls` (see `loadOrCreateTls`),
   * else plain http.
   */
  listen(
    port?: number,
    host?: string,
    tls?: ServerTls,
  ): Promise<ListeningServer>;
}

export interface KubeSimulator {
  readonly clusters: ReadonlyMap<string, SimulatedCluster>;
  cluster(name: string): SimulatedCluster;
  /** Marks an image version bad in every cluster. */
  markBadImage(image: string, version: string, bad?: boolean): void;
  /** Ends timers, open watches and servers started with `listen`. */
  stop(): Promise<void>;
}

/** A server certificate and its key (PEM), e.g. from `loadOrCreateTls`. */
export interface ServerTls {
  cert: string;
  key: string;
}

/** Serves a handler on a port, over HTTPS when given `tls`; resolves once listening. */
export function listenOn(
  handler: RequestHandler,
  port = 0,
  host = '127.0.0.1',
  tls?: ServerTls,
): Promise<ListeningServer> {
  const server = tls
    ? https.createServer({ cert: tls.cert, key: tls.key }, handler)
    : http.createServer(handler);
  server.keepAliveTimeout = 1000;
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      const address = server.address() as AddressInfo;
      resolve({
        port: address.port,
        url: `${tls ? 'https' : 'http'}://${
          host.includes(':') ? `[${host}]` : host
        }:${address.port}`,
        close: () =>
          new Promise<void>(done => {
            server.closeAllConnections?.();
            server.close(() => done());
          }),
      });
    });
  });
}

/** Creates a Kubernetes API simulator with one or more simulated clusters. Not a cluster. */
export function createKubeSimulator(
  options: KubeSimulatorOptions,
): KubeSimulator {
  const crds = loadCrds(
    options.crdsDir ? resolveFromRoot(options.crdsDir) : defaultCrdsDir(),
  );
  const timers: NodeJS.Timeout[] = [];
  const servers: ListeningServer[] = [];
  const handlers: ClusterHttpHandler[] = [];
  const clusters = new Map<string, SimulatedCluster>();
  const policy = RbacPolicy.fromFiles(
    (options.rbac?.seed ?? []).map(f => resolveFromRoot(f)),
  );

  for (const spec of options.clusters) {
    if (clusters.has(spec.name))
      throw new Error(`duplicate simulated cluster "${spec.name}"`);
    const state = new ClusterState(
      spec.name,
      crds,
      options.maxEventsPerNamespace,
      options.watchHistorySize,
    );
    for (const file of spec.seed ?? []) state.loadSeed(resolveFromRoot(file));
    state.ensureNodes();
    for (const bad of [...(options.badImages ?? []), ...(spec.badImages ?? [])])
      state.markBadImage(bad);
    const reconciler = new Reconciler(state, options);
    reconciler.bootstrap();
    const metrics = new WorkloadMetrics(state, reconciler);
    // A tick stands for tickMs of simulated time, so rates read per second match the wall clock when running.
    const tickSeconds = (options.tickMs ?? 1000) / 1000;
    const tick = () => {
      reconciler.tick();
      metrics.advance(tickSeconds);
    };
    const api = new ClusterHttpHandler(
      state,
      new ApiAccess(spec.token ?? options.token, options.rbac?.tokens, policy),
    );
    handlers.push(api);
    const cluster: SimulatedCluster = {
      name: spec.name,
      handler: api.handle,
      state,
      reconciler,
      metrics,
      markBadImage: (image, version, bad = true) =>
        state.markBadImage({ image, version }, bad),
      list: (plural, namespace) => {
        const type = state.types.find(t => t.plural === plural);
        if (!type) throw new Error(`unknown resource ${plural}`);
        return state.store.list(type, namespace);
      },
      tick,
      listen: async (port = 0, host = '127.0.0.1', tls?: ServerTls) => {
        const server = await listenOn(api.handle, port, host, tls);
        servers.push(server);
        return server;
      },
    };
    clusters.set(spec.name, cluster);
    if (options.autoStart !== false) {
      const timer = setInterval(tick, options.tickMs ?? 1000);
      timer.unref?.();
      timers.push(timer);
    }
  }

  return {
    clusters,
    cluster: name => {
      const c = clusters.get(name);
      if (!c) throw new Error(`no simulated cluster "${name}"`);
      return c;
    },
    markBadImage: (image, version, bad = true) => {
      for (const c of clusters.values()) c.markBadImage(image, version, bad);
    },
    stop: async () => {
      timers.forEach(clearInterval);
      timers.length = 0;
      handlers.forEach(h => h.watches.closeAll());
      await Promise.all(servers.splice(0).map(s => s.close()));
    },
  };
}
