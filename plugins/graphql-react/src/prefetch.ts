import type { ApolloClient } from '@apollo/client';
import { catalogListVariables, parseCatalogSearch } from './catalogList';
import {
  CATALOG_LIST_QUERY,
  ENTITY_OVERVIEW_QUERY,
  type EntityOverviewData,
} from './queries';
import { entityId } from './refs';

const started = new WeakMap<ApolloClient, Set<string>>();

/**
 * Reads an entity's overview into the cache, once per client and ref, so that opening it later renders from
 * the cache at once. Failures are left to the page itself to show.
 */
export function prefetchEntity(client: ApolloClient, ref: string): void {
  const id = entityId(ref);
  let seen = started.get(client);
  if (!seen) {
    seen = new Set();
    started.set(client, seen);
  }
  if (seen.has(id)) {
    return;
  }
  seen.add(id);
  client
    .query({ query: ENTITY_OVERVIEW_QUERY, variables: { ref: id } })
    .catch(() => seen!.delete(id));
}

/** Views of the catalog list read ahead, per client: when, by the view's variables. */
const listsRead = new WeakMap<ApolloClient, Map<string, number>>();
/** A view read ahead is not read ahead again for this long (a newer one is then read when opened). */
const LIST_PREFETCH_MS = 30_000;

/**
 * Reads a view of the catalog list (the query string of its URL, '' for the default view) into the cache, so
 * opening it renders at once. At most once per view every 30 s; failures are left to the page.
 */
export function prefetchCatalogList(
  client: ApolloClient,
  search: string,
): void {
  const variables = catalogListVariables(parseCatalogSearch(search));
  const key = JSON.stringify(variables);
  let seen = listsRead.get(client);
  if (!seen) {
    seen = new Map();
    listsRead.set(client, seen);
  }
  const at = seen.get(key);
  if (at !== undefined && Date.now() - at < LIST_PREFETCH_MS) return;
  seen.set(key, Date.now());
  client
    .query({
      query: CATALOG_LIST_QUERY,
      variables,
      fetchPolicy: 'network-only',
    })
    .catch(() => seen!.delete(key));
}

/**
 * The entity's overview when the cache holds all of it (prefetched, or read by an earlier page), else null:
 * never a request.
 */
export function readCachedOverview(
  client: ApolloClient,
  ref: string,
): EntityOverviewData | null {
  return client.readQuery<EntityOverviewData>({
    query: ENTITY_OVERVIEW_QUERY,
    variables: { ref: entityId(ref) },
  });
}

/**
 * Prefetches up to `max` entities when the browser is idle, one per idle period, so the user's own services
 * are ready before they are opened without competing with what the page is doing.
 */
export function prefetchOnIdle(
  client: ApolloClient,
  refs: readonly string[],
  max = 10,
): () => void {
  const queue = refs.slice(0, max);
  let cancelled = false;
  const w = globalThis as typeof globalThis & {
    requestIdleCallback?: (cb: () => void, o?: { timeout: number }) => number;
  };
  const schedule = (fn: () => void) =>
    w.requestIdleCallback
      ? w.requestIdleCallback(fn, { timeout: 2000 })
      : setTimeout(fn, 50);
  const next = () => {
    if (cancelled) return;
    const ref = queue.shift();
    if (!ref) return;
    prefetchEntity(client, ref);
    schedule(next);
  };
  schedule(next);
  return () => {
    cancelled = true;
  };
}
