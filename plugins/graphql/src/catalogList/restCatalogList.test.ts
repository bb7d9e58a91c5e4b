import { parseCatalogSearch } from '@atrium/plugin-graphql-react';
import type { CatalogApi } from '@backstage/catalog-client';
import { readRestCatalogList, restFilter } from './restCatalogList';

const context = {
  ownershipRefs: ['user:default/alice', 'group:default/team-a'],
  starred: new Set(['component:default/probe', 'api:default/spec']),
};

describe('the catalog list from the REST API', () => {
  it('filters as the gateway does: owner and mine intersect, starred is one alternative per star', () => {
    expect(
      restFilter(
        parseCatalogSearch('owner=group:default/Team-A&mine=1'),
        context,
      ),
    ).toEqual({
      kind: ['component'],
      'relations.ownedBy': ['group:default/team-a'],
    });
    // Nothing owned by both: the condition matches nothing rather than everything.
    const none = restFilter(
      parseCatalogSearch('owner=group:default/other&mine=1'),
      context,
    ) as Record<string, string[]>;
    expect(none['relations.ownedBy']).toHaveLength(1);
    expect(none['relations.ownedBy'][0]).not.toMatch(/other|team-a/);
    expect(
      restFilter(parseCatalogSearch('starred=1&type=service'), context),
    ).toEqual([
      {
        kind: ['component'],
        'spec.type': ['service'],
        'metadata.namespace': ['default'],
        'metadata.name': ['probe'],
      },
    ]);
    // A facet's own condition is left out of its counts.
    expect(
      restFilter(
        parseCatalogSearch('type=service&lifecycle=x'),
        context,
        'type',
      ),
    ).toEqual({ kind: ['component'], 'spec.lifecycle': ['x'] });
  });

  it('reads a page, its counts and its cursors, and starts over when a cursor is refused', async () => {
    const queries: unknown[] = [];
    const facets: unknown[] = [];
    const catalogApi = {
      queryEntities: async (request: any) => {
        queries.push(request);
        if (request.cursor === 'stale') throw new Error('bad cursor');
        return {
          items:
            request.limit === 1
              ? []
              : [
                  {
                    apiVersion: 'backstage.io/v1alpha1',
                    kind: 'Component',
                    metadata: { name: 'probe', tags: ['java'] },
                    spec: { type: 'service', lifecycle: 'production' },
                    relations: [
                      { type: 'ownedBy', targetRef: 'group:default/team-a' },
                    ],
                  },
                ],
          totalItems: request.limit === 1 ? 1 : 30,
          pageInfo: { nextCursor: 'c2' },
        };
      },
      getEntityFacets: async (request: any) => {
        facets.push(request);
        return {
          facets: Object.fromEntries(
            request.facets.map((f: string) => [
              f,
              [
                { value: `${f}-b`, count: 1 },
                { value: `${f}-a`, count: 5 },
              ],
            ]),
          ),
        };
      },
    } as unknown as CatalogApi;

    const data = await readRestCatalogList(
      parseCatalogSearch('type=service&q=pay&after=rest:stale&sort=owner'),
      { ...context, catalogApi },
    );
    expect(data.catalog.totalCount).toBe(30);
    expect(data.catalog.nextCursor).toBe('rest:c2');
    expect(data.catalog.prevCursor).toBeNull();
    expect(data.catalog.items).toEqual([
      {
        starred: true,
        entity: expect.objectContaining({
          id: 'component:default/probe',
          ref: 'component:default/probe',
          type: 'service',
          tags: ['java'],
          owner: expect.objectContaining({ name: 'team-a' }),
        }),
      },
    ]);
    expect(data.catalog.facets.type).toEqual([
      { value: 'spec.type-a', count: 5 },
      { value: 'spec.type-b', count: 1 },
    ]);
    expect(data.catalog.facets.mine).toBe(1);
    // The stale cursor was tried, then the first page asked for with the view's filter, sort and search (owners
    // by their full ref, as the gateway sorts them).
    expect(queries).toContainEqual({ cursor: 'stale', limit: 25 });
    expect(queries).toContainEqual(
      expect.objectContaining({
        filter: { kind: ['component'], 'spec.type': ['service'] },
        orderFields: { field: 'relations.ownedBy', order: 'asc' },
        fullTextFilter: expect.objectContaining({ term: 'pay' }),
        limit: 25,
      }),
    );
    // Kind and type each leave their own condition out; the others share one request.
    expect(facets).toHaveLength(3);
  });
});
