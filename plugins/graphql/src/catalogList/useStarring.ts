import type {
  CatalogListData,
  CatalogListItem,
} from '@atrium/plugin-graphql-react';
import { errorApiRef, useApi } from '@backstage/core-plugin-api';
import { starredEntitiesApiRef } from '@backstage/plugin-catalog-react';
import { useCallback, useState } from 'react';

/**
 * Starring from the list, through Backstage's starred entities API (kept by the user-settings backend, as
 * Backstage's own star buttons do). The row shows its new state at once; once the setting is saved, the list
 * is read again (`refetch`), so its counts and the starred filter follow.
 */
export function useStarring(options: { refetch(): Promise<void> }) {
  const starredApi = useApi(starredEntitiesApiRef);
  const errorApi = useApi(errorApiRef);
  const [pending, setPending] = useState<ReadonlyMap<string, boolean>>(
    new Map(),
  );
  const { refetch } = options;

  const toggle = useCallback(
    async (item: CatalogListItem) => {
      const ref = item.entity.ref;
      setPending(p => new Map(p).set(ref, !item.starred));
      try {
        await starredApi.toggleStarred(ref);
        await refetch();
      } catch (error) {
        errorApi.post(error as Error);
      } finally {
        setPending(p => {
          const next = new Map(p);
          next.delete(ref);
          return next;
        });
      }
    },
    [starredApi, errorApi, refetch],
  );

  /** The data with the stars being saved shown as they will be. */
  const apply = useCallback(
    (data: CatalogListData): CatalogListData =>
      pending.size === 0
        ? data
        : {
            catalog: {
              ...data.catalog,
              items: data.catalog.items.map(i =>
                pending.has(i.entity.ref)
                  ? { ...i, starred: pending.get(i.entity.ref)! }
                  : i,
              ),
            },
          },
    [pending],
  );

  return { toggle, apply };
}
