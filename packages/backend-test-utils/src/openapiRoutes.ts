import { readFileSync } from 'node:fs';
import { parse } from 'yaml';

/** The keys of an OpenAPI path item that are operations; the others (`parameters`, `summary`, …) are not. */
const OPERATIONS = new Set([
  'get',
  'put',
  'post',
  'delete',
  'options',
  'head',
  'patch',
  'trace',
]);

/** What these helpers read of an Express router: its own routes, each with its path and methods. */
export interface RouterWithRoutes {
  stack: Array<{ route?: { path: string } }>;
}

/**
 * The operations an OpenAPI spec (a YAML or JSON file) describes, as `METHOD /path/:param`, sorted: its
 * path templates (`{param}`) written the way Express writes route paths, so they compare with
 * {@link servedRoutes}.
 */
export function documentedRoutes(specPath: string): string[] {
  const spec = parse(readFileSync(specPath, 'utf8')) as {
    paths?: Record<string, Record<string, unknown>>;
  };
  return Object.entries(spec.paths ?? {})
    .flatMap(([path, item]) =>
      Object.keys(item)
        .filter(key => OPERATIONS.has(key))
        .map(
          method =>
            `${method.toUpperCase()} ${path.replace(/\{(\w+)\}/g, ':$1')}`,
        ),
    )
    .sort();
}

/**
 * The routes an Express router serves itself, as `METHOD /path/:param`, sorted. Middleware and mounted
 * routers are not routes of its own, so they are not listed.
 */
export function servedRoutes(router: RouterWithRoutes): string[] {
  return router.stack
    .flatMap(layer => (layer.route ? [layer.route] : []))
    .flatMap(route =>
      Object.keys(methodsOf(route)).map(
        method => `${method.toUpperCase()} ${route.path}`,
      ),
    )
    .sort();
}

/** Express keeps a route's methods in a field its types leave out. */
function methodsOf(route: { path: string }): Record<string, boolean> {
  return (route as { methods?: Record<string, boolean> }).methods ?? {};
}
