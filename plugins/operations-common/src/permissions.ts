import { createPermission } from '@backstage/plugin-permission-common';

/**
 * Silencing a component's alerts in Alertmanager. A catalog-entity resource permission with the `update`
 * action, so Atrium's ownership policy grants it to the members of the entity's owning group (directly or
 * through a child group) and to platform admins: ask for it with the entity's ref as `resourceRef`.
 */
export const operationsAlertSilencePermission = createPermission({
  name: 'operations.alert.silence',
  attributes: { action: 'update' },
  resourceType: 'catalog-entity',
});

/** Every permission of Atrium's operations plugin. */
export const operationsPermissions = [operationsAlertSilencePermission];
