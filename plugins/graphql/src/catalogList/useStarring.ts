import type {
  CatalogListData,
  CatalogListItem,
} from '@atrium/plugin-graphql-react';
import { errorApiRef, useApi } from '@backstage/core-plugin-api';
import {
  starredEntitiesApiRef,
  type StarredEntitiesApi,
} from '@backstage/plugin-catalog-react';
import { useCallback, useState } from 'react';

/** How long a click waits for the starred entities API to have read the stored stars. */
const STARS_LOAD_TIMEOUT_MS = 5000;

/**
 * The API's starred refs once they agree with what the row shows for `ref` (the stored stars are read after
 * the page loads), or the latest it has after `timeoutMs`.
 *
 * Backstage's `toggleStarred` decides from the API's own list: a click before that list is read would star an
 * entity the row shows starred again instead of removing its star (seen in the browser test under load).
 */
function starsAgreeing(
  api: StarredEntitiesApi,
  ref: string,
  shownStarred: boolean,
  timeoutMs: number,
): Promise<Set<string>> {
  return new Promise(resolve => {
    let latest = new Set<string>();
    let finished = false;
    let timer: ReturnType<typeof setTimeout> | undefined = undefined;
    const stop: { subscription?: { unsubscribe(): void } } = {};
    const finish = () => {
      if (finished) return;
      finished = true;
      clearTimeout(timer);
      stop.subscription?.unsubscribe();
      resolve(latest);
    };
    timer = setTimeout(finish, timeoutMs);
    stop.subscription = api.starredEntitie$().subscribe({
      next: stars => {
        latest = stars;
        if (stars.has(ref) === shownStarred) finish();
      },
    });
    // The first value may have come synchronously, before `subscription` was set.
    if (finished) stop.subscription.unsubscribe();
  });
}

/**
 * Starring from the list, through Backstage's starred entities API (kept by the user-settings backend, as
 * Backstage's own star buttons do). The row shows its new state at once; once the setting is saved, the list
 * is read again (`refetch`), so its counts and the starred filter follow.
 */
export function useStarring(options: {
  refetch(): Promise<void>;
  /** How long a click waits for the stored stars (tests). */
  starsLoadTimeoutMs?: number;
}) {
  const starredApi = useApi(starredEntitiesApiRef);
  const errorApi = useApi(errorApiRef);
  const [pending, setPending] = useState<ReadonlyMap<string, boolean>>(
    new Map(),
  );
  const { refetch, starsLoadTimeoutMs = STARS_LOAD_TIMEOUT_MS } = options;

  const toggle = useCallback(
    async (item: CatalogListItem) => {
      const ref = item.entity.ref;
      const wanted = !item.starred;
      setPending(p => new Map(p).set(ref, wanted));
      try {
        const stars = await starsAgreeing(
          starredApi,
          ref,
          item.starred,
          starsLoadTimeoutMs,
        );
        // Toggle only where the API's list is not already what the click asks for.
        if (stars.has(ref) !== wanted) await starredApi.toggleStarred(ref);
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
    [starredApi, errorApi, refetch, starsLoadTimeoutMs],
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
