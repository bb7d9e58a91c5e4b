import {
  type Entity,
  RELATION_CHILD_OF,
  RELATION_MEMBER_OF,
  stringifyEntityRef,
} from '@backstage/catalog-model';

/** Loads entities by ref, in the order asked, `undefined` where one is missing (the catalog's batch read). */
export type LoadEntities = (
  refs: string[],
) => Promise<Array<Entity | undefined>>;

const targets = (entity: Entity, type: string) =>
  (entity.relations ?? [])
    .filter(r => r.type === type)
    .map(r => r.targetRef.toLocaleLowerCase('en-US'));

/**
 * The refs a user acts as: the user, every group they are a member of, and those groups' parents up to
 * `maxDepth` levels. So a member of `team-payments` (a child of `commerce`) also owns what `commerce` owns,
 * which is what "members of the owning group, directly or through a child group" means.
 *
 * Reads one batch per level of the hierarchy, never one request per group, and stops at cycles.
 */
export async function resolveOwnershipEntityRefs(
  user: Entity,
  loadEntities: LoadEntities,
  maxDepth = 10,
): Promise<string[]> {
  const owned = new Set<string>([
    stringifyEntityRef(user).toLocaleLowerCase('en-US'),
  ]);
  let frontier = [...new Set(targets(user, RELATION_MEMBER_OF))];
  for (let depth = 0; frontier.length > 0; depth++) {
    frontier = frontier.filter(ref => !owned.has(ref));
    frontier.forEach(ref => owned.add(ref));
    if (depth >= maxDepth || frontier.length === 0) break;
    const groups = await loadEntities(frontier);
    frontier = [
      ...new Set(
        groups.flatMap(group =>
          group ? targets(group, RELATION_CHILD_OF) : [],
        ),
      ),
    ];
  }
  return [...owned];
}

/** Whether any of the caller's ownership refs names one of the platform-admin groups. */
export function isPlatformAdmin(
  ownershipEntityRefs: string[],
  platformAdmins: string[],
): boolean {
  const mine = new Set(
    ownershipEntityRefs.map(r => r.toLocaleLowerCase('en-US')),
  );
  return platformAdmins.some(ref => mine.has(ref.toLocaleLowerCase('en-US')));
}

/** Whether `entity` is owned by one of the caller's ownership refs (the rule the catalog applies). */
export function ownsEntity(
  ownershipEntityRefs: string[],
  entity: Entity,
): boolean {
  const mine = new Set(
    ownershipEntityRefs.map(r => r.toLocaleLowerCase('en-US')),
  );
  return (entity.relations ?? []).some(
    r =>
      r.type === 'ownedBy' && mine.has(r.targetRef.toLocaleLowerCase('en-US')),
  );
}
