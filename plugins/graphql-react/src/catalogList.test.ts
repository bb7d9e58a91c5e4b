import { createElement as h } from 'react';
import { renderToString } from 'react-dom/server';
import {
  catalogListVariables,
  catalogPath,
  catalogSearch,
  DEFAULT_CATALOG_STATE,
  parseCatalogSearch,
  type CatalogListData,
} from './catalogList';
import { createAtriumCache } from './client';
import { CATALOG_LIST_QUERY } from './queries';
import { matchSsrPage } from './refs';
import { CatalogList } from './views/CatalogList';
import { gatewayEntity } from './testing';

const PAYLOAD = '</script><script>alert(1)</script><b>bold</b>';

const facet = (value: string, count: number) => ({
  __typename: 'FacetCount',
  value,
  count,
});

const entity = (name: string, extra: object = {}) => ({
  ...gatewayEntity('Component', name),
  type: 'service',
  lifecycle: 'production',
  tags: [],
  owner: gatewayEntity('Group', 'team-a', {
    profile: { __typename: 'Profile', displayName: 'Team A' },
  }),
  ...extra,
});

const DATA = {
  catalog: {
    __typename: 'CatalogList',
    totalCount: 2,
    nextCursor: 'n1',
    prevCursor: null,
    items: [
      {
        __typename: 'CatalogItem',
        starred: true,
        entity: entity('probe', {
          title: PAYLOAD,
          description: PAYLOAD,
          tags: ['x<y'],
        }),
      },
      { __typename: 'CatalogItem', starred: false, entity: entity('plain') },
    ],
    facets: {
      __typename: 'CatalogFacets',
      kind: [facet('Component', 2), facet('API', 4)],
      type: [facet('service', 2), facet('website', 1)],
      owner: [facet('group:default/team-a', 2)],
      lifecycle: [facet('production', 2)],
      tags: [facet('x<y', 1)],
      mine: 1,
      starred: 1,
    },
  },
} as unknown as CatalogListData;

describe('the catalog list', () => {
  it('reads its state from the URL, defaults for what is missing or wrong', () => {
    expect(parseCatalogSearch('')).toEqual(DEFAULT_CATALOG_STATE);
    expect(
      parseCatalogSearch(
        '?kind=API&type=website&type=service&type=service&owner=group:default/x&mine=1&lifecycle=production' +
          '&tags=java&starred=true&q=%20pay%20&sort=owner&order=desc&after=abc',
      ),
    ).toEqual({
      kind: 'api',
      type: ['service', 'website'],
      owner: ['group:default/x'],
      mine: true,
      lifecycle: ['production'],
      tags: ['java'],
      starred: true,
      q: 'pay',
      sort: 'owner',
      order: 'desc',
      after: 'abc',
    });
    expect(
      parseCatalogSearch('kind=a%20b&sort=drop+table&order=sideways&mine=yes'),
    ).toEqual(DEFAULT_CATALOG_STATE);
  });

  it('writes the same URL for the same view, and the default view as /catalog', () => {
    expect(catalogPath(DEFAULT_CATALOG_STATE)).toBe('/catalog');
    const a = parseCatalogSearch('tags=b&tags=a&kind=api&mine=1');
    const b = parseCatalogSearch('mine=1&kind=API&tags=a&tags=b');
    expect(catalogSearch(a)).toBe('kind=api&mine=1&tags=a&tags=b');
    expect(catalogSearch(b)).toBe(catalogSearch(a));
    expect(parseCatalogSearch(catalogSearch(a))).toEqual(a);
    expect(catalogListVariables(a)).toEqual(catalogListVariables(b));
  });

  it('asks the gateway for only what is set', () => {
    expect(catalogListVariables(DEFAULT_CATALOG_STATE)).toEqual({
      filter: { kind: 'component' },
      sort: { field: 'NAME', order: 'ASC' },
      first: 25,
    });
    expect(
      catalogListVariables(parseCatalogSearch('starred=1&q=x&after=c')),
    ).toEqual({
      filter: { kind: 'component', starred: true, text: 'x' },
      sort: { field: 'NAME', order: 'ASC' },
      first: 25,
      after: 'c',
    });
  });

  it('is a server-rendered page at /catalog only', () => {
    expect(matchSsrPage('/catalog')).toEqual({ page: 'catalog' });
    expect(matchSsrPage('/catalog/')).toEqual({ page: 'catalog' });
    expect(matchSsrPage('/catalogue')).toBeUndefined();
    expect(matchSsrPage('/catalog/default/component/x')?.page).toBe('entity');
  });

  it('renders entity text as text, with rows linking to entity pages and filters with their counts', () => {
    const state = parseCatalogSearch('type=service&sort=name&order=desc');
    const html = renderToString(
      h(CatalogList, { data: DATA, state, title: 'Acme Catalog' }),
    );
    expect(html).not.toContain('<script>alert');
    expect(html).not.toContain('<b>bold');
    expect(html).toContain('&lt;/script&gt;&lt;script&gt;alert(1)');
    expect(html).toContain('<h1>Acme Catalog</h1>');
    expect(html).toContain('2 components');
    expect(html).toContain('href="/catalog/default/component/probe"');
    // The type filter is checked, with its count; the one not chosen is offered with its own.
    expect(html).toMatch(
      /data-facet="type" data-value="service"><input type="checkbox" disabled="" checked=""/,
    );
    expect(html).toMatch(
      /data-value="website"><input type="checkbox" disabled=""\/><span class="atr-opt-label">website<\/span><span class="atr-count">1<\/span>/,
    );
    expect(html).toContain('<option value="api">API (4)</option>');
    // Sorted by name descending: the header says so, and its link turns the order around.
    expect(html).toMatch(/aria-sort="descending" data-column="name"/);
    expect(html).toContain(
      'href="/catalog?type=service" aria-label="Sort by Name"',
    );
    // The next page keeps the view; there is no previous page.
    expect(html).toContain(
      'href="/catalog?type=service&amp;order=desc&amp;after=n1" rel="next"',
    );
    expect(html).toMatch(/rel="prev" aria-disabled="true"/);
    // The starred row says so; without a handler (on the server) its button is inert.
    expect(html).toMatch(
      /aria-pressed="true" aria-label="Remove &lt;\/script&gt;[^"]* from favorites"[^>]* disabled=""/,
    );
    expect(html).toContain('aria-label="Add plain to favorites"');
  });

  it('keeps one cache entry per view, read back as the server wrote it', () => {
    const cache = createAtriumCache();
    const variables = catalogListVariables(
      parseCatalogSearch('kind=component'),
    );
    cache.writeQuery({ query: CATALOG_LIST_QUERY, variables, data: DATA });
    const restored = createAtriumCache();
    restored.restore(JSON.parse(JSON.stringify(cache.extract())));
    expect(
      restored.readQuery({
        query: CATALOG_LIST_QUERY,
        variables: catalogListVariables(parseCatalogSearch('')),
      }),
    ).toEqual(DATA);
    expect(
      restored.readQuery({
        query: CATALOG_LIST_QUERY,
        variables: catalogListVariables(parseCatalogSearch('type=service')),
      }),
    ).toBeNull();
  });
});
