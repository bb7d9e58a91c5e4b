/**
 * Atrium's catalog list (`/catalog`): its state as the URL holds it, the gateway variables for that state, and
 * the data the view shows. The same functions run in the browser and on the server, so the server's query and
 * the app's are the same Apollo cache entry.
 */
import {
  CATALOG_MAX_TEXT,
  CATALOG_MAX_VALUES,
  CATALOG_PAGE_SIZE,
  isCatalogSortKey,
  type CatalogSortKey,
  type FacetCount,
} from '@atrium/plugin-graphql-common';
import type { EntityBrief } from './queries';

/** The longest cursor the URL may carry; a longer one is dropped. */
const MAX_CURSOR = 4096;

/** Everything a catalog list view is: what the URL says. */
export interface CatalogListState {
  /** Entity kind, lower case. */
  kind: string;
  type: string[];
  /** Owner entity refs. */
  owner: string[];
  mine: boolean;
  lifecycle: string[];
  tags: string[];
  starred: boolean;
  /** Text search. */
  q: string;
  sort: CatalogSortKey;
  order: 'asc' | 'desc';
  /** The page's cursor (the gateway's `nextCursor` or `prevCursor` of the page before). */
  after?: string;
}

export const DEFAULT_CATALOG_STATE: CatalogListState = Object.freeze({
  kind: 'component',
  type: [],
  owner: [],
  mine: false,
  lifecycle: [],
  tags: [],
  starred: false,
  q: '',
  sort: 'name',
  order: 'asc',
}) as CatalogListState;

function values(params: URLSearchParams, key: string): string[] {
  const seen = new Set<string>();
  for (const raw of params.getAll(key)) {
    const value = raw.trim();
    if (value && value.length <= CATALOG_MAX_TEXT) seen.add(value);
    if (seen.size >= CATALOG_MAX_VALUES) break;
  }
  return [...seen].sort();
}

function flag(params: URLSearchParams, key: string): boolean {
  const value = params.get(key);
  return value === '1' || value === 'true';
}

/**
 * The state a URL's query string holds (`?kind=component&type=service&owner=group:default/x&mine=1&
 * lifecycle=production&tags=java&starred=1&q=text&sort=name&order=asc&after=<cursor>`); what it leaves out or
 * gets wrong is the default. Multi-valued filters repeat their key; values are kept sorted, so the same
 * filter is always the same query.
 */
export function parseCatalogSearch(
  search: string | URLSearchParams,
): CatalogListState {
  const params =
    typeof search === 'string' ? new URLSearchParams(search) : search;
  const kind = (params.get('kind') ?? '').trim().toLocaleLowerCase('en-US');
  const sort = (params.get('sort') ?? '').toLocaleLowerCase('en-US');
  const after = params.get('after') ?? '';
  return {
    kind:
      kind && kind.length <= 100 && /^[a-z0-9._-]+$/.test(kind)
        ? kind
        : DEFAULT_CATALOG_STATE.kind,
    type: values(params, 'type'),
    owner: values(params, 'owner'),
    mine: flag(params, 'mine'),
    lifecycle: values(params, 'lifecycle'),
    tags: values(params, 'tags'),
    starred: flag(params, 'starred'),
    q: (params.get('q') ?? '').trim().slice(0, CATALOG_MAX_TEXT),
    sort: isCatalogSortKey(sort) ? sort : DEFAULT_CATALOG_STATE.sort,
    order:
      params.get('order')?.toLocaleLowerCase('en-US') === 'desc'
        ? 'desc'
        : 'asc',
    ...(after && after.length <= MAX_CURSOR ? { after } : {}),
  };
}

/** The query string of a state (without `?`), defaults left out, in a fixed order; '' for the default view. */
export function catalogSearch(state: CatalogListState): string {
  const params = new URLSearchParams();
  if (state.kind !== DEFAULT_CATALOG_STATE.kind) params.set('kind', state.kind);
  for (const key of ['type', 'owner'] as const) {
    for (const v of [...state[key]].sort()) params.append(key, v);
  }
  if (state.mine) params.set('mine', '1');
  for (const key of ['lifecycle', 'tags'] as const) {
    for (const v of [...state[key]].sort()) params.append(key, v);
  }
  if (state.starred) params.set('starred', '1');
  if (state.q) params.set('q', state.q);
  if (state.sort !== DEFAULT_CATALOG_STATE.sort) params.set('sort', state.sort);
  if (state.order !== DEFAULT_CATALOG_STATE.order) {
    params.set('order', state.order);
  }
  if (state.after) params.set('after', state.after);
  return params.toString();
}

/** The list's path for a state: `/catalog` or `/catalog?…`. */
export function catalogPath(state: CatalogListState): string {
  const search = catalogSearch(state);
  return search ? `/catalog?${search}` : '/catalog';
}

export interface CatalogListVariables {
  filter: {
    kind: string;
    type?: string[];
    owner?: string[];
    mine?: boolean;
    lifecycle?: string[];
    tags?: string[];
    starred?: boolean;
    text?: string;
  };
  sort: { field: string; order: 'ASC' | 'DESC' };
  first: number;
  after?: string;
}

/**
 * The gateway variables for a state: only what is set, so the same view is always the same cache entry on the
 * server and in the browser.
 */
export function catalogListVariables(
  state: CatalogListState,
): CatalogListVariables {
  const filter: CatalogListVariables['filter'] = { kind: state.kind };
  if (state.type.length) filter.type = state.type;
  if (state.owner.length) filter.owner = state.owner;
  if (state.mine) filter.mine = true;
  if (state.lifecycle.length) filter.lifecycle = state.lifecycle;
  if (state.tags.length) filter.tags = state.tags;
  if (state.starred) filter.starred = true;
  if (state.q) filter.text = state.q;
  return {
    filter,
    sort: {
      field: state.sort.toLocaleUpperCase('en-US'),
      order: state.order === 'desc' ? 'DESC' : 'ASC',
    },
    first: CATALOG_PAGE_SIZE,
    ...(state.after ? { after: state.after } : {}),
  };
}

export interface CatalogListItem {
  starred: boolean;
  /** An entity's brief (as lists show it) with what the list's columns add. */
  entity: EntityBrief & {
    type?: string | null;
    lifecycle?: string | null;
    tags: string[];
    owner?: EntityBrief | null;
  };
}

/** What the gateway's `catalog` answers (and what the plain app builds from the catalog's REST API). */
export interface CatalogListData {
  catalog: {
    totalCount: number;
    nextCursor?: string | null;
    prevCursor?: string | null;
    items: CatalogListItem[];
    facets: {
      kind: FacetCount[];
      type: FacetCount[];
      owner: FacetCount[];
      lifecycle: FacetCount[];
      tags: FacetCount[];
      mine: number;
      starred: number;
    };
  };
}
