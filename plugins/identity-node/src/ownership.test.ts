import type { Entity } from '@backstage/catalog-model';
import {
  isPlatformAdmin,
  ownsEntity,
  resolveOwnershipEntityRefs,
} from './ownership';

const group = (name: string, parent?: string): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Group',
  metadata: { name },
  spec: { type: 'team', children: [] },
  relations: parent
    ? [{ type: 'childOf', targetRef: `group:default/${parent}` }]
    : [],
});

// larkspur → commerce → team-payments, and a cycle a ↔ b that a broken directory could hold.
const groups = new Map(
  [
    group('larkspur'),
    group('commerce', 'larkspur'),
    group('team-payments', 'commerce'),
    group('team-fleet', 'logistics'),
    group('logistics', 'larkspur'),
    group('a', 'b'),
    group('b', 'a'),
  ].map(g => [`group:default/${g.metadata.name}`, g]),
);

function loader() {
  const calls: string[][] = [];
  const load = async (refs: string[]) => {
    calls.push(refs);
    return refs.map(r => groups.get(r));
  };
  return { load, calls };
}

const user = (...memberOf: string[]): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'User',
  metadata: { name: 'alice.nakamura' },
  spec: {},
  relations: memberOf.map(g => ({
    type: 'memberOf',
    targetRef: `group:default/${g}`,
  })),
});

describe('resolveOwnershipEntityRefs', () => {
  it('includes the user, their groups and every parent, one batch per level', async () => {
    const { load, calls } = loader();
    const refs = await resolveOwnershipEntityRefs(
      user('team-payments', 'team-fleet'),
      load,
    );
    expect(refs.sort()).toEqual(
      [
        'user:default/alice.nakamura',
        'group:default/team-payments',
        'group:default/team-fleet',
        'group:default/commerce',
        'group:default/logistics',
        'group:default/larkspur',
      ].sort(),
    );
    // Level 1 (the teams), level 2 (commerce and logistics), level 3 (larkspur, which has no parent).
    expect(calls).toHaveLength(3);
    expect(calls[1].sort()).toEqual([
      'group:default/commerce',
      'group:default/logistics',
    ]);
  });

  it('stops at cycles and at the depth limit', async () => {
    const { load, calls } = loader();
    expect((await resolveOwnershipEntityRefs(user('a'), load)).sort()).toEqual([
      'group:default/a',
      'group:default/b',
      'user:default/alice.nakamura',
    ]);
    expect(calls.length).toBeLessThanOrEqual(3);

    const shallow = await resolveOwnershipEntityRefs(
      user('team-payments'),
      loader().load,
      1,
    );
    expect(shallow.sort()).toEqual(
      [
        'group:default/commerce',
        'group:default/team-payments',
        'user:default/alice.nakamura',
      ].sort(),
    );
  });

  it('keeps a group that the catalog does not hold, without parents', async () => {
    const refs = await resolveOwnershipEntityRefs(user('ghost'), loader().load);
    expect(refs.sort()).toEqual([
      'group:default/ghost',
      'user:default/alice.nakamura',
    ]);
  });
});

describe('isPlatformAdmin and ownsEntity', () => {
  it('matches refs without regard to case', () => {
    expect(
      isPlatformAdmin(
        ['user:default/ravi', 'group:default/Platform-Admins'],
        ['group:default/platform-admins'],
      ),
    ).toBe(true);
    expect(
      isPlatformAdmin(
        ['group:default/team-payments'],
        ['group:default/platform-admins'],
      ),
    ).toBe(false);
    const component: Entity = {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Component',
      metadata: { name: 'payments-api' },
      relations: [
        { type: 'ownedBy', targetRef: 'group:default/team-payments' },
      ],
    };
    expect(ownsEntity(['group:default/team-payments'], component)).toBe(true);
    expect(ownsEntity(['group:default/team-fleet'], component)).toBe(false);
  });
});
