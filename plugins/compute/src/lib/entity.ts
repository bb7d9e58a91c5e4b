import { Entity, parseEntityRef } from '@backstage/catalog-model';
import type { EntityName } from '@atrium/plugin-compute-common';

export const entityNameOf = (entity: Entity): EntityName => ({
  namespace: entity.metadata.namespace ?? 'default',
  name: entity.metadata.name,
});

/** The group that owns the entity (`spec.owner`), or undefined when there is none or it is not a group. */
export function ownerGroupOf(entity: Entity): EntityName | undefined {
  const owner = entity.spec?.owner;
  if (typeof owner !== 'string' || !owner) return undefined;
  try {
    const ref = parseEntityRef(owner, {
      defaultKind: 'group',
      defaultNamespace: entity.metadata.namespace ?? 'default',
    });
    if (ref.kind.toLocaleLowerCase('en-US') !== 'group') return undefined;
    return { namespace: ref.namespace, name: ref.name };
  } catch {
    return undefined;
  }
}
