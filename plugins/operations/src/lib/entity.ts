import { Entity } from '@backstage/catalog-model';
import type { OperationsEntity } from '@atrium/plugin-operations-common';

/** The entity as the operations API names it. */
export const operationsEntityOf = (entity: Entity): OperationsEntity => ({
  namespace: entity.metadata.namespace ?? 'default',
  kind: entity.kind,
  name: entity.metadata.name,
});
