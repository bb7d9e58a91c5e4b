import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import { parse } from 'yaml';
import { ROOT } from './paths.ts';

const requireFromBackend = createRequire(
  resolve(ROOT, 'packages/backend/package.json'),
);

/** The backend plugins Atrium's backend adds, read from packages/backend/src/index.ts: id and package. */
export function backendPlugins(): Array<{ id: string; pkg: string }> {
  const source = readFileSync(
    resolve(ROOT, 'packages/backend/src/index.ts'),
    'utf8',
  );
  const plugins: Array<{ id: string; pkg: string }> = [];
  for (const [, pkg] of source.matchAll(
    /backend\.add\(\s*import\('([^']+)'\)/g,
  )) {
    // Modules (…-backend-module-…) extend a plugin; a plugin is named by its package.json, or by its name.
    const { backstage } = requireFromBackend(`${pkg}/package.json`);
    if (backstage?.role === 'backend-plugin-module') continue;
    const id =
      backstage?.pluginId ?? /^@[^/]+\/plugin-(.+)-backend$/.exec(pkg)?.[1];
    if (id) plugins.push({ id, pkg });
  }
  return plugins;
}

/**
 * The routes a plugin documents in its OpenAPI spec, where it ships one: Backstage's plugins in their build
 * output, Atrium's in `src/schema/openapi.yaml`.
 */
function openApiRoutes(pkg: string): Array<{ method: string; path: string }> {
  let spec: { paths: Record<string, Record<string, unknown>> };
  const pkgDir = resolve(
    requireFromBackend.resolve(`${pkg}/package.json`),
    '..',
  );
  const own = resolve(pkgDir, 'src/schema/openapi.yaml');
  try {
    spec = existsSync(own)
      ? parse(readFileSync(own, 'utf8'))
      : requireFromBackend(
          resolve(pkgDir, 'dist/schema/openapi/generated/router.cjs.js'),
        ).spec;
  } catch {
    return [];
  }
  return Object.entries(spec.paths).flatMap(([path, methods]) =>
    Object.keys(methods)
      .filter(m => ['get', 'post', 'put', 'patch', 'delete'].includes(m))
      .map(method => ({
        method: method.toUpperCase(),
        path: path.replace(/\{[^}]+\}/g, 'x'),
      })),
  );
}

/** Routes known from reading the plugins that ship no OpenAPI spec. */
const KNOWN: Record<string, string[]> = {
  techdocs: [
    'GET /static/docs/default/component/x/index.html',
    'GET /metadata/techdocs/default/component/x',
    'GET /metadata/entity/default/component/x',
    'GET /sync/default/component/x',
    'POST /cache/invalidate',
  ],
  'user-settings': [
    'GET /buckets/default/keys/x',
    'PUT /buckets/default/keys/x',
    'DELETE /buckets/default/keys/x',
  ],
  permission: [
    'POST /authorize',
    'GET /.well-known/backstage/permissions/metadata',
  ],
  signals: ['GET /', 'GET /health', 'GET /connect'],
  auth: [
    'GET /v1/userinfo',
    // Atrium's sign-in audit (plugins/auth-backend-module-atrium).
    'GET /atrium/sign-ins',
    'GET /oidc/start',
    'GET /oidc/handler/frame',
    'POST /oidc/refresh',
  ],
  'embedded-idp': ['GET /.well-known/openid-configuration', 'GET /jwks'],
  // The GraphQL gateway: one endpoint (plugins/graphql-backend/src/router.ts).
  graphql: ['POST /', 'GET /'],
  app: ['GET /', 'GET /index.html', 'GET /static/x.js', 'GET /catalog'],
  // The embedded default's Kubernetes API and registry simulators check their own bearer token.
  'kube-simulator': [
    'GET /clusters/sim-eu-west/version',
    'GET /clusters/sim-eu-west/api/v1/namespaces',
    'GET /clusters/sim-eu-west/apis/compute.atrium.dev/v1alpha1/apps',
    'POST /clusters/sim-eu-west/apis/compute.atrium.dev/v1alpha1/namespaces/x/apps',
    'POST /clusters/sim-eu-west/_simulator/bad-images',
    'GET /registry/v2/',
    'GET /registry/v2/_catalog',
    'GET /registry/v2/payments/payments-gateway/tags/list',
    // The simulated workloads' metrics, for Prometheus (which sends the simulator's token).
    'GET /metrics',
  ],
};

/** Every route to probe under /api/<plugin>: documented, known, and a few that exist on every plugin. */
export function apiRoutes(): Array<{
  plugin: string;
  method: string;
  url: string;
}> {
  return backendPlugins().flatMap(({ id, pkg }) => {
    const routes = [
      ...openApiRoutes(pkg),
      ...(KNOWN[id] ?? []).map(r => ({
        method: r.split(' ')[0],
        path: r.split(' ')[1],
      })),
      { method: 'GET', path: '/.backstage/actions/v1/actions' },
      { method: 'GET', path: '/.well-known/backstage/permissions/metadata' },
      { method: 'GET', path: '/no-such-route' },
      { method: 'POST', path: '/no-such-route' },
    ];
    return routes.map(r => ({
      plugin: id,
      method: r.method,
      url: `/api/${id}${r.path}`,
    }));
  });
}
