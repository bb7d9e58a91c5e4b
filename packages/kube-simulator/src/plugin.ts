import {
  coreServices,
  createBackendPlugin,
  HttpRouterService,
  RootConfigService,
} from '@backstage/backend-plugin-api';
import http from 'node:http';
import { resolve as resolvePath } from 'node:path';
import { sendJson, sendStatus } from './handlers/respond';
import { METRICS_CONTENT_TYPE, renderMetrics } from './metrics';
import { badRequest, methodNotAllowed, unauthorized } from './status';
import { defaultDataDir, resolveFromRoot } from './paths';
import { createRegistrySimulator, loadRegistrySeed } from './registry';
import {
  createKubeSimulator,
  KubeSimulator,
  ListeningServer,
  listenOn,
} from './simulator';
import { loadOrCreateTls } from './tls';

type Handler = Parameters<HttpRouterService['use']>[0];

const notFound = (res: http.ServerResponse, path: string) =>
  sendJson(res, 404, {
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Failure',
    message: `the kube simulator serves nothing at ${path}; try /clusters/<name>/… or /registry/v2/…`,
    reason: 'NotFound',
    details: {},
    code: 404,
  });

/** The simulated workloads' metrics of every cluster, for Prometheus (GET or HEAD). */
function serveMetrics(
  simulator: KubeSimulator,
  req: http.IncomingMessage,
  res: http.ServerResponse,
) {
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    sendStatus(res, methodNotAllowed(req.method ?? ''));
    return;
  }
  const body = renderMetrics(simulator.clusters.values());
  res.writeHead(200, {
    'Content-Type': METRICS_CONTENT_TYPE,
    'Content-Length': Buffer.byteLength(body),
    'Cache-Control': 'no-store',
  });
  res.end(req.method === 'HEAD' ? undefined : body);
}

/**
 * Routes `/clusters/<name>/…` to a simulated cluster, `/registry/…` to the registry simulator and `/metrics` to
 * the simulated workloads' metrics; paths are relative to where it is mounted (the plugin mounts it at
 * `/api/kube-simulator`).
 */
export function createKubeSimulatorRouter(
  simulator: KubeSimulator,
  registry?: {
    handler: (req: http.IncomingMessage, res: http.ServerResponse) => void;
  },
  /** When set, paths that reach neither a cluster nor the registry answer 401 without this bearer token. */
  token?: string,
) {
  return (req: http.IncomingMessage, res: http.ServerResponse) => {
    const url = req.url ?? '/';
    const known =
      /^\/clusters\/[^/?]+/.test(url) ||
      (registry && /^\/registry(\/|$)/.test(url));
    if (
      !known &&
      token !== undefined &&
      req.headers.authorization !== `Bearer ${token}`
    ) {
      sendStatus(res, unauthorized());
      return;
    }
    if (/^\/metrics(\?|$)/.test(url)) {
      // Behind the same bearer token as everything else here (checked above): Prometheus sends it.
      serveMetrics(simulator, req, res);
      return;
    }
    const cluster = /^\/clusters\/([^/?]+)(.*)$/.exec(url);
    if (cluster) {
      let name: string;
      try {
        name = decodeURIComponent(cluster[1]);
      } catch {
        sendStatus(
          res,
          badRequest(
            `invalid percent-encoding in cluster name "${cluster[1]}"`,
          ),
        );
        return;
      }
      const target = simulator.clusters.get(name);
      if (!target) {
        notFound(res, url);
        return;
      }
      req.url = cluster[2].startsWith('/') ? cluster[2] : `/${cluster[2]}`;
      target.handler(req, res);
      return;
    }
    const reg = /^\/registry(\/.*)?$/.exec(url);
    if (reg && registry) {
      req.url = reg[1] ?? '/';
      registry.handler(req, res);
      return;
    }
    notFound(res, url);
    return;
  };
}

/** The simulator's HTTPS listener of `atrium.kubeSimulator.https`: its own loopback port, its own CA. */
function httpsSettings(config: RootConfigService | undefined) {
  const envPort = Number(process.env.ATRIUM_SIMULATOR_PORT);
  const dataDir = config?.getOptionalString('dataDir');
  return {
    enabled: config?.getOptionalBoolean('enabled') ?? true,
    port:
      config?.getOptionalNumber('port') ??
      (Number.isInteger(envPort) && envPort > 0 ? envPort : 7443),
    host: config?.getOptionalString('host') ?? '127.0.0.1',
    dataDir: dataDir ? resolvePath(dataDir) : defaultDataDir(),
  };
}

/**
 * The embedded Kubernetes API simulator (development only, not a cluster). With
 * `atrium.kubeSimulator.enabled: true` it serves each configured simulated cluster over HTTPS on a loopback port
 * of its own (`atrium.kubeSimulator.https`, default 7443) at `/clusters/<name>/…`, with a CA it keeps in its data
 * folder, and on the backend's http port at `/api/kube-simulator/clusters/<name>/…`; the registry simulator at
 * `/api/kube-simulator/registry/…`, and the simulated workloads' metrics at `/api/kube-simulator/metrics` (on
 * both).
 */
export const kubeSimulatorPlugin = createBackendPlugin({
  pluginId: 'kube-simulator',
  register(env) {
    env.registerInit({
      deps: {
        config: coreServices.rootConfig,
        logger: coreServices.rootLogger,
        httpRouter: coreServices.httpRouter,
        lifecycle: coreServices.lifecycle,
      },
      async init({ config, logger, httpRouter, lifecycle }) {
        const simConfig = config.getOptionalConfig('atrium.kubeSimulator');
        const log = logger.child({ plugin: 'kube-simulator' });
        if (!simConfig?.getOptionalBoolean('enabled')) {
          log.info(
            'Kubernetes API simulator is disabled (atrium.kubeSimulator.enabled is not true)',
          );
          return;
        }
        // Like the embedded IdP, the simulator is refused where sign-in is in production mode.
        if (config.getOptionalString('auth.environment') === 'production') {
          throw new Error(
            'atrium.kubeSimulator.enabled is set while auth.environment is production: the Kubernetes API simulator is for development and tests only. Turn it off and list the real clusters in compute.clusters.',
          );
        }
        const token = simConfig.getString('token');
        const clusters = (
          simConfig.getOptionalConfigArray('clusters') ?? []
        ).map(c => ({
          name: c.getString('name'),
          seed: c.getOptionalStringArray('seed') ?? [],
        }));
        const simulator: KubeSimulator = createKubeSimulator({
          token,
          clusters,
          tickMs: simConfig.getOptionalNumber('tickMs') ?? 1000,
          crdsDir: simConfig.getOptionalString('crdsDir'),
          // RBAC (access.ts): users' tokens and the Roles that bind them; `token` stays the admin.
          rbac: {
            seed: simConfig.getOptionalStringArray('rbac.seed'),
            tokens: (simConfig.getOptionalConfigArray('rbac.tokens') ?? []).map(
              t => ({
                token: t.getString('token'),
                user: t.getString('user'),
                groups: t.getOptionalStringArray('groups'),
              }),
            ),
          },
        });
        const registrySeed = simConfig.getOptionalString('registry.seed');
        const registry = registrySeed
          ? createRegistrySimulator(
              loadRegistrySeed(resolveFromRoot(registrySeed)),
              // The registry simulator takes the clusters' token as its static bearer token.
              { basePath: '/api/kube-simulator/registry', token },
            )
          : undefined;

        const handler = createKubeSimulatorRouter(simulator, registry, token);
        httpRouter.addAuthPolicy({ path: '/', allow: 'unauthenticated' });
        httpRouter.use(handler as Handler);

        // The clusters (and the metrics) over HTTPS, as an API server serves them: kubectl sends no token to
        // a plain http server. The registry simulator stays on the backend's http path only.
        const https = httpsSettings(simConfig.getOptionalConfig('https'));
        let secure: ListeningServer | undefined;
        if (https.enabled) {
          const tls = await loadOrCreateTls(https.dataDir, {
            hosts: [...new Set([https.host, '127.0.0.1', '::1', 'localhost'])],
          });
          secure = await listenOn(
            createKubeSimulatorRouter(simulator, undefined, token),
            https.port,
            https.host,
            tls,
          ).catch(error => {
            throw new Error(
              `The Kubernetes API simulator cannot serve HTTPS on ${https.host}:${https.port} (${error.message}); set ATRIUM_SIMULATOR_PORT or atrium.kubeSimulator.https.port to a free port`,
            );
          });
          log.info(
            `Kubernetes API simulator over HTTPS at ${secure.url}/clusters/<name>; clients trust its CA ${tls.caFile}`,
          );
        }

        for (const c of clusters) {
          log.info(
            `Kubernetes API simulator (not a real cluster): simulated cluster "${
              c.name
            }" at /api/kube-simulator/clusters/${c.name} (seed: ${
              c.seed.join(', ') || 'none'
            })`,
          );
        }
        log.info(
          'Simulated workload metrics (no real traffic) for Prometheus at /api/kube-simulator/metrics, behind the simulator token',
        );
        if (registry) {
          log.info(
            `Registry simulator (not a real registry): ${
              registry.repositories().length
            } repositories at /api/kube-simulator/registry/v2/`,
          );
        }
        lifecycle.addShutdownHook(async () => {
          await secure?.close();
          await simulator.stop();
          log.info('Kubernetes API simulator stopped');
        });
      },
    });
  },
});
