/**
 * Atrium's GraphQL gateway, shared by frontend and backend: what the catalog list (`/catalog`) is made of on
 * both sides of the gateway. The gateway's `Query.catalog` (graphql-backend) filters, counts, sorts and pages by
 * these; the app (graphql-react's URL state, and graphql's fallback from the catalog's REST API when the gateway
 * does not answer) asks and reads by the same, so the two give the same list.
 *
 * One file with no imports, on purpose: the benchmarks load graphql-react's catalogList.ts, and so this file,
 * with plain Node (type stripping), which does not resolve a relative import without its extension.
 *
 * @packageDocumentation
 */

/**
 * The facets that count values, and the entity field each reads: in the catalog's filters, its facet counts
 * (`getEntityFacets`) and its search index.
 */
export const CATALOG_VALUE_FACETS = {
  kind: 'kind',
  type: 'spec.type',
  owner: 'relations.ownedBy',
  lifecycle: 'spec.lifecycle',
  tags: 'metadata.tags',
} as const;
export type CatalogValueFacet = keyof typeof CATALOG_VALUE_FACETS;

/** Every facet of the list: those that count values, and the two that count entities (`mine`, `starred`). */
export type CatalogFacet = CatalogValueFacet | 'mine' | 'starred';

/**
 * The columns the list sorts by, as the URL names them (`sort=`; the gateway's `CatalogSortField` is the same
 * in upper case), and the entity field each orders by, as the catalog's search index holds it (lower case).
 */
export const CATALOG_SORT_FIELDS = {
  name: 'metadata.name',
  title: 'metadata.title',
  type: 'spec.type',
  owner: 'relations.ownedBy',
  lifecycle: 'spec.lifecycle',
} as const;
export type CatalogSortKey = keyof typeof CATALOG_SORT_FIELDS;

/** Whether `value` is one of the list's sort keys. */
export function isCatalogSortKey(value: string): value is CatalogSortKey {
  return Object.prototype.hasOwnProperty.call(CATALOG_SORT_FIELDS, value);
}

/** The entity fields the text search looks in. */
export const CATALOG_TEXT_FIELDS: readonly string[] = Object.freeze([
  'metadata.name',
  'metadata.title',
  'metadata.description',
  'metadata.tags',
]);

/** Rows per page: the app's page, and the gateway's `first` when a query does not say. */
export const CATALOG_PAGE_SIZE = 25;

/**
 * The longest text search: the catalog keeps no search value longer than 200 characters, so no longer term can
 * match (the gateway refuses one, the app's URL cuts it).
 */
export const CATALOG_MAX_TEXT = 200;

/** At most this many values per multi-valued filter (the gateway refuses more, the app's URL keeps the first). */
export const CATALOG_MAX_VALUES = 50;

/** One facet value and how many entities have it. */
export interface FacetCount {
  value: string;
  count: number;
}

/** The order a facet's values are listed in: the most entities first, then by value. */
export function byFacetCount(a: FacetCount, b: FacetCount): number {
  return b.count - a.count || a.value.localeCompare(b.value, 'en-US');
}
