import { stringifyEntityRef, type Entity } from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import {
  ANNOTATIONS,
  NAME_PATTERN,
  type App,
} from '@atrium/plugin-compute-common';
import { ownerTeam } from './ownership';

/** A Kubernetes label value. */
export const LABEL_VALUE = /^[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$/;

/** An App's `namespace/name`. */
export const appKey = (app: App) =>
  `${app.metadata.namespace}/${app.metadata.name}`;

/** A component as compute sees it: its name, its owning team, and the Apps its annotation names. */
export interface ComponentTarget {
  entity: Entity;
  entityRef: string;
  name: string;
  team?: string;
  /** From the annotation: `{ namespace?, name }`; no namespace means the team's namespaces. */
  named: { namespace?: string; name: string }[];
}

/** The component's target; InputError when its Apps annotation names something that is not an App name. */
export function targetOf(entity: Entity): ComponentTarget {
  const annotation = entity.metadata.annotations?.[ANNOTATIONS.apps] ?? '';
  const named = annotation
    .split(',')
    .map(s => s.trim())
    .filter(Boolean)
    .map(s => {
      const [a, b] = s.split('/');
      const n = b === undefined ? { name: a } : { namespace: a, name: b };
      if (
        !NAME_PATTERN.test(n.name) ||
        (n.namespace && !NAME_PATTERN.test(n.namespace))
      ) {
        throw new InputError(
          `${stringifyEntityRef(entity)}: annotation ${
            ANNOTATIONS.apps
          } names ${JSON.stringify(s)}, which is not an App name`,
        );
      }
      return n;
    });
  return {
    entity,
    entityRef: stringifyEntityRef(entity),
    name: entity.metadata.name,
    team: ownerTeam(entity),
    named,
  };
}

/** Namespace and object names must be DNS labels; anything else is refused before a cluster sees it. */
export function checkNames(...names: string[]) {
  for (const name of names) {
    if (!NAME_PATTERN.test(name)) {
      throw new InputError(
        `${JSON.stringify(
          name.slice(0, 80),
        )} is not a valid name (lowercase letters, digits and dashes, at most 63)`,
      );
    }
  }
}
