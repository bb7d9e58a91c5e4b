import type {
  BackstageUserInfo,
  UserInfoService,
} from '@backstage/backend-plugin-api';
import {
  AuthorizeResult,
  type PermissionCondition,
  type PermissionCriteria,
  type PolicyDecision,
} from '@backstage/plugin-permission-common';
import type {
  PermissionPolicy,
  PolicyQuery,
  PolicyQueryUser,
} from '@backstage/plugin-permission-node';
import { isPlatformAdmin } from './ownership';
import type { IdentityConfig } from './config';
import { PERMISSION_RULES } from './permissionRules';

/** The catalog's condition that the caller owns the entity: one of their ownership refs is its owner. */
function ownedByCaller(ownershipEntityRefs: string[]) {
  return {
    rule: 'IS_ENTITY_OWNER',
    resourceType: 'catalog-entity',
    params: { claims: ownershipEntityRefs },
  };
}

/** A decision the catalog applies: allowed on the entities that meet the conditions. */
function catalogDecision(
  conditions: PermissionCriteria<PermissionCondition>,
): PolicyDecision {
  return {
    result: AuthorizeResult.CONDITIONAL,
    pluginId: 'catalog',
    resourceType: 'catalog-entity',
    conditions,
  };
}

/**
 * The decision for a permission on catalog entities that changes or operates one: allowed where the caller
 * owns the entity (the catalog checks `IS_ENTITY_OWNER` against the caller's ownership refs, which include
 * their groups' parents). Plugins whose resources belong to a catalog entity ask for
 * `entityOperatePermission` with the entity's ref and get this rule.
 */
export function ownedEntityDecision(
  ownershipEntityRefs: string[],
): PolicyDecision {
  return catalogDecision(ownedByCaller(ownershipEntityRefs));
}

/**
 * The decision for a permission asked with a Group's ref that a team's members may use (creating Apps for the
 * team): allowed where the Group is one of the caller's groups. The caller's ownership refs hold their groups
 * and those groups' parents, so a member of a child team is a member of the parent team too. The catalog
 * resolves the condition on the Group entity (its kind, name and namespace).
 */
export function teamMemberDecision(
  ownershipEntityRefs: string[],
): PolicyDecision {
  const groups = ownershipEntityRefs.flatMap(ref => {
    const m = /^group:([^/]+)\/(.+)$/i.exec(ref);
    return m ? [{ namespace: m[1], name: m[2] }] : [];
  });
  const [first, ...rest] = groups.map(
    (g): PermissionCriteria<PermissionCondition> => ({
      allOf: [
        {
          rule: 'IS_ENTITY_KIND',
          resourceType: 'catalog-entity',
          params: { kinds: ['Group'] },
        },
        {
          rule: 'HAS_METADATA',
          resourceType: 'catalog-entity',
          params: { key: 'name', value: g.name },
        },
        {
          rule: 'HAS_METADATA',
          resourceType: 'catalog-entity',
          params: { key: 'namespace', value: g.namespace },
        },
      ],
    }),
  );
  if (!first) return { result: AuthorizeResult.DENY };
  return catalogDecision({ anyOf: [first, ...rest] });
}

/**
 * An entity annotated `atrium.dev/visibility: owners` (a security-sensitive service, an incident's private
 * resources) is seen only by its owners and the platform admins; everything else is readable by everyone
 * signed in.
 */
export const VISIBILITY_ANNOTATION = 'atrium.dev/visibility';
export const OWNERS_ONLY = 'owners';

/**
 * The decision for reading catalog entities: a condition the catalog applies in its queries, so a list, a
 * search or a lookup by ref leaves out owners-only entities the caller does not own.
 */
export function entityReadDecision(
  ownershipEntityRefs: string[],
): PolicyDecision {
  return catalogDecision({
    anyOf: [
      {
        not: {
          rule: 'HAS_ANNOTATION',
          resourceType: 'catalog-entity',
          params: { annotation: VISIBILITY_ANNOTATION, value: OWNERS_ONLY },
        },
      },
      ownedByCaller(ownershipEntityRefs),
    ],
  });
}

/** The scaffolder's condition that the caller started the task. */
function createdByCaller(userEntityRef: string): PolicyDecision {
  return {
    result: AuthorizeResult.CONDITIONAL,
    pluginId: 'scaffolder',
    resourceType: 'scaffolder-task',
    conditions: {
      rule: 'IS_TASK_OWNER',
      resourceType: 'scaffolder-task',
      params: { createdBy: [userEntityRef] },
    },
  };
}

const ALLOW: PolicyDecision = { result: AuthorizeResult.ALLOW };
const DENY: PolicyDecision = { result: AuthorizeResult.DENY };

/**
 * Atrium's permission policy:
 * - callers that are not signed-in users are denied (service-to-service calls never reach the policy);
 * - platform admins are allowed everything;
 * - for everyone else, each permission gets the rule `PERMISSION_RULES` gives it: everyone signed in (reading
 *   the catalog, but an entity annotated `atrium.dev/visibility: owners` only by its owners; registering,
 *   running templates), the owners of the catalog entity (changing, refreshing, unregistering, operating it,
 *   silencing its alerts), the members of a team (creating Apps for it), the creator of a scaffolder task,
 *   the groups in `adoption.readers` (adoption insights), or platform admins only;
 * - a permission the table does not list is denied.
 */
export class OwnershipPolicy implements PermissionPolicy {
  constructor(
    private readonly config: IdentityConfig,
    private readonly userInfo: Pick<UserInfoService, 'getUserInfo'>,
  ) {}

  async handle(
    request: PolicyQuery,
    user?: PolicyQueryUser,
  ): Promise<PolicyDecision> {
    if (!user) {
      return DENY;
    }
    const info: BackstageUserInfo = await this.userInfo.getUserInfo(
      user.credentials,
    );
    if (isPlatformAdmin(info.ownershipEntityRefs, this.config.platformAdmins)) {
      return ALLOW;
    }
    const rule = Object.hasOwn(PERMISSION_RULES, request.permission.name)
      ? PERMISSION_RULES[request.permission.name]
      : undefined;
    switch (rule) {
      case 'signedIn':
        return ALLOW;
      case 'readers':
        return entityReadDecision(info.ownershipEntityRefs);
      case 'owners':
        return ownedEntityDecision(info.ownershipEntityRefs);
      case 'teamMembers':
        return teamMemberDecision(info.ownershipEntityRefs);
      case 'taskCreator':
        return createdByCaller(info.userEntityRef);
      case 'adoptionReaders':
        return (this.config.adoptionReaders ?? []).some(group =>
          info.ownershipEntityRefs.includes(group),
        )
          ? ALLOW
          : DENY;
      default:
        // 'admins', and every permission the table does not list.
        return DENY;
    }
  }
}
