import {
  parseEntityRef,
  stringifyEntityRef,
  type Entity,
} from '@backstage/catalog-model';
import type {
  CatalogApi,
  EntityFilterQuery,
  QueryEntitiesRequest,
} from '@backstage/catalog-client';
import {
  byFacetCount,
  CATALOG_PAGE_SIZE,
  CATALOG_SORT_FIELDS,
  CATALOG_TEXT_FIELDS,
  CATALOG_VALUE_FACETS as FIELDS,
  type CatalogFacet,
  type CatalogValueFacet,
  type FacetCount,
} from '@atrium/plugin-graphql-common';
import type {
  CatalogListData,
  CatalogListItem,
  CatalogListState,
} from '@atrium/plugin-graphql-react';

/**
 * The catalog list read from the catalog's REST API, for when the gateway does not answer (the "plain app"):
 * the same data the gateway's `catalog` gives, built from `queryEntities` (the page, sorted, with the text
 * search) and `getEntityFacets` (the counts), with the caller's credentials, so the catalog's permissions
 * apply as for every other read. Two limits of the REST API: facet counts do not take the text search into
 * account (`getEntityFacets` has no full-text filter), and owners show by their ref's name.
 */

/** Cursors of this source are told apart from the gateway's, which they never reach. */
const REST_CURSOR = 'rest:';

/** A value no entity has: a filter that must match nothing (an empty intersection). */
const NOTHING = '\u0000atrium-none';

export interface RestCatalogContext {
  catalogApi: CatalogApi;
  /** The caller's ownership refs (the user and their groups). */
  ownershipRefs: string[];
  /** The refs the caller has starred. */
  starred: ReadonlySet<string>;
}

const lower = (v: string) => v.toLocaleLowerCase('en-US');

/** The filter of a state, leaving out one facet's own condition (so its alternatives are counted). */
export function restFilter(
  state: CatalogListState,
  context: Pick<RestCatalogContext, 'ownershipRefs' | 'starred'>,
  omit?: CatalogFacet,
): EntityFilterQuery {
  const base: Record<string, string[]> = {};
  if (omit !== 'kind') base[FIELDS.kind] = [state.kind];
  for (const facet of ['type', 'lifecycle', 'tags'] as const) {
    if (omit !== facet && state[facet].length) {
      base[FIELDS[facet]] = state[facet];
    }
  }
  // Owner and mine both name owners: an entity must match both, so the condition is their intersection.
  let owners: string[] | undefined =
    omit !== 'owner' && state.owner.length ? state.owner.map(lower) : undefined;
  if (omit !== 'mine' && state.mine) {
    const mine = context.ownershipRefs.map(lower);
    owners = owners ? owners.filter(o => mine.includes(o)) : mine;
  }
  if (owners) base[FIELDS.owner] = owners.length ? owners : [NOTHING];
  if (omit === 'starred' || !state.starred) return base;
  // Starred: one alternative per starred entity (the catalog ORs a list of filters).
  const alternatives = [...context.starred].flatMap(ref => {
    try {
      const { kind, namespace, name } = parseEntityRef(ref);
      if (base.kind && lower(kind) !== lower(state.kind)) return [];
      return [
        {
          ...base,
          kind: [kind],
          'metadata.namespace': [namespace],
          'metadata.name': [name],
        },
      ];
    } catch {
      return [];
    }
  });
  return alternatives.length ? alternatives : { ...base, kind: [NOTHING] };
}

function toItem(entity: Entity, starred: ReadonlySet<string>): CatalogListItem {
  const ref = stringifyEntityRef(entity);
  const ownerRef = entity.relations?.find(r => r.type === 'ownedBy')?.targetRef;
  const owner = ownerRef ? parseEntityRef(ownerRef) : undefined;
  const spec = (entity.spec ?? {}) as Record<string, unknown>;
  return {
    starred: starred.has(ref),
    entity: {
      id: lower(ref),
      ref,
      kind: entity.kind,
      namespace: entity.metadata.namespace ?? 'default',
      name: entity.metadata.name,
      title: entity.metadata.title ?? null,
      description: entity.metadata.description ?? null,
      type: typeof spec.type === 'string' ? spec.type : null,
      lifecycle: typeof spec.lifecycle === 'string' ? spec.lifecycle : null,
      tags: entity.metadata.tags ?? [],
      owner:
        owner && ownerRef
          ? {
              id: lower(ownerRef),
              ref: ownerRef,
              kind: owner.kind,
              namespace: owner.namespace,
              name: owner.name,
              title: null,
              description: null,
              profile: null,
            }
          : null,
    },
  };
}

/** Reads one view of the list (a page and all its counts) from the catalog's REST API. */
export async function readRestCatalogList(
  state: CatalogListState,
  context: RestCatalogContext,
): Promise<CatalogListData> {
  const { catalogApi } = context;
  const text = state.q
    ? { term: state.q, fields: [...CATALOG_TEXT_FIELDS] }
    : undefined;
  const firstPage: QueryEntitiesRequest = {
    filter: restFilter(state, context),
    orderFields: { field: CATALOG_SORT_FIELDS[state.sort], order: state.order },
    fullTextFilter: text,
    limit: CATALOG_PAGE_SIZE,
  };
  const cursor = state.after?.startsWith(REST_CURSOR)
    ? state.after.slice(REST_CURSOR.length)
    : undefined;
  const count = (omit: 'mine' | 'starred') =>
    catalogApi
      .queryEntities({
        filter: restFilter({ ...state, [omit]: true }, context),
        fullTextFilter: text,
        limit: 1,
        fields: ['kind', 'metadata.name'],
      })
      .then(r => r.totalItems);
  // Facets whose own condition is unset share the full filter: one request for them together.
  const groups = new Map<string, CatalogValueFacet[]>();
  for (const facet of Object.keys(FIELDS) as CatalogValueFacet[]) {
    const own = facet === 'kind' || state[facet].length > 0;
    const key = own ? facet : '';
    groups.set(key, [...(groups.get(key) ?? []), facet]);
  }
  const facetReads = [...groups.entries()].map(async ([key, facets]) => {
    const response = await catalogApi.getEntityFacets({
      filter: restFilter(
        state,
        context,
        key ? (key as CatalogFacet) : undefined,
      ),
      facets: facets.map(f => FIELDS[f]),
    });
    return facets.map(
      f =>
        [
          f,
          (response.facets[FIELDS[f]] ?? [])
            .map(({ value, count: n }) => ({ value, count: n }))
            .sort(byFacetCount),
        ] as const,
    );
  });
  const [page, mine, starred, facetLists] = await Promise.all([
    catalogApi
      .queryEntities(cursor ? { cursor, limit: CATALOG_PAGE_SIZE } : firstPage)
      .catch(error => {
        // A cursor from another time (or the gateway's): the first page instead.
        if (cursor) return catalogApi.queryEntities(firstPage);
        throw error;
      }),
    count('mine'),
    count('starred'),
    Promise.all(facetReads),
  ]);
  const facets = Object.fromEntries(facetLists.flat()) as Record<
    CatalogValueFacet,
    FacetCount[]
  >;
  return {
    catalog: {
      totalCount: page.totalItems,
      nextCursor: page.pageInfo.nextCursor
        ? REST_CURSOR + page.pageInfo.nextCursor
        : null,
      prevCursor: page.pageInfo.prevCursor
        ? REST_CURSOR + page.pageInfo.prevCursor
        : null,
      items: page.items.map(e => toItem(e, context.starred)),
      facets: { ...facets, mine, starred },
    },
  };
}
