import type {
  AuthService,
  BackstageCredentials,
  UserInfoService,
} from '@backstage/backend-plugin-api';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import type { ApprovalRequest } from '@atrium/plugin-compute-common';
import {
  isPlatformAdmin,
  ownsEntity,
  resolveOwnershipEntityRefs,
} from '@atrium/plugin-identity-node';

const lower = (ref: string) => ref.toLocaleLowerCase('en-US');

/**
 * Who may decide a request, and whether its requester still may make the change. A decider is a member of the
 * owning team (directly or through a child team: their ownership refs hold it) or a platform admin. The
 * requester is not signed in when someone decides, so their ownership is resolved from the catalog the way the
 * permission policy does (identity-node's ownership rule: the user's groups and their parents).
 */
export class ApprovalAccess {
  constructor(
    private readonly deps: {
      userInfo: Pick<UserInfoService, 'getUserInfo'>;
      catalog: Pick<CatalogService, 'getEntityByRef' | 'getEntitiesByRefs'>;
      auth: Pick<AuthService, 'getOwnServiceCredentials'>;
      platformAdmins: string[];
    },
  ) {}

  /** The caller's user ref and whether they are a platform admin, with their ownership refs. */
  async caller(credentials: BackstageCredentials) {
    const info = await this.deps.userInfo.getUserInfo(credentials);
    const refs = info.ownershipEntityRefs.map(lower);
    return {
      userEntityRef: info.userEntityRef,
      refs,
      admin: isPlatformAdmin(refs, this.deps.platformAdmins),
    };
  }

  /** Whether a caller (from `caller`) may decide the request: member of the owning team, or admin. */
  mayDecide(
    caller: { refs: string[]; admin: boolean },
    request: ApprovalRequest,
  ): boolean {
    return caller.admin || caller.refs.includes(lower(request.team));
  }

  /** Whether the requester may still make the change: owns the component (or, to create, is in the team), or is an admin. */
  async requesterMay(request: ApprovalRequest): Promise<boolean> {
    const credentials = await this.deps.auth.getOwnServiceCredentials();
    const user = await this.deps.catalog.getEntityByRef(request.requestedBy, {
      credentials,
    });
    if (!user) return false;
    const refs = await resolveOwnershipEntityRefs(user, async entityRefs => {
      const { items } = await this.deps.catalog.getEntitiesByRefs(
        { entityRefs },
        { credentials },
      );
      return items.map(item => item ?? undefined);
    });
    if (isPlatformAdmin(refs, this.deps.platformAdmins)) return true;
    if (request.action === 'create-app') {
      return refs.includes(lower(request.team));
    }
    const component = await this.deps.catalog.getEntityByRef(
      request.entityRef,
      { credentials },
    );
    return component !== undefined && ownsEntity(refs, component);
  }
}
