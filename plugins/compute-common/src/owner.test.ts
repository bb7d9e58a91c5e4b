import type { Entity } from '@backstage/catalog-model';
import { ownerGroupOf, ownerOf } from './owner';

const entity = (owner: string | number, namespace?: string): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'x', ...(namespace ? { namespace } : {}) },
  spec: { owner },
});

describe('the owner of an entity', () => {
  it("reads spec.owner as the catalog does: a Group in the entity's namespace unless the ref says otherwise", () => {
    expect(ownerGroupOf(entity('team-fleet'))).toEqual({
      kind: 'group',
      namespace: 'default',
      name: 'team-fleet',
    });
    expect(ownerGroupOf(entity('team-fleet', 'payments'))).toEqual({
      kind: 'group',
      namespace: 'payments',
      name: 'team-fleet',
    });
    expect(ownerGroupOf(entity('Group:other/team-a', 'payments'))).toEqual({
      kind: 'group',
      namespace: 'other',
      name: 'team-a',
    });
  });

  it('has no owning Group for a User owner, no owner, or one that is not a ref', () => {
    expect(ownerOf(entity('user:alice'))).toEqual({
      kind: 'user',
      namespace: 'default',
      name: 'alice',
    });
    expect(ownerGroupOf(entity('user:alice'))).toBeUndefined();
    expect(ownerGroupOf(entity(''))).toBeUndefined();
    expect(ownerGroupOf(entity(42))).toBeUndefined();
    expect(ownerGroupOf(entity('a:b:c/d/e/f'))).toBeUndefined();
    expect(ownerGroupOf(undefined)).toBeUndefined();
  });
});
