import type { Entity } from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import type { GraphQLResolveInfo } from 'graphql';
import type {
  GatewayContext,
  GraphqlSchemaContribution,
} from '@atrium/plugin-graphql-node';
import { CATALOG_PAGE_SIZE } from '@atrium/plugin-graphql-common';
import { entityId } from '../core';
import { CursorCodec } from './cursor';
import { catalogFacets, type CatalogFacets } from './facets';
import {
  allBut,
  filterParts,
  minePredicate,
  normalizeFilter,
  refsPredicate,
  type CatalogFilterInput,
} from './filter';
import { fetchPage, type SortField, type SortOrder } from './pager';
import { selects } from './selection';
import { textPredicate } from './text';
import { catalogListTypeDefs } from './typeDefs';

/** What the gateway gives the list's resolvers beyond every contribution's context (Gateway.ts makes it). */
export interface CatalogListContext extends GatewayContext {
  catalogList: {
    /** The caller's starred refs, read once per request; the answer then depends on them. */
    starredRefs(): Promise<string[]>;
    /** The answer lists entities of this kind (`*`: of any kind): it is stale once one of them changes. */
    dependsOnKind(kind: string): void;
  };
}

export const MAX_FIRST = 100;

interface CatalogArgs {
  filter?: CatalogFilterInput | null;
  sort?: { field: SortField; order?: SortOrder | null } | null;
  first?: number | null;
  after?: string | null;
}

interface CatalogListResult {
  totalCount: number;
  items: Array<{ entity: Entity; starred: boolean }>;
  nextCursor: string | null;
  prevCursor: string | null;
  facets: Omit<CatalogFacets, 'total'>;
}

/**
 * `Query.catalog`: Atrium's catalog list, one gateway request per view. Everything is read from the catalog with
 * the caller's own credentials, so its permission conditions (OwnershipPolicy's owners-only entities) apply to
 * the items and to every count. A view costs, all at once: the page (`queryEntities`, one call; two where a
 * phase of a sort ends), the facets (see `catalogFacets`: 3 calls for the default view), the caller's starred
 * entities (one read of the user-settings backend), and for a text search one more `queryEntities` per 2,500
 * entities it matches; the items' owners and other entities the query asks for come through the request's
 * batched loader.
 *
 * Cached by the gateway's per-user response cache (graphql.responseCache.ttlSeconds, 300 s by default) like
 * any answer: it is dropped as soon as the change watcher sees any entity of the listed kind change, appear
 * or go away (any entity at all when the answer shows the kind facet), or when the caller's starred entities
 * are not those it was made with.
 */
export function catalogListSchema(deps: {
  catalog: CatalogService;
  cursors: CursorCodec;
}): GraphqlSchemaContribution {
  const { catalog, cursors } = deps;
  return {
    typeDefs: catalogListTypeDefs,
    // The cost rule counts the whole selection of a field that takes `first` that many times (the facets too),
    // and the items by that `first`. A facet is one list of scalar pairs made once per answer, whatever its
    // length: it costs as one.
    listSizes: {
      'CatalogFacets.kind': 1,
      'CatalogFacets.type': 1,
      'CatalogFacets.owner': 1,
      'CatalogFacets.lifecycle': 1,
      'CatalogFacets.tags': 1,
    },
    resolvers: {
      Query: {
        catalog: async (
          _: unknown,
          args: CatalogArgs,
          context: GatewayContext,
          info: GraphQLResolveInfo,
        ): Promise<CatalogListResult> => {
          const ctx = context as CatalogListContext;
          const first = args.first ?? CATALOG_PAGE_SIZE;
          if (!Number.isInteger(first) || first < 1 || first > MAX_FIRST) {
            throw new InputError(
              `first must be a whole number from 1 to ${MAX_FIRST}, got ${first}`,
            );
          }
          const filter = normalizeFilter(args.filter);
          const sort = {
            field: args.sort?.field ?? 'NAME',
            order: args.sort?.order ?? 'ASC',
          };
          const binding = CursorCodec.binding({
            user: ctx.credentials.principal.userEntityRef,
            filter,
            sort,
          });
          const position = args.after
            ? cursors.open(args.after, binding)
            : { p: 'a' as const };

          // Before anything is read, so that a change made while this answer is made drops it.
          ctx.catalogList.dependsOnKind(filter.kind);
          if (selects(info, ['facets', 'kind'])) {
            ctx.catalogList.dependsOnKind('*');
          }
          const { credentials } = ctx;
          // The starred entities are read while the catalog is asked; only a `starred` filter waits for them.
          const starredRead = ctx.catalogList.starredRefs();
          const [starredForFilter, text] = await Promise.all([
            filter.starred ? starredRead : [],
            filter.text
              ? textPredicate(catalog, credentials, filter.text)
              : undefined,
          ]);
          const parts = filterParts(filter, {
            ownershipRefs: ctx.ownershipEntityRefs,
            starredRefs: starredForFilter,
            textPredicate: text,
          });
          const facetsPromise = catalogFacets({
            catalog,
            credentials,
            parts,
            mine: ctx.ownershipEntityRefs.length
              ? minePredicate(ctx.ownershipEntityRefs)
              : undefined,
            starred: starredRead.then(refs =>
              refs.length ? refsPredicate(refs) : undefined,
            ),
          });
          const [facets, page, starredRefs] = await Promise.all([
            facetsPromise,
            fetchPage({
              catalog,
              credentials,
              predicate: allBut(parts),
              sort,
              position,
              limit: first,
              total: async () => (await facetsPromise).total,
            }),
            starredRead,
          ]);
          const starred = new Set(starredRefs);
          page.items.forEach(entity => ctx.cache.dependsOn(entity));
          const { total, ...counts } = facets;
          return {
            totalCount: total,
            items: page.items.map(entity => ({
              entity,
              starred: starred.has(entityId(entity)),
            })),
            nextCursor: page.next ? cursors.seal(page.next, binding) : null,
            prevCursor: page.prev ? cursors.seal(page.prev, binding) : null,
            facets: counts,
          };
        },
      },
    },
  };
}
