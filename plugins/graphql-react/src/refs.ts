/**
 * Entity refs and page paths as the critical pages use them, the same in the browser and on the server.
 */

/** The gateway's `Entity.id` for a full ref (`kind:namespace/name`): lower case. */
export function entityId(ref: string): string {
  return ref.toLocaleLowerCase('en-US');
}

/** The catalog page of an entity, as Backstage's catalog routes it. */
export function entityPath(entity: {
  kind: string;
  namespace: string;
  name: string;
}): string {
  return `/catalog/${encodeURIComponent(entity.namespace)}/${encodeURIComponent(
    entity.kind.toLocaleLowerCase('en-US'),
  )}/${encodeURIComponent(entity.name)}`;
}

/** Parses `kind:namespace/name` (the gateway's refs are always full). */
export function parseFullRef(
  ref: string,
): { kind: string; namespace: string; name: string } | undefined {
  const match = /^([^:/]+):([^:/]+)\/([^:/]+)$/.exec(ref);
  return match
    ? { kind: match[1], namespace: match[2], name: match[3] }
    : undefined;
}

export type SsrPage =
  | { page: 'home' }
  /** The catalog list; its view is in the query string (`parseCatalogSearch`). */
  | { page: 'catalog' }
  | {
      page: 'entity';
      ref: string;
      kind: string;
      namespace: string;
      name: string;
    };

const NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,252}$/;

/**
 * The pages rendered on the server: Home (`/`), the catalog list (`/catalog`) and an entity's overview
 * (`/catalog/:namespace/:kind/:name`, not its other tabs). Anything else is the app's alone.
 */
export function matchSsrPage(pathname: string): SsrPage | undefined {
  if (pathname === '/' || pathname === '') {
    return { page: 'home' };
  }
  if (pathname === '/catalog' || pathname === '/catalog/') {
    return { page: 'catalog' };
  }
  const match = /^\/catalog\/([^/]+)\/([^/]+)\/([^/]+)\/?$/.exec(pathname);
  if (!match) {
    return undefined;
  }
  let parts: string[];
  try {
    parts = match.slice(1).map(decodeURIComponent);
  } catch {
    return undefined;
  }
  if (!parts.every(p => NAME.test(p))) {
    return undefined;
  }
  const [namespace, kind, name] = parts;
  return {
    page: 'entity',
    kind,
    namespace,
    name,
    ref: entityId(`${kind}:${namespace}/${name}`),
  };
}
