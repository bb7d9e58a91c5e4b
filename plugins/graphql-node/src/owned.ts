import { RELATION_OWNED_BY, type Entity } from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import type { GatewayContext } from './context';

/** The most items a list argument `first` may ask for. */
export const MAX_PAGE = 200;

/** `first` as a page size: a whole number from 0 to `MAX_PAGE` (50 when absent). */
export function pageSize(first: number | undefined): number {
  const n = first ?? 50;
  if (!Number.isInteger(n) || n < 0 || n > MAX_PAGE) {
    throw new InputError(`first must be a whole number from 0 to ${MAX_PAGE}`);
  }
  return n;
}

/**
 * Entities owned by any of `ownerRefs`, by name, read from the catalog with the caller's credentials: the
 * gateway's `Viewer.owned` and `Entity.owns`, and what modules show for the same owners (Home's open alerts
 * for the services Home lists), so that every list agrees. The answer depends on what those owners own, so
 * the response cache drops it when that changes.
 */
export async function ownedEntities(
  catalog: Pick<CatalogService, 'queryEntities'>,
  ctx: GatewayContext,
  ownerRefs: readonly string[],
  options: { kind?: string; first?: number },
): Promise<{ totalItems: number; items: Entity[] }> {
  const limit = pageSize(options.first);
  ctx.cache.dependsOnOwned(ownerRefs);
  if (ownerRefs.length === 0) {
    return { totalItems: 0, items: [] };
  }
  const filter: Record<string, string | string[]> = {
    [`relations.${RELATION_OWNED_BY}`]: [...ownerRefs],
  };
  if (options.kind) {
    filter.kind = options.kind;
  }
  if (limit === 0) {
    const { totalItems } = await catalog.queryEntities(
      { filter, limit: 0 },
      { credentials: ctx.credentials },
    );
    return { totalItems, items: [] };
  }
  const { items, totalItems } = await catalog.queryEntities(
    { filter, limit, orderFields: { field: 'metadata.name', order: 'asc' } },
    { credentials: ctx.credentials },
  );
  items.forEach(e => ctx.cache.dependsOn(e));
  return { totalItems, items };
}
