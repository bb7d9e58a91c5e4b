import {
  ApolloClient,
  ApolloLink,
  HttpLink,
  InMemoryCache,
  type NormalizedCacheObject,
} from '@apollo/client';
import { SetContextLink } from '@apollo/client/link/context';
import { entityId } from './refs';

/**
 * The cache's policies per type, the same in the browser and on the server:
 * - `Entity` is normalized by its `id` (the lower-case ref), so an entity seen in one answer (Home's list of
 *   services) is the same object in every other (its overview), and a field read once is not read again;
 * - `Query.entity(ref)` reads that normalized entity before asking the network, so a page whose entity is
 *   cached with the fields it needs renders at once;
 * - `Viewer` is one object (the signed-in user);
 * - compute apps are normalized by `cluster/namespace/name`; a component's compute summary is merged field by
 *   field (Home reads its totals, the entity page its clusters as well); the relation and link lists and pages
 *   of owned entities are replaced whole by a newer answer, never merged item by item;
 * - `Query.catalog` keeps one entry per view (its filter, sort and cursor), replaced whole by a newer answer;
 *   the listed entities are normalized as any `Entity`;
 * - the viewer's open alerts are replaced whole by a newer answer (an alert that resolved is gone); each alert
 *   stays inside its list, its service normalized as any `Entity`.
 */
export function createAtriumCache(): InMemoryCache {
  return new InMemoryCache({
    typePolicies: {
      Query: {
        fields: {
          entity: {
            read(existing, { args, toReference, canRead }) {
              if (existing) {
                return existing;
              }
              const ref = typeof args?.ref === 'string' ? args.ref : '';
              if (!/^[^:/]+:[^:/]+\/[^:/]+$/.test(ref)) {
                return undefined;
              }
              const reference = toReference({
                __typename: 'Entity',
                id: entityId(ref),
              });
              return reference && canRead(reference) ? reference : undefined;
            },
          },
          // One entry per view (filter, sort, page); a newer answer for the same view replaces it whole.
          catalog: { merge: false },
        },
      },
      Viewer: {
        keyFields: [],
        fields: {
          // The checklist is the viewer's own: a newer answer (after ticking a step off) replaces its items.
          checklist: { merge: true },
          // What fires now: a newer answer replaces the whole list, so a resolved alert never lingers.
          openAlerts: { merge: false },
        },
      },
      Checklist: { keyFields: false },
      ChecklistItem: { keyFields: false },
      OpenAlerts: { keyFields: false },
      OpenAlert: { keyFields: false },
      Entity: {
        keyFields: ['id'],
        fields: {
          relations: { merge: false },
          links: { merge: false },
          tags: { merge: false },
          members: { merge: false },
          // Home asks for a summary's totals, an entity page for its clusters too: a newer answer updates the
          // fields it has and keeps the others, so neither page's read loses what the other cached.
          compute: { merge: true },
        },
      },
      EntityPage: { keyFields: false },
      ComputeSummary: { keyFields: false },
      ComputeAppSummary: { keyFields: ['id'] },
      // A catalog page, its rows and facets live inside their view's entry; the rows' entities are normalized.
      CatalogList: { keyFields: false },
      CatalogItem: { keyFields: false },
      CatalogFacets: { keyFields: false },
      FacetCount: { keyFields: false },
    },
  });
}

export interface AtriumApolloOptions {
  /** The gateway's URL (`<backend>/api/graphql`), or a function that finds it. */
  uri: string | (() => Promise<string>);
  /** The caller's Backstage token, when there is one. */
  getToken?: () => Promise<string | undefined>;
  /** State a server-rendered page embedded: the client starts from it. */
  state?: unknown;
  /** On the server: no polling, no refetch on mount. */
  ssrMode?: boolean;
  /** Instead of HTTP (the server renders through its own link). */
  link?: ApolloLink;
  fetch?: typeof fetch;
}

/** Atrium's Apollo Client over the GraphQL gateway, with the cache policies above. */
export function createAtriumApolloClient(
  options: AtriumApolloOptions,
): ApolloClient {
  const cache = createAtriumCache();
  if (options.state) {
    cache.restore(options.state as NormalizedCacheObject);
  }
  let uri: Promise<string> | undefined;
  const resolveUri = () =>
    (uri ??=
      typeof options.uri === 'string'
        ? Promise.resolve(options.uri)
        : options.uri());
  const link =
    options.link ??
    new SetContextLink(async prevContext => {
      const token = await options.getToken?.();
      return {
        uri: await resolveUri(),
        headers: {
          ...prevContext.headers,
          ...(token ? { authorization: `Bearer ${token}` } : {}),
        },
      };
    }).concat(new HttpLink({ fetch: options.fetch }));
  return new ApolloClient({
    cache,
    link,
    ssrMode: options.ssrMode,
    defaultOptions: {
      watchQuery: { fetchPolicy: 'cache-first' },
      query: { fetchPolicy: 'cache-first' },
    },
  });
}
