// What one view of the catalog list costs in each app, for bench/catalog-list.ts: Atrium's one gateway request
// and the requests stock Backstage's catalog page makes for the same view.

/** How many items the first page has, in both apps. */
export const PAGE = 25;

export interface View {
  name: string;
  filter: {
    kind: string;
    type?: string[];
    lifecycle?: string[];
    text?: string;
  };
}

/** The fields Atrium's catalog page shows per row, and every facet. */
export const QUERY = `query CatalogList($filter: CatalogFilter, $first: Int) {
  catalog(filter: $filter, first: $first) {
    totalCount nextCursor prevCursor
    items { starred entity { id ref kind name title description type lifecycle tags
      owner { id ref title profile { displayName } } } }
    facets { kind { value count } type { value count } owner { value count }
      lifecycle { value count } tags { value count } mine starred }
  }
}`;

export async function atriumView(
  baseUrl: string,
  token: string,
  view: View,
  nonce?: string,
): Promise<number> {
  const res = await fetch(`${baseUrl}/api/graphql`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      authorization: `Bearer ${token}`,
    },
    body: JSON.stringify({
      query: nonce ? `${QUERY}\n# ${nonce}` : QUERY,
      variables: { filter: view.filter, first: PAGE },
    }),
  });
  const body = (await res.json()) as any;
  if (!res.ok || body.errors)
    throw new Error(`Atrium ${res.status}: ${JSON.stringify(body.errors)}`);
  return body.data.catalog.items.length;
}

/**
 * What stock's CatalogIndexPage (plugin-catalog-react 1.55, paginated) requests when it loads a view: the
 * page of entities, the facets of its kind, type, owner, lifecycle, tag and namespace pickers, and the
 * "All" and "Owned" counts of its user list picker (the guest has starred nothing, so no starred count).
 */
export async function stockView(
  baseUrl: string,
  token: string,
  view: View,
  ownershipRefs: string[],
): Promise<number> {
  const { kind, type, lifecycle, text } = view.filter;
  const filter = [
    `kind=${kind.toLowerCase()}`,
    ...(type ?? []).map(t => `spec.type=${t}`),
    ...(lifecycle ?? []).map(l => `spec.lifecycle=${l}`),
  ].join(',');
  const kindOnly = `kind=${kind.toLowerCase()}`;
  const get = async (path: string, params: Array<[string, string]>) => {
    const res = await fetch(
      `${baseUrl}/api/catalog${path}?${new URLSearchParams(params)}`,
      { headers: { authorization: `Bearer ${token}` } },
    );
    if (!res.ok) throw new Error(`stock ${path}: ${res.status}`);
    return res.json() as Promise<any>;
  };
  const textParams: Array<[string, string]> = text
    ? [['fullTextFilterTerm', text]]
    : [];
  const [page] = await Promise.all([
    get('/entities/by-query', [
      ['filter', filter],
      ['orderField', 'metadata.name,asc'],
      ['limit', String(PAGE)],
      ['totalItems', 'exclude'],
      ...textParams,
    ]),
    get('/entity-facets', [['facet', 'kind']]),
    get('/entity-facets', [
      ['facet', 'spec.type'],
      ['filter', kindOnly],
    ]),
    get('/entity-facets', [['facet', 'relations.ownedBy']]),
    get('/entity-facets', [
      ['facet', 'spec.lifecycle'],
      ['filter', filter],
    ]),
    get('/entity-facets', [
      ['facet', 'metadata.tags'],
      ['filter', filter],
    ]),
    get('/entity-facets', [
      ['facet', 'metadata.namespace'],
      ['filter', filter],
    ]),
    get('/entities/by-query', [
      ['filter', filter],
      ['limit', '0'],
      ...textParams,
    ]),
    get('/entities/by-query', [
      [
        'filter',
        [filter, ...ownershipRefs.map(r => `relations.ownedBy=${r}`)].join(','),
      ],
      ['limit', '0'],
      ...textParams,
    ]),
  ]);
  return page.items.length;
}
