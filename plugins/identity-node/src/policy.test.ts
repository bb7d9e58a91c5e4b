import {
  AuthorizeResult,
  createPermission,
} from '@backstage/plugin-permission-common';
import {
  catalogEntityDeletePermission,
  catalogEntityReadPermission,
  catalogEntityRefreshPermission,
  catalogLocationCreatePermission,
  catalogLocationDeletePermission,
} from '@backstage/plugin-catalog-common/alpha';
import { entityOperatePermission } from '@atrium/plugin-identity-common';
import { OwnershipPolicy } from './policy';

const refsByUser: Record<string, string[]> = {
  'user:default/alice': [
    'user:default/alice',
    'group:default/team-payments',
    'group:default/commerce',
  ],
  'user:default/ravi': ['user:default/ravi', 'group:default/platform-admins'],
};

const policy = new OwnershipPolicy(
  { platformAdmins: ['group:default/platform-admins'], maxGroupDepth: 10 },
  {
    async getUserInfo(credentials: any) {
      const ref = credentials.principal.userEntityRef;
      return { userEntityRef: ref, ownershipEntityRefs: refsByUser[ref] };
    },
  },
);

const as = (ref: string) => ({
  credentials: {
    $$type: '@backstage/BackstageCredentials' as const,
    principal: { type: 'user', userEntityRef: ref },
  },
  info: { userEntityRef: ref, ownershipEntityRefs: refsByUser[ref] },
});

describe('OwnershipPolicy', () => {
  it('lets everyone signed in register', async () => {
    expect(
      await policy.handle(
        { permission: catalogLocationCreatePermission },
        as('user:default/alice'),
      ),
    ).toEqual({ result: AuthorizeResult.ALLOW });
  });

  it('lets everyone signed in read entities, but owners-only ones only their owners', async () => {
    expect(
      await policy.handle(
        { permission: catalogEntityReadPermission },
        as('user:default/alice'),
      ),
    ).toEqual({
      result: AuthorizeResult.CONDITIONAL,
      pluginId: 'catalog',
      resourceType: 'catalog-entity',
      conditions: {
        anyOf: [
          {
            not: {
              rule: 'HAS_ANNOTATION',
              resourceType: 'catalog-entity',
              params: { annotation: 'atrium.dev/visibility', value: 'owners' },
            },
          },
          {
            rule: 'IS_ENTITY_OWNER',
            resourceType: 'catalog-entity',
            params: { claims: refsByUser['user:default/alice'] },
          },
        ],
      },
    });
    expect(
      await policy.handle(
        { permission: catalogEntityReadPermission },
        as('user:default/ravi'),
      ),
    ).toEqual({ result: AuthorizeResult.ALLOW });
  });

  it('gives members a condition on ownership for changing and operating entities', async () => {
    for (const permission of [
      catalogEntityRefreshPermission,
      catalogEntityDeletePermission,
      entityOperatePermission,
    ]) {
      expect(
        await policy.handle({ permission }, as('user:default/alice')),
      ).toEqual({
        result: AuthorizeResult.CONDITIONAL,
        pluginId: 'catalog',
        resourceType: 'catalog-entity',
        conditions: {
          rule: 'IS_ENTITY_OWNER',
          resourceType: 'catalog-entity',
          params: { claims: refsByUser['user:default/alice'] },
        },
      });
    }
  });

  it('keeps catalog-wide deletes for platform admins', async () => {
    expect(
      await policy.handle(
        { permission: catalogLocationDeletePermission },
        as('user:default/alice'),
      ),
    ).toEqual({ result: AuthorizeResult.DENY });
    expect(
      await policy.handle(
        { permission: catalogLocationDeletePermission },
        as('user:default/ravi'),
      ),
    ).toEqual({ result: AuthorizeResult.ALLOW });
    expect(
      await policy.handle(
        { permission: entityOperatePermission },
        as('user:default/ravi'),
      ),
    ).toEqual({ result: AuthorizeResult.ALLOW });
  });

  it('denies callers that are not signed-in users', async () => {
    expect(
      await policy.handle({ permission: catalogEntityReadPermission }),
    ).toEqual({ result: AuthorizeResult.DENY });
  });

  it('allows updates of resources it has no rule for', async () => {
    const other = createPermission({
      name: 'other.thing.update',
      attributes: { action: 'update' },
      resourceType: 'other-thing',
    });
    expect(
      await policy.handle({ permission: other }, as('user:default/alice')),
    ).toEqual({ result: AuthorizeResult.ALLOW });
  });
});
