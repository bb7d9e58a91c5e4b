import type { Entity } from '@backstage/catalog-model';
import { CatalogClient } from '@backstage/catalog-client';
import {
  ApiBlueprint,
  createFrontendModule,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/frontend-plugin-api';
import {
  catalogApiRef,
  type CatalogApi,
} from '@backstage/plugin-catalog-react';
import { entityId } from '@atrium/plugin-graphql-react';

/** How long a prefetched entity may wait for the page that asked for it. */
const PREFETCH_TTL_MS = 60_000;

type EntityRefLike = Parameters<CatalogApi['getEntityByRef']>[0];

function keyOf(ref: EntityRefLike): string {
  return entityId(
    typeof ref === 'string'
      ? ref
      : `${ref.kind}:${ref.namespace ?? 'default'}/${ref.name}`,
  );
}

let prefetching: PrefetchingCatalog | undefined;

/**
 * Backstage's catalog client, with one addition: an entity read ahead of time (a link to its page was pointed
 * at) is handed to the next `getEntityByRef` for it, once, within a minute. So the entity page, which reads
 * its entity before it shows anything, opens without waiting for the catalog. Every other call, and a second
 * read of the same entity, goes to the catalog as before.
 */
class PrefetchingCatalog {
  readonly #ahead = new Map<
    string,
    { at: number; entity: Promise<Entity | undefined> }
  >();

  constructor(readonly client: CatalogApi) {}

  prefetch(ref: string): void {
    const key = keyOf(ref);
    const entry = this.#ahead.get(key);
    if (entry && Date.now() - entry.at < PREFETCH_TTL_MS) {
      return;
    }
    const entity = this.client.getEntityByRef(ref).catch(() => {
      this.#ahead.delete(key);
      return undefined;
    });
    this.#ahead.set(key, { at: Date.now(), entity });
  }

  take(ref: EntityRefLike): Promise<Entity | undefined> | undefined {
    const key = keyOf(ref);
    const entry = this.#ahead.get(key);
    this.#ahead.delete(key);
    return entry && Date.now() - entry.at < PREFETCH_TTL_MS
      ? entry.entity
      : undefined;
  }

  /** The catalog API the app uses: the client, with `getEntityByRef` taking prefetched entities first. */
  api(): CatalogApi {
    const { client } = this;
    return new Proxy(client, {
      get: (target, property, receiver) => {
        if (property === 'getEntityByRef') {
          return (ref: EntityRefLike, options?: any) =>
            this.take(ref) ?? target.getEntityByRef(ref, options);
        }
        const value = Reflect.get(target, property, receiver);
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
  }
}

/** Reads an entity for its page ahead of time (no-op until the app's catalog API exists). */
export function prefetchCatalogEntity(ref: string): void {
  prefetching?.prefetch(ref);
}

/** `api:catalog`, replaced: Backstage's catalog client with prefetching. */
export const catalogPrefetchModule = createFrontendModule({
  pluginId: 'catalog',
  extensions: [
    ApiBlueprint.make({
      params: defineParams =>
        defineParams({
          api: catalogApiRef,
          deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
          factory: ({ discoveryApi, fetchApi }) => {
            prefetching = new PrefetchingCatalog(
              new CatalogClient({ discoveryApi, fetchApi }),
            );
            return prefetching.api();
          },
        }),
    }),
  ],
});
