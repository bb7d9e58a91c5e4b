import { createPermission } from '@backstage/plugin-permission-common';

/**
 * Creating an App (and its Scaler) for a team: a catalog-entity resource permission asked with the team's Group
 * ref. Atrium's policy (identity-node's PERMISSION_RULES, rule `teamMembers`) grants it to the team's members,
 * directly or through a child team, and to platform admins.
 */
export const computeAppCreatePermission = createPermission({
  name: 'compute.app.create',
  attributes: { action: 'create' },
  resourceType: 'catalog-entity',
});

/** Every permission the compute backend defines. */
export const computePermissions = [computeAppCreatePermission];
