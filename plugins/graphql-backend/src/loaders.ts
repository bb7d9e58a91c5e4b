import type { BackstageCredentials } from '@backstage/backend-plugin-api';
import {
  parseEntityRef,
  stringifyEntityRef,
  type Entity,
} from '@backstage/catalog-model';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import type { EntityLoader } from '@atrium/plugin-graphql-node';
import DataLoader from 'dataloader';

/** The one spelling of an entity ref the gateway compares and caches by: `kind:namespace/name`, lower case. */
export function normalizeRef(ref: string): string {
  return stringifyEntityRef(parseEntityRef(ref)).toLocaleLowerCase('en-US');
}

/** A ref that names no entity (`""`, `a:b:c/d/e`) loads as nothing instead of failing the whole query. */
function tryNormalize(ref: string): string | undefined {
  try {
    return normalizeRef(ref);
  } catch {
    return undefined;
  }
}

/** The largest batch sent to the catalog in one call. */
const MAX_BATCH = 500;

/**
 * The request's entity loader: every `load` made while one level of the query resolves is sent to the catalog
 * as one `getEntitiesByRefs` call with the caller's credentials, so the catalog leaves out what the caller may
 * not see, and an entity asked for twice is fetched once. `onLoad` hears of every entity read, `onMissing` of
 * every ref that read nothing (not in the catalog, or not for this caller), by its normalized spelling.
 */
export function createEntityLoader(options: {
  catalog: CatalogService;
  credentials: BackstageCredentials;
  onLoad?: (entity: Entity) => void;
  onMissing?: (ref: string) => void;
}): EntityLoader & { calls(): number } {
  const { catalog, credentials, onLoad, onMissing } = options;
  let calls = 0;
  const loader = new DataLoader<string, Entity | undefined, string>(
    async refs => {
      calls += 1;
      const { items } = await catalog.getEntitiesByRefs(
        { entityRefs: refs as string[] },
        { credentials },
      );
      return items.map((entity, i) => {
        if (entity) {
          onLoad?.(entity);
        } else {
          onMissing?.(refs[i]);
        }
        return entity ?? undefined;
      });
    },
    { maxBatchSize: MAX_BATCH },
  );
  return {
    async load(ref) {
      const key = tryNormalize(ref);
      return key ? loader.load(key) : undefined;
    },
    async loadMany(refs) {
      return Promise.all(refs.map(ref => this.load(ref)));
    },
    calls: () => calls,
  };
}
