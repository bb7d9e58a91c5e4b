import { stringifyEntityRef, type Entity } from '@backstage/catalog-model';
import {
  AuthorizeResult,
  createPermission,
  type Permission,
  type PermissionCondition,
  type PermissionCriteria,
  type PolicyDecision,
} from '@backstage/plugin-permission-common';
import {
  catalogEntityCreatePermission,
  catalogEntityDeletePermission,
  catalogEntityReadPermission,
  catalogEntityRefreshPermission,
  catalogIngestionManagePermission,
  catalogLocationAnalyzePermission,
  catalogLocationCreatePermission,
  catalogLocationDeletePermission,
  catalogPermissions,
} from '@backstage/plugin-catalog-common/alpha';
import {
  actionExecutePermission,
  scaffolderPermissions,
  taskCancelPermission,
  taskCreatePermission,
  taskReadPermission,
  templateManagementPermission,
  templateParameterReadPermission,
  templateStepReadPermission,
} from '@backstage/plugin-scaffolder-common/alpha';
import {
  entityOperatePermission,
  identityPermissions,
} from '@atrium/plugin-identity-common';
import {
  operationsAlertSilencePermission,
  operationsPermissions,
} from '@atrium/plugin-operations-common';
import { OwnershipPolicy, ownedEntityDecision } from './policy';
import { PERMISSION_RULES } from './permissionRules';

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

const ALICE = 'user:default/alice';
const RAVI = 'user:default/ravi';
const { ALLOW, DENY } = AuthorizeResult;

/** The rules these tests apply to resources, as their plugins apply them (the catalog's kinds case-insensitively). */
const RULES: Record<
  string,
  Record<string, (params: any, resource: any) => boolean>
> = {
  catalog: {
    IS_ENTITY_KIND: ({ kinds }, entity: Entity) =>
      kinds.some((k: string) => k.toLowerCase() === entity.kind.toLowerCase()),
    HAS_METADATA: ({ key, value }, entity: Entity) =>
      (entity.metadata as Record<string, unknown>)[key] === value,
  },
  scaffolder: {
    IS_TASK_OWNER: ({ createdBy }, task: { createdBy: string }) =>
      createdBy.includes(task.createdBy),
  },
};

/** Whether `decision` lets the caller at `resource` of `pluginId`, a conditional decision applied by {@link RULES}. */
function allows(
  decision: PolicyDecision,
  pluginId: 'catalog' | 'scaffolder',
  resource: object,
): boolean {
  if (decision.result !== AuthorizeResult.CONDITIONAL) {
    return decision.result === AuthorizeResult.ALLOW;
  }
  expect(decision.pluginId).toBe(pluginId);
  const meets = (c: PermissionCriteria<PermissionCondition>): boolean => {
    if ('allOf' in c) return c.allOf.every(meets);
    if ('anyOf' in c) return c.anyOf.some(meets);
    if ('not' in c) return !meets(c.not);
    const rule = RULES[pluginId][c.rule];
    if (!rule) throw new Error(`${c.rule} is not applied in this test`);
    return rule(c.params, resource);
  };
  return meets(decision.conditions);
}

/** The decision the catalog applies with these conditions, and the condition that Alice owns the entity. */
const onCatalog = (conditions: object) => ({
  result: AuthorizeResult.CONDITIONAL,
  pluginId: 'catalog',
  resourceType: 'catalog-entity',
  conditions,
});
const ALICE_OWNS = {
  rule: 'IS_ENTITY_OWNER',
  resourceType: 'catalog-entity',
  params: { claims: refsByUser[ALICE] },
};

describe('OwnershipPolicy', () => {
  it.each<[string, Permission, string | undefined, AuthorizeResult]>([
    [
      'lets everyone signed in register',
      catalogLocationCreatePermission,
      ALICE,
      ALLOW,
    ],
    [
      'lets platform admins read every entity',
      catalogEntityReadPermission,
      RAVI,
      ALLOW,
    ],
    [
      'keeps catalog-wide deletes from members',
      catalogLocationDeletePermission,
      ALICE,
      DENY,
    ],
    [
      'keeps catalog-wide deletes for platform admins',
      catalogLocationDeletePermission,
      RAVI,
      ALLOW,
    ],
    [
      'lets platform admins operate every entity',
      entityOperatePermission,
      RAVI,
      ALLOW,
    ],
    [
      'denies callers that are not signed-in users',
      catalogEntityReadPermission,
      undefined,
      DENY,
    ],
    ...[
      catalogEntityCreatePermission,
      catalogLocationAnalyzePermission,
      templateParameterReadPermission,
      templateStepReadPermission,
      actionExecutePermission,
      taskCreatePermission,
    ].map((p): [string, Permission, string, AuthorizeResult] => [
      `keeps ${p.name} open to everyone signed in`,
      p,
      ALICE,
      ALLOW,
    ]),
    ...[catalogIngestionManagePermission, templateManagementPermission].map(
      (p): [string, Permission, string, AuthorizeResult] => [
        `keeps ${p.name} for platform admins`,
        p,
        ALICE,
        DENY,
      ],
    ),
  ])('%s', async (_case, permission, user, result) => {
    expect(
      await policy.handle({ permission }, user ? as(user) : undefined),
    ).toEqual({ result });
  });

  it('lets everyone signed in read entities, but owners-only ones only their owners', async () => {
    expect(
      await policy.handle(
        { permission: catalogEntityReadPermission },
        as('user:default/alice'),
      ),
    ).toEqual(
      onCatalog({
        anyOf: [
          {
            not: {
              rule: 'HAS_ANNOTATION',
              resourceType: 'catalog-entity',
              params: { annotation: 'atrium.dev/visibility', value: 'owners' },
            },
          },
          ALICE_OWNS,
        ],
      }),
    );
  });

  it('gives members a condition on ownership for changing and operating entities', async () => {
    for (const permission of [
      catalogEntityRefreshPermission,
      catalogEntityDeletePermission,
      entityOperatePermission,
    ]) {
      expect(
        await policy.handle({ permission }, as('user:default/alice')),
      ).toEqual(onCatalog(ALICE_OWNS));
    }
  });

  it('denies a permission it has no rule for to signed-in users, and allows it to platform admins', async () => {
    for (const action of ['update', 'delete', undefined] as const) {
      const other = createPermission({
        name: `other.thing.${action ?? 'use'}`,
        attributes: { action },
        resourceType: 'other-thing',
      });
      expect(
        await policy.handle({ permission: other }, as('user:default/alice')),
      ).toEqual({ result: AuthorizeResult.DENY });
      expect(
        await policy.handle({ permission: other }, as('user:default/ravi')),
      ).toEqual({ result: AuthorizeResult.ALLOW });
    }
    // A permission named like an object's own property is not in the table either.
    expect(
      await policy.handle(
        {
          permission: createPermission({
            name: 'constructor',
            attributes: { action: 'update' },
          }),
        },
        as('user:default/alice'),
      ),
    ).toEqual({ result: AuthorizeResult.DENY });
  });

  it("gives each of Atrium's own permissions its rule: the entity's owners, and platform admins", async () => {
    for (const permission of [
      entityOperatePermission,
      operationsAlertSilencePermission,
    ]) {
      expect(
        await policy.handle({ permission }, as('user:default/alice')),
      ).toEqual(ownedEntityDecision(refsByUser['user:default/alice']));
      expect(
        await policy.handle({ permission }, as('user:default/ravi')),
      ).toEqual({ result: AuthorizeResult.ALLOW });
    }
    // Every permission Atrium's plugins define has a rule.
    for (const permission of [
      ...identityPermissions,
      ...operationsPermissions,
    ]) {
      expect(PERMISSION_RULES).toHaveProperty([permission.name]);
    }
  });

  it("lets a team's members (through a child team too) and platform admins create Apps for it: a condition on the Group", async () => {
    const permission = createPermission({
      name: 'compute.app.create',
      attributes: { action: 'create' },
      resourceType: 'catalog-entity',
    });
    const entity = (kind: string, name: string, namespace = 'default') => ({
      apiVersion: 'backstage.io/v1alpha1',
      kind,
      metadata: { name, namespace },
    });
    const alice = await policy.handle({ permission }, as(ALICE));
    // Alice's ownership refs hold team-payments and its parent, commerce.
    expect(
      [
        entity('Group', 'team-payments'),
        entity('Group', 'commerce'),
        entity('Group', 'team-fleet'),
        entity('Group', 'team-payments', 'elsewhere'),
        entity('Component', 'team-payments'),
      ].map(e => [stringifyEntityRef(e), allows(alice, 'catalog', e)]),
    ).toEqual([
      ['group:default/team-payments', true],
      ['group:default/commerce', true],
      ['group:default/team-fleet', false],
      ['group:elsewhere/team-payments', false],
      ['component:default/team-payments', false],
    ]);
    expect(await policy.handle({ permission }, as(RAVI))).toEqual({
      result: AuthorizeResult.ALLOW,
    });
  });

  it('lists every permission of the catalog and the scaffolder', () => {
    for (const permission of [
      ...catalogPermissions,
      ...scaffolderPermissions,
    ]) {
      expect(PERMISSION_RULES).toHaveProperty([permission.name]);
    }
  });

  it('lets users read and cancel only the scaffolder tasks they started', async () => {
    for (const permission of [taskReadPermission, taskCancelPermission]) {
      const alice = await policy.handle({ permission }, as(ALICE));
      expect(
        [ALICE, 'user:default/bob'].map(createdBy =>
          allows(alice, 'scaffolder', { createdBy }),
        ),
      ).toEqual([true, false]);
    }
  });
});

describe('OwnershipPolicy and adoption insights', () => {
  const withReaders = new OwnershipPolicy(
    {
      platformAdmins: ['group:default/platform-admins'],
      maxGroupDepth: 10,
      adoptionReaders: ['group:default/commerce'],
    },
    {
      async getUserInfo(credentials: any) {
        const ref = credentials.principal.userEntityRef;
        return {
          userEntityRef: ref,
          ownershipEntityRefs: refsByUser[ref] ?? [ref],
        };
      },
    },
  );
  const read = { name: 'atrium.adoption.read', attributes: {}, type: 'basic' };
  const comments = {
    name: 'atrium.adoption.comments.read',
    attributes: {},
    type: 'basic',
  };

  it('lets the members of adoption.readers (through a child group too) and platform admins read insights, no one else', async () => {
    const decide = (p: typeof read, user: string) =>
      withReaders.handle({ permission: p as any }, as(user));
    // Alice is in team-payments, a child of commerce.
    expect(await decide(read, 'user:default/alice')).toEqual({
      result: AuthorizeResult.ALLOW,
    });
    expect(await decide(read, 'user:default/ravi')).toEqual({
      result: AuthorizeResult.ALLOW,
    });
    expect(await decide(read, 'user:default/zoe')).toEqual({
      result: AuthorizeResult.DENY,
    });
    // Without adoption.readers, only platform admins.
    expect(
      await policy.handle(
        { permission: read as any },
        as('user:default/alice'),
      ),
    ).toEqual({ result: AuthorizeResult.DENY });
    // The NPS comments are the platform admins' only, readers or not.
    expect(await decide(comments, 'user:default/alice')).toEqual({
      result: AuthorizeResult.DENY,
    });
    expect(await decide(comments, 'user:default/ravi')).toEqual({
      result: AuthorizeResult.ALLOW,
    });
  });
});
