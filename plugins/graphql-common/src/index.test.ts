import {
  byFacetCount,
  CATALOG_SORT_FIELDS,
  CATALOG_TEXT_FIELDS,
  CATALOG_VALUE_FACETS,
  isCatalogSortKey,
} from './index';

describe('the catalog list, as both sides of the gateway read it', () => {
  it('reads each facet from the entity field the catalog filters and counts by', () => {
    expect(CATALOG_VALUE_FACETS).toEqual({
      kind: 'kind',
      type: 'spec.type',
      owner: 'relations.ownedBy',
      lifecycle: 'spec.lifecycle',
      tags: 'metadata.tags',
    });
  });

  it('sorts owners by their full ref, the field the owner facet and filter read', () => {
    expect(CATALOG_SORT_FIELDS.owner).toBe(CATALOG_VALUE_FACETS.owner);
    expect(CATALOG_SORT_FIELDS.name).toBe('metadata.name');
    expect(CATALOG_TEXT_FIELDS).toContain(CATALOG_SORT_FIELDS.title);
  });

  it('knows its sort keys and no others', () => {
    expect(
      ['name', 'title', 'type', 'owner', 'lifecycle'].every(isCatalogSortKey),
    ).toBe(true);
    expect(isCatalogSortKey('NAME')).toBe(false);
    expect(isCatalogSortKey('toString')).toBe(false);
    expect(isCatalogSortKey('')).toBe(false);
  });

  it('lists the most counted values first, then by value', () => {
    const counts = [
      { value: 'b', count: 1 },
      { value: 'c', count: 3 },
      { value: 'a', count: 1 },
    ];
    expect([...counts].sort(byFacetCount).map(c => c.value)).toEqual([
      'c',
      'a',
      'b',
    ]);
  });
});
