import type { BackstageCredentials } from '@backstage/backend-plugin-api';
import {
  parseEntityRef,
  stringifyEntityRef,
  type Entity,
} from '@backstage/catalog-model';
import type { CatalogService } from '@backstage/plugin-catalog-node';

/** The fields {@link entityDisplayName} reads: pass them as `fields` to read no more of each entity. */
export const DISPLAY_NAME_FIELDS = [
  'kind',
  'metadata.namespace',
  'metadata.name',
  'metadata.title',
  'spec.profile.displayName',
];

/** What the portal calls an entity: a user's or group's profile display name, else its title, else its name. */
export function entityDisplayName(entity: Entity): string {
  const profile = (entity.spec as { profile?: { displayName?: string } })
    ?.profile;
  return profile?.displayName || entity.metadata.title || entity.metadata.name;
}

/**
 * The display names of entities by ref, read in one request with the given credentials, keyed by the refs as
 * given. A ref the catalog does not have (or that cannot be parsed) is called by its name part, never by the
 * whole ref: `user:default/alice` is `alice`.
 */
export async function displayNamesOf(
  catalog: Pick<CatalogService, 'getEntitiesByRefs'>,
  refs: string[],
  credentials: BackstageCredentials,
): Promise<Map<string, string>> {
  const unique = [...new Set(refs)];
  const names = new Map(unique.map(ref => [ref, entityRefName(ref)]));
  const parsed = unique.flatMap(ref => {
    try {
      return [{ ref, normalised: stringifyEntityRef(parseEntityRef(ref)) }];
    } catch {
      return [];
    }
  });
  if (parsed.length === 0) return names;
  const { items } = await catalog.getEntitiesByRefs(
    { entityRefs: parsed.map(p => p.normalised), fields: DISPLAY_NAME_FIELDS },
    { credentials },
  );
  parsed.forEach(({ ref }, i) => {
    const entity = items[i];
    if (entity) names.set(ref, entityDisplayName(entity));
  });
  return names;
}

/** The name part of a ref (`alice` of `user:default/alice`); the text itself when it is no ref. */
export function entityRefName(ref: string): string {
  try {
    return parseEntityRef(ref).name;
  } catch {
    return ref;
  }
}
