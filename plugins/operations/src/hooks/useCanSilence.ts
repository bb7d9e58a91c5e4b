import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { usePermission } from '@backstage/plugin-permission-react';
import { operationsAlertSilencePermission } from '@atrium/plugin-operations-common';

/** Whether the signed-in user may silence the entity's alerts (its owners may). Denied while loading. */
export function useCanSilence(entity: Entity): boolean {
  const { allowed } = usePermission({
    permission: operationsAlertSilencePermission,
    resourceRef: stringifyEntityRef(entity),
  });
  return allowed;
}
