import { createPermission } from '@backstage/plugin-permission-common';

/**
 * Acting on the running software behind a catalog entity: scaling, restarting, deploying, rolling back,
 * silencing its alerts. Atrium's policy grants it, like changing the entity itself, to the members of the
 * entity's owning group (directly or through a child group) and to platform admins.
 *
 * It is a catalog-entity resource permission, so a plugin asks for it with the entity's ref and the catalog
 * resolves the policy's conditions against that entity:
 *
 * ```ts
 * await permissions.authorize(
 *   [{ permission: entityOperatePermission, resourceRef: 'component:default/payments-api' }],
 *   { credentials },
 * );
 * ```
 */
export const entityOperatePermission = createPermission({
  name: 'atrium.entity.operate',
  attributes: { action: 'update' },
  resourceType: 'catalog-entity',
});

/** Every permission that Atrium's identity family defines. */
export const identityPermissions = [entityOperatePermission];
