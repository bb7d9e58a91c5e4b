import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { usePermission } from '@backstage/plugin-permission-react';
import { entityOperatePermission } from '@atrium/plugin-identity-common';

/** Whether the signed-in user may act on the entity's workloads (its owners may). Denied while loading. */
export function useCanOperate(entity: Entity): boolean {
  const { allowed } = usePermission({
    permission: entityOperatePermission,
    resourceRef: stringifyEntityRef(entity),
  });
  return allowed;
}
