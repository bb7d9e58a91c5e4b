import type { BackstageCredentials } from '@backstage/backend-plugin-api';
import type { Entity } from '@backstage/catalog-model';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import {
  CATALOG_SORT_FIELDS,
  type CatalogSortKey,
} from '@atrium/plugin-graphql-common';
import type { PagePosition } from './cursor';
import type { Predicate } from './filter';

/** The schema's `CatalogSortField`: the list's sort keys in upper case. */
export type SortField = Uppercase<CatalogSortKey>;
export type SortOrder = 'ASC' | 'DESC';

/** The entity field a sort orders by, as the catalog's search index holds it (lower case). */
const sortField = (field: SortField): string =>
  CATALOG_SORT_FIELDS[field.toLocaleLowerCase('en-US') as CatalogSortKey];

export interface Page {
  items: Entity[];
  next?: PagePosition;
  prev?: PagePosition;
}

type Order = 'asc' | 'desc';
const flip = (order: Order): Order => (order === 'asc' ? 'desc' : 'asc');

/**
 * A page of the list through the catalog's own cursor paging (`queryEntities`, keyset on the sort value and the
 * entity id, so pages neither repeat nor skip an entity when others are added or removed meanwhile).
 *
 * The catalog orders by one field and leaves out the entities that do not have it (most have no title, users
 * and groups no lifecycle), so a sort other than by name is two phases: `a`, the entities with the field, in
 * its order; then `b`, those without it, by name (as the catalog documents: missing values last). A page stays
 * within one phase, so the one where a phase ends may be short. Going back from the start of `b` reads the end
 * of `a` by the reversed order (the catalog has no "last page" request), whose cursors then walk `a` with
 * next and previous swapped (`inv`). Whether the other phase has entities is the total (from the facets) less
 * this phase's count (the catalog's `totalItems`, carried in its cursor after the first request).
 */
export async function fetchPage(options: {
  catalog: CatalogService;
  credentials: BackstageCredentials;
  predicate: Predicate;
  sort: { field: SortField; order: SortOrder };
  position: PagePosition;
  limit: number;
  /** How many entities match the whole filter. */
  total: () => Promise<number>;
}): Promise<Page> {
  const { catalog, credentials, predicate, sort, limit } = options;
  const field = sortField(sort.field);
  const order: Order = sort.order === 'DESC' ? 'desc' : 'asc';
  const twoPhase = sort.field !== 'NAME';

  /** The first request of a phase: `a` in the sort's order (reversed to read it from its end), `b` by name. */
  const initial = (p: 'a' | 'b', inv?: true) => {
    if (p === 'b') {
      const without = { $not: { [field]: { $exists: true } } };
      return {
        query: { $all: [predicate, without] } as Predicate,
        orderFields: { field: sortField('NAME'), order: 'asc' as Order },
      };
    }
    return {
      query: predicate,
      orderFields: { field, order: inv ? flip(order) : order },
    };
  };

  const read = async (position: PagePosition) => {
    const { p, c, inv } = position;
    const response = await catalog.queryEntities(
      c
        ? { cursor: c, limit }
        : {
            ...initial(p, inv),
            limit,
            totalItems: twoPhase ? 'include' : 'exclude',
          },
      { credentials },
    );
    const { nextCursor, prevCursor } = response.pageInfo;
    const forward = inv ? prevCursor : nextCursor;
    const backward = inv ? nextCursor : prevCursor;
    const others = twoPhase
      ? async () => (await options.total()) - response.totalItems
      : async () => 0;
    let next: PagePosition | undefined;
    if (forward) next = { p, c: forward, ...(inv ? { inv } : {}) };
    else if (p === 'a' && (await others()) > 0) next = { p: 'b' };
    let prev: PagePosition | undefined;
    if (backward) prev = { p, c: backward, ...(inv ? { inv } : {}) };
    else if (p === 'b' && (await others()) > 0) prev = { p: 'a', inv: true };
    return {
      items: inv ? [...response.items].reverse() : response.items,
      next,
      prev,
    };
  };

  const page = await read(options.position);
  // The first page when no entity has the sort field: it starts with those that do not.
  if (
    page.items.length === 0 &&
    options.position.p === 'a' &&
    !options.position.c &&
    !options.position.inv &&
    page.next?.p === 'b'
  ) {
    const rest = await read(page.next);
    return { ...rest, prev: undefined };
  }
  return page;
}
