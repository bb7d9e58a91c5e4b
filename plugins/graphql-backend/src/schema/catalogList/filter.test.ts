import { allBut, filterParts, normalizeFilter, refsPredicate } from './filter';

describe('the catalog list filter', () => {
  it('has its defaults, trims, dedupes and normalizes owner refs', () => {
    expect(normalizeFilter(undefined)).toEqual({ kind: 'component' });
    expect(
      normalizeFilter({
        kind: ' API ',
        type: ['b', 'a', 'a', ' '],
        owner: ['team-x', 'Group:default/Team-X', 'user:jo'],
        mine: false,
        starred: true,
        tags: [],
        text: '  50%  ',
      }),
    ).toEqual({
      kind: 'api',
      type: ['a', 'b'],
      owner: ['group:default/team-x', 'user:default/jo'],
      starred: true,
      text: '50%',
    });
  });

  it('refuses what it cannot run', () => {
    expect(() => normalizeFilter({ owner: ['group:default/'] })).toThrow(
      expect.objectContaining({ name: 'InputError' }),
    );
    expect(() => normalizeFilter({ text: 'x'.repeat(201) })).toThrow(
      /at most 200/,
    );
    expect(() =>
      normalizeFilter({ tags: Array.from({ length: 51 }, (_, i) => `t${i}`) }),
    ).toThrow(/at most 50/);
  });

  it('makes one predicate per part, and leaves one out for its facet', () => {
    const parts = filterParts(
      normalizeFilter({ type: ['service'], mine: true, starred: true }),
      {
        ownershipRefs: [],
        starredRefs: ['component:default/a', 'api:default/b'],
      },
    );
    expect([...parts.keys()]).toEqual(['kind', 'type', 'mine', 'starred']);
    // The caller owns nothing: `mine` matches nothing rather than everything.
    expect(parts.get('mine')).toEqual({ $any: [] });
    expect(allBut(parts, 'type')).toEqual({
      $all: [{ kind: 'component' }, { $any: [] }, parts.get('starred')],
    });
    expect(
      refsPredicate(['component:default/a', 'component:default/b']),
    ).toEqual({
      $any: [
        {
          kind: 'component',
          'metadata.namespace': 'default',
          'metadata.name': { $in: ['a', 'b'] },
        },
      ],
    });
  });
});
