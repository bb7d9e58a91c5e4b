import {
  callPluginAsService,
  createPluginCallsServiceRef,
  type ServiceCallDeps,
} from '@atrium/plugin-identity-node';

/** Where the change-feed module of the catalog answers, under the catalog's base URL. */
export const CHANGE_FEED_PATH = '/atrium/changes';

/** One read of the feed. */
export interface CatalogChangePage {
  /**
   * The refs (lower case) of the entities that were stitched (appeared or changed) or removed since the cursor,
   * each once, in no particular order. A consumer reads their current state (one `getEntitiesByRefs`); a ref
   * that reads nothing was removed.
   */
  refs: string[];
  /** Where the next read starts. */
  cursor: string;
  /**
   * The feed cannot say what changed since the cursor (none given, an expired or unknown one, or more changes
   * than one page holds): the consumer reads the whole catalog once, then goes on from `cursor`, which was
   * taken before that read so that nothing written during it is missed.
   */
  reset: boolean;
}

/** The catalog's change feed. */
export interface CatalogChangeFeed {
  read(cursor?: string): Promise<CatalogChangePage>;
}

/** Reads the feed over HTTP with the calling plugin's own service credentials (the route refuses users). */
export class CatalogChangeFeedClient implements CatalogChangeFeed {
  private readonly deps: ServiceCallDeps;

  constructor(
    auth: ServiceCallDeps['auth'],
    discovery: ServiceCallDeps['discovery'],
  ) {
    this.deps = { auth, discovery };
  }

  async read(cursor?: string): Promise<CatalogChangePage> {
    const query = cursor ? `?${new URLSearchParams({ cursor })}` : '';
    const response = await callPluginAsService(
      this.deps,
      'catalog',
      `${CHANGE_FEED_PATH}${query}`,
      { signal: AbortSignal.timeout(30_000) },
    );
    return (await response.json()) as CatalogChangePage;
  }
}

/**
 * The catalog's change feed, for any backend plugin (the gateway's cache invalidation and the timeline use it).
 * It needs `@atrium/plugin-catalog-backend-module-change-feed` installed in the catalog.
 */
export const catalogChangeFeedServiceRef =
  createPluginCallsServiceRef<CatalogChangeFeed>(
    'atrium.catalog.change-feed',
    CatalogChangeFeedClient,
  );
