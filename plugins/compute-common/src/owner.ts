import {
  parseEntityRef,
  type CompoundEntityRef,
  type Entity,
} from '@backstage/catalog-model';

/**
 * The entity's owner (`spec.owner`) as a ref, read as the catalog reads it: a Group unless the ref names another
 * kind, in the entity's own namespace unless it names one. Undefined when there is no owner or it is not a ref.
 */
export function ownerOf(
  entity: Entity | undefined,
): CompoundEntityRef | undefined {
  const owner = entity?.spec?.owner;
  if (typeof owner !== 'string' || owner === '') return undefined;
  try {
    return parseEntityRef(owner, {
      defaultKind: 'group',
      defaultNamespace: entity?.metadata.namespace ?? 'default',
    });
  } catch {
    return undefined;
  }
}

/**
 * The Group that owns the entity: the team whose namespaces hold its Apps and whose quota they use. Undefined
 * when the owner is not a Group (a User) or there is none. The one rule the Compute tab and compute-backend share.
 */
export function ownerGroupOf(
  entity: Entity | undefined,
): CompoundEntityRef | undefined {
  const ref = ownerOf(entity);
  return ref && ref.kind.toLocaleLowerCase('en-US') === 'group'
    ? { kind: 'group', namespace: ref.namespace, name: ref.name }
    : undefined;
}
