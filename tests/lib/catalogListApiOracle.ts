/**
 * The catalog list API's oracle (tests/lib/catalogListApiSuite.ts): the list's semantics written out plainly,
 * applied to the entities the catalog's REST API returns to the same user.
 */
import type { CatalogListVariables } from '../../plugins/graphql-react/src/catalogList.ts';

export interface CatalogEntity {
  kind: string;
  metadata: {
    name: string;
    namespace?: string;
    title?: string;
    description?: string;
    tags?: string[];
  };
  spec?: { type?: string; lifecycle?: string };
  relations?: Array<{ type: string; targetRef: string }>;
}

/** The gateway's CatalogFilter as the app sends it, where the API also takes no kind at all. */
export type Filter = Partial<CatalogListVariables['filter']>;

export const LIST = `query List($filter: CatalogFilter, $sort: CatalogSort, $first: Int, $after: String) {
  catalog(filter: $filter, sort: $sort, first: $first, after: $after) {
    totalCount nextCursor prevCursor
    items { starred entity { ref name title type lifecycle tags owner { ref } } }
    facets { kind { value count } type { value count } owner { value count }
      lifecycle { value count } tags { value count } mine starred }
  }
}`;

export const refOf = (e: CatalogEntity) =>
  `${e.kind}:${e.metadata.namespace ?? 'default'}/${
    e.metadata.name
  }`.toLowerCase();
export const ownerOf = (e: CatalogEntity) =>
  e.relations?.find(r => r.type === 'ownedBy')?.targetRef;
export const lower = (s: string) => s.toLowerCase();

/** The catalog list's semantics, written out plainly: what each part of a filter keeps. */
export function matches(
  e: CatalogEntity,
  filter: Filter,
  caller: { ownershipRefs: string[]; starred: string[] },
  except?: keyof Filter,
): boolean {
  const has = (key: keyof Filter) =>
    key !== except && filter[key] !== undefined;
  const inList = (value: string | undefined, list: string[] = []) =>
    value !== undefined && list.map(lower).includes(lower(value));
  if (except !== 'kind' && lower(e.kind) !== lower(filter.kind ?? 'component'))
    return false;
  if (has('type') && !inList(e.spec?.type, filter.type)) return false;
  if (has('owner') && !inList(ownerOf(e), filter.owner)) return false;
  if (has('mine') && filter.mine && !inList(ownerOf(e), caller.ownershipRefs))
    return false;
  if (has('lifecycle') && !inList(e.spec?.lifecycle, filter.lifecycle))
    return false;
  if (has('tags') && !(e.metadata.tags ?? []).some(t => inList(t, filter.tags)))
    return false;
  if (has('starred') && filter.starred && !caller.starred.includes(refOf(e)))
    return false;
  if (has('text') && filter.text) {
    const term = lower(filter.text);
    const { name, title, description, tags = [] } = e.metadata;
    if (
      ![name, title, description, ...tags].some(
        v => v !== undefined && v.length <= 200 && lower(v).includes(term),
      )
    )
      return false;
  }
  return true;
}

/** Facet counts by value (the catalog groups by the value as written). */
export function countBy(
  values: Array<string | undefined>,
): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const v of values) if (v !== undefined) counts[v] = (counts[v] ?? 0) + 1;
  return counts;
}
export const asCounts = (facet: Array<{ value: string; count: number }>) =>
  Object.fromEntries(facet.map(f => [f.value, f.count]));
