import type { BackstageCredentials } from '@backstage/backend-plugin-api';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import {
  byFacetCount,
  CATALOG_VALUE_FACETS,
  type CatalogValueFacet,
  type FacetCount,
} from '@atrium/plugin-graphql-common';
import { allBut, type FilterPart, type Predicate } from './filter';

export interface CatalogFacets extends Record<CatalogValueFacet, FacetCount[]> {
  mine: number;
  starred: number;
  /** The entities matching the whole filter (summed from the kind counts: each entity has one kind). */
  total: number;
}

const sum = (counts: FacetCount[] = []) =>
  counts.reduce((n, c) => n + c.count, 0);

/**
 * The disjunctive facet counts, from the catalog's `getEntityFacets` with the caller's credentials (so its
 * permission conditions apply: an owners-only entity the caller may not read is not counted).
 *
 * Each facet needs the filter without its own part. The facets whose part is not set share the whole filter,
 * so they are one call (with `kind` added, whose counts sum to the total); each facet whose part is set is a
 * call of its own. `mine` and `starred` are counts of the whole filter plus that condition: a call each (the
 * kind counts summed), none when their part is set (then they are the total) or when the caller owns or
 * starred nothing. So the default view (kind only) costs 3 calls (whole filter; without kind; mine), plus 1 when
 * the caller has starred something, plus 1 for each other facet that is set; all run at once.
 */
export async function catalogFacets(options: {
  catalog: CatalogService;
  credentials: BackstageCredentials;
  parts: ReadonlyMap<FilterPart, Predicate>;
  mine?: Predicate;
  /** The caller's starred entities (none: undefined), as they are read meanwhile. */
  starred: Promise<Predicate | undefined>;
}): Promise<CatalogFacets> {
  const { catalog, credentials, parts } = options;
  const calls = new Map<FilterPart | 'all', string[]>([['all', ['kind']]]);
  for (const facet of Object.keys(
    CATALOG_VALUE_FACETS,
  ) as CatalogValueFacet[]) {
    const call = parts.has(facet) ? facet : 'all';
    const fields = calls.get(call) ?? [];
    if (!fields.includes(CATALOG_VALUE_FACETS[facet]))
      fields.push(CATALOG_VALUE_FACETS[facet]);
    calls.set(call, fields);
  }
  const ask = (query: Predicate, facets: string[]) =>
    catalog
      .getEntityFacets({ query, facets }, { credentials })
      .then(r => r.facets);
  const countWith = async (
    part: 'mine' | 'starred',
    condition: Promise<Predicate | undefined>,
  ) => {
    if (parts.has(part)) return undefined;
    const extra = await condition;
    return extra
      ? ask(allBut(parts, undefined, extra), ['kind']).then(f => sum(f.kind))
      : 0;
  };
  const [answers, mine, starred] = await Promise.all([
    Promise.all(
      [...calls].map(
        async ([call, facets]) =>
          [
            call,
            await ask(allBut(parts, call === 'all' ? undefined : call), facets),
          ] as const,
      ),
    ),
    countWith('mine', Promise.resolve(options.mine)),
    countWith('starred', options.starred),
  ]);
  const results = new Map(answers);
  const total = sum(results.get('all')!.kind);
  const facets = {} as Record<CatalogValueFacet, FacetCount[]>;
  for (const facet of Object.keys(
    CATALOG_VALUE_FACETS,
  ) as CatalogValueFacet[]) {
    const answer = results.get(parts.has(facet) ? facet : 'all')!;
    facets[facet] = [...(answer[CATALOG_VALUE_FACETS[facet]] ?? [])].sort(
      byFacetCount,
    );
  }
  return { ...facets, mine: mine ?? total, starred: starred ?? total, total };
}
