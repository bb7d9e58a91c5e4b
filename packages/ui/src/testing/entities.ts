import type { Entity } from '@backstage/catalog-model';

/** The component the frontend plugins' tests show: payments-gateway, a production service of team payments. */
export const componentEntity: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'payments-gateway', namespace: 'default' },
  spec: { type: 'service', lifecycle: 'production', owner: 'payments' },
};

let named = 0;

/**
 * `componentEntity` under a name of its own (`payments-gateway-1`, `-2`, … counting per test file):
 * usePermission caches its answers per resourceRef for a whole file, so each render that is asked again, maybe
 * with another decision, needs an entity of its own.
 */
export function uniqueComponent(): Entity {
  return {
    ...componentEntity,
    metadata: {
      ...componentEntity.metadata,
      name: `payments-gateway-${++named}`,
    },
  };
}
