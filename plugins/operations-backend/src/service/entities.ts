import type { BackstageCredentials } from '@backstage/backend-plugin-api';
import type { CallerCatalog } from '@atrium/plugin-catalog-reads-node';
import {
  parseEntityRef,
  stringifyEntityRef,
  type CompoundEntityRef,
  type Entity,
} from '@backstage/catalog-model';
import { InputError, NotFoundError } from '@backstage/errors';
import type { Matcher } from '@atrium/plugin-operations-common';
import { componentMatchers } from '../alertmanager/matchers';
import type { AlertSelection } from '../alerts/AlertStore';

const NAME = /^[A-Za-z0-9][-A-Za-z0-9_.]{0,62}$/;

/**
 * The components that metrics, alerts and silences are about: read from the catalog with the caller's
 * credentials, and the label matchers that select their alerts. Shared by the three.
 */
export class OperationsEntities {
  constructor(
    private readonly deps: {
      /** The catalog read with the caller's credentials, its answers kept a few seconds per caller. */
      catalog: Pick<CallerCatalog, 'getEntityByRef' | 'getEntitiesByRefs'>;
      /** The alert label naming the component (operations.alerts.componentLabel). */
      componentLabel: string;
    },
  ) {}

  /**
   * The entity, read with the caller's credentials; 404 when it does not exist or the caller may not see it.
   * Reads may be answered from the last few seconds' answer to the same caller (`operations.catalogTtlMs`);
   * `fresh` asks the catalog now, for writes.
   */
  async entity(
    ref: CompoundEntityRef,
    credentials: BackstageCredentials,
    options?: { fresh?: boolean },
  ): Promise<Entity> {
    for (const part of [ref.namespace, ref.kind, ref.name]) {
      if (!NAME.test(part)) {
        throw new InputError(`${JSON.stringify(part)} is not an entity name`);
      }
    }
    const entity = await this.deps.catalog.getEntityByRef(
      stringifyEntityRef({
        namespace: ref.namespace,
        kind: ref.kind.toLocaleLowerCase('en-US'),
        name: ref.name,
      }),
      credentials,
      options,
    );
    if (!entity) {
      throw new NotFoundError(
        `No ${ref.kind} ${ref.namespace}/${ref.name} in the catalog`,
      );
    }
    return entity;
  }

  /** The entity by a ref string from the request (400 when it is not a ref), as `entity` reads it. */
  async entityByRef(
    entityRef: string,
    credentials: BackstageCredentials,
  ): Promise<Entity> {
    let ref: CompoundEntityRef;
    try {
      ref = parseEntityRef(entityRef);
    } catch {
      // The ref comes from the request (the route's path): a malformed one is the caller's mistake, not ours.
      throw new InputError(`${JSON.stringify(entityRef)} is not an entity ref`);
    }
    return this.entity(ref, credentials);
  }

  /** Many entities by ref, in the order asked; null where the caller may not see one or it does not exist. */
  entities(
    entityRefs: string[],
    credentials: BackstageCredentials,
  ): Promise<Array<Entity | undefined>> {
    return this.deps.catalog.getEntitiesByRefs(entityRefs, credentials);
  }

  /** The matchers that select the entity's alerts (its annotation's, or the component label's). */
  matchersOf(entity: Entity): Matcher[] {
    return componentMatchers(entity, this.deps.componentLabel);
  }

  /** By the indexed component column when the matchers are the default one; by all labels otherwise. */
  selectionOf(matchers: Matcher[]): AlertSelection {
    const [m] = matchers;
    if (
      matchers.length === 1 &&
      m.name === this.deps.componentLabel &&
      !m.isRegex &&
      m.isEqual !== false
    ) {
      return { component: m.value };
    }
    return { matchers };
  }
}
