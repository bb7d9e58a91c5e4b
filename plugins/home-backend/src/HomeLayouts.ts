import type {
  BackstageCredentials,
  BackstageUserPrincipal,
  UserInfoService,
} from '@backstage/backend-plugin-api';
import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import { InputError, NotAllowedError, NotFoundError } from '@backstage/errors';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import {
  DISPLAY_NAME_FIELDS,
  entityDisplayName,
} from '@atrium/plugin-catalog-reads-node';
import type {
  EditableGroup,
  EffectiveHomeLayout,
  HomeLayout,
  StoredHomeLayout,
} from '@atrium/plugin-home-common';
import {
  isPlatformAdmin,
  type IdentityConfig,
} from '@atrium/plugin-identity-node';
import type { LayoutStore } from './LayoutStore';
import type { HomeLayoutsService } from './types';

type UserCredentials = BackstageCredentials<BackstageUserPrincipal>;

interface Caller {
  userRef: string;
  /** The groups the user is a direct member of, by ref, with their titles. */
  groups: EditableGroup[];
  admin: boolean;
}

/**
 * Home layouts and who may change which: a user their own; a team's direct members (and platform admins) the
 * team's default; platform admins the global default. What applies to a user is their own layout, else the
 * default of the first of their teams (by ref) that has one, else the global default.
 */
export class HomeLayouts implements HomeLayoutsService {
  constructor(
    private readonly options: {
      store: LayoutStore;
      catalog: CatalogService;
      userInfo: Pick<UserInfoService, 'getUserInfo'>;
      identity: IdentityConfig;
    },
  ) {}

  async effective(credentials: UserCredentials): Promise<EffectiveHomeLayout> {
    const { store } = this.options;
    const caller = await this.caller(credentials);
    const layout =
      (await store.get('user', caller.userRef)) ??
      (
        await store.getMany(
          'group',
          caller.groups.map(g => g.ref),
        )
      )[0] ??
      (await store.get('global', '')) ??
      null;
    return {
      layout,
      editableGroups: caller.groups,
      canEditGlobal: caller.admin,
    };
  }

  saveMine(
    credentials: UserCredentials,
    layout: HomeLayout,
  ): Promise<StoredHomeLayout> {
    const me = credentials.principal.userEntityRef;
    return this.options.store.put('user', me, layout, me);
  }

  async resetMine(credentials: UserCredentials): Promise<void> {
    await this.options.store.delete(
      'user',
      credentials.principal.userEntityRef,
    );
  }

  async groupLayout(
    groupRef: string,
    credentials: UserCredentials,
  ): Promise<StoredHomeLayout | null> {
    const ref = await this.existingGroup(groupRef, credentials);
    return this.options.store.get('group', ref);
  }

  async saveGroupLayout(
    groupRef: string,
    layout: HomeLayout,
    credentials: UserCredentials,
  ): Promise<StoredHomeLayout> {
    const ref = await this.mayEditGroup(groupRef, credentials);
    return this.options.store.put(
      'group',
      ref,
      layout,
      credentials.principal.userEntityRef,
    );
  }

  async deleteGroupLayout(
    groupRef: string,
    credentials: UserCredentials,
  ): Promise<void> {
    const ref = await this.mayEditGroup(groupRef, credentials);
    await this.options.store.delete('group', ref);
  }

  globalLayout(): Promise<StoredHomeLayout | null> {
    return this.options.store.get('global', '');
  }

  async saveGlobalLayout(
    layout: HomeLayout,
    credentials: UserCredentials,
  ): Promise<StoredHomeLayout> {
    await this.mustBeAdmin(credentials);
    return this.options.store.put(
      'global',
      '',
      layout,
      credentials.principal.userEntityRef,
    );
  }

  async deleteGlobalLayout(credentials: UserCredentials): Promise<void> {
    await this.mustBeAdmin(credentials);
    await this.options.store.delete('global', '');
  }

  private async caller(credentials: UserCredentials): Promise<Caller> {
    const { catalog, userInfo, identity } = this.options;
    const userRef = credentials.principal.userEntityRef;
    const [user, info] = await Promise.all([
      catalog.getEntityByRef(userRef, { credentials }),
      userInfo.getUserInfo(credentials),
    ]);
    const refs = [
      ...new Set(
        (user?.relations ?? [])
          .filter(r => r.type === 'memberOf')
          .map(r => r.targetRef.toLocaleLowerCase('en-US')),
      ),
    ].sort();
    const { items } = refs.length
      ? await catalog.getEntitiesByRefs(
          {
            entityRefs: refs,
            fields: DISPLAY_NAME_FIELDS,
          },
          { credentials },
        )
      : { items: [] };
    const groups = refs.flatMap((ref, i) =>
      items[i] ? [{ ref, title: entityDisplayName(items[i]!) }] : [],
    );
    return {
      userRef,
      groups,
      admin: isPlatformAdmin(info.ownershipEntityRefs, identity.platformAdmins),
    };
  }

  /** The group's normalised ref, when it exists and the caller may see it. */
  private async existingGroup(
    groupRef: string,
    credentials: UserCredentials,
  ): Promise<string> {
    let parsed: ReturnType<typeof parseEntityRef>;
    try {
      parsed = parseEntityRef(groupRef, { defaultKind: 'group' });
    } catch {
      // The ref is made of the route's path parameters (a namespace of "/" makes "group://x"): the caller's mistake.
      throw new InputError(`${JSON.stringify(groupRef)} is not a group ref`);
    }
    const ref = stringifyEntityRef(parsed).toLocaleLowerCase('en-US');
    const group = await this.options.catalog.getEntityByRef(ref, {
      credentials,
    });
    if (!group || group.kind.toLocaleLowerCase('en-US') !== 'group') {
      throw new NotFoundError(`No group ${ref}`);
    }
    return ref;
  }

  private async mayEditGroup(
    groupRef: string,
    credentials: UserCredentials,
  ): Promise<string> {
    const ref = await this.existingGroup(groupRef, credentials);
    const caller = await this.caller(credentials);
    if (!caller.admin && !caller.groups.some(g => g.ref === ref)) {
      throw new NotAllowedError(
        `Only members of ${ref} and platform admins set its default Home`,
      );
    }
    return ref;
  }

  private async mustBeAdmin(credentials: UserCredentials): Promise<void> {
    const caller = await this.caller(credentials);
    if (!caller.admin) {
      throw new NotAllowedError(
        'Only platform admins set the default Home for everyone',
      );
    }
  }
}
