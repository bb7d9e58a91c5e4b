import { parseEntityRef, type Entity } from '@backstage/catalog-model';
import type { App, Scaler } from '@atrium/plugin-compute-common';

/** The name of the Group that owns an entity (`spec.owner`), or undefined when the owner is not a group. */
export function ownerTeam(entity: Entity | undefined): string | undefined {
  const owner = entity?.spec?.owner;
  if (typeof owner !== 'string') return undefined;
  const ref = parseEntityRef(owner, {
    defaultKind: 'group',
    defaultNamespace: 'default',
  });
  return ref.kind === 'group' ? ref.name : undefined;
}

/** The Scaler (of those in the App's namespace) that targets the App. */
export function scalerFor(scalers: Scaler[], app: App): Scaler | undefined {
  return scalers.find(s => s.spec.targetRef?.name === app.metadata.name);
}
