import type {
  BackstageUserInfo,
  UserInfoService,
} from '@backstage/backend-plugin-api';
import {
  AuthorizeResult,
  isPermission,
  isResourcePermission,
  type PolicyDecision,
} from '@backstage/plugin-permission-common';
import {
  catalogEntityReadPermission,
  catalogIngestionManagePermission,
  catalogLocationDeletePermission,
} from '@backstage/plugin-catalog-common/alpha';
import type {
  PermissionPolicy,
  PolicyQuery,
  PolicyQueryUser,
} from '@backstage/plugin-permission-node';
import { isPlatformAdmin } from './ownership';
import type { IdentityConfig } from './config';

/** Catalog-wide operations with no single owner: for platform admins only. */
const ADMIN_ONLY = [
  catalogLocationDeletePermission,
  catalogIngestionManagePermission,
];

/** The catalog's condition that the caller owns the entity: one of their ownership refs is its owner. */
function ownedByCaller(ownershipEntityRefs: string[]) {
  return {
    rule: 'IS_ENTITY_OWNER',
    resourceType: 'catalog-entity',
    params: { claims: ownershipEntityRefs },
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
  return {
    result: AuthorizeResult.CONDITIONAL,
    pluginId: 'catalog',
    resourceType: 'catalog-entity',
    conditions: ownedByCaller(ownershipEntityRefs),
  };
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
  return {
    result: AuthorizeResult.CONDITIONAL,
    pluginId: 'catalog',
    resourceType: 'catalog-entity',
    conditions: {
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
    },
  };
}

/**
 * Atrium's permission policy:
 * - no decision for anyone who is not a signed-in user (service-to-service calls never reach the policy);
 * - platform admins may do everything;
 * - everyone signed in may read, and may do what has no owner (create locations, run templates, settings),
 *   except that an entity annotated `atrium.dev/visibility: owners` is read by its owners only;
 * - changing, refreshing, unregistering or operating a catalog entity is for members of its owning group
 *   (directly or through a child group) — a conditional decision the catalog resolves per entity;
 * - deleting a whole location (which unregisters every entity in it) and managing ingestion are for
 *   platform admins only.
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
      return { result: AuthorizeResult.DENY };
    }
    const info: BackstageUserInfo = await this.userInfo.getUserInfo(
      user.credentials,
    );
    const { permission } = request;
    if (isPlatformAdmin(info.ownershipEntityRefs, this.config.platformAdmins)) {
      return { result: AuthorizeResult.ALLOW };
    }
    if (ADMIN_ONLY.some(p => isPermission(permission, p))) {
      return { result: AuthorizeResult.DENY };
    }
    if (isPermission(permission, catalogEntityReadPermission)) {
      return entityReadDecision(info.ownershipEntityRefs);
    }
    const action = permission.attributes.action;
    if (action === undefined || action === 'read' || action === 'create') {
      return { result: AuthorizeResult.ALLOW };
    }
    if (isResourcePermission(permission, 'catalog-entity')) {
      return ownedEntityDecision(info.ownershipEntityRefs);
    }
    // Updates and deletes of resources Atrium has no ownership rule for (e.g. another plugin's own
    // resources): allowed to signed-in users until that plugin's issue brings a rule.
    return { result: AuthorizeResult.ALLOW };
  }
}
