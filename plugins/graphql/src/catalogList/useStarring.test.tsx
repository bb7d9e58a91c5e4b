import { errorApiRef } from '@backstage/core-plugin-api';
import { TestApiProvider } from '@backstage/frontend-test-utils';
import {
  starredEntitiesApiRef,
  type StarredEntitiesApi,
} from '@backstage/plugin-catalog-react';
import type { CatalogListItem } from '@atrium/plugin-graphql-react';
import { act, renderHook } from '@testing-library/react';
import type { ReactNode } from 'react';
import { Observable } from 'rxjs';
import { useStarring } from './useStarring';

const REF = 'component:default/payments-gateway';

/**
 * Backstage's default starred entities API as it behaves right after a page load: its list is empty until the
 * stored stars are read, and `toggleStarred` decides from that list.
 */
function storedStarsApi(stored: string[]) {
  let stars = new Set<string>();
  const listeners = new Set<(s: Set<string>) => void>();
  const saved: string[][] = [];
  const api: StarredEntitiesApi = {
    async toggleStarred(ref) {
      if (stars.has(ref)) stars.delete(ref);
      else stars.add(ref);
      saved.push([...stars]);
    },
    starredEntitie$: () =>
      new Observable<Set<string>>(subscriber => {
        subscriber.next(new Set(stars));
        const listener = (s: Set<string>) => subscriber.next(new Set(s));
        listeners.add(listener);
        return () => listeners.delete(listener);
      }) as any,
  };
  const load = () => {
    stars = new Set(stored);
    listeners.forEach(l => l(stars));
  };
  return { api, load, saved };
}

const row = (starred: boolean) =>
  ({ starred, entity: { ref: REF } } as unknown as CatalogListItem);

function render(api: StarredEntitiesApi) {
  const refetch = jest.fn(async () => {});
  const wrapper = ({ children }: { children: ReactNode }) => (
    <TestApiProvider
      apis={[
        [starredEntitiesApiRef, api],
        [errorApiRef, { post: jest.fn(), error$: jest.fn() }],
      ]}
    >
      {children}
    </TestApiProvider>
  );
  const { result } = renderHook(
    () => useStarring({ refetch, starsLoadTimeoutMs: 2000 }),
    { wrapper },
  );
  return { result, refetch };
}

describe('useStarring', () => {
  it('removes the star of a starred row clicked before the stored stars were read (it starred it again)', async () => {
    const { api, load, saved } = storedStarsApi([REF]);
    const { result, refetch } = render(api);
    let click: Promise<void> | undefined;
    act(() => {
      click = result.current.toggle(row(true));
    });
    load(); // the stored stars arrive after the click
    await act(async () => {
      await click;
    });
    expect(saved).toEqual([[]]);
    expect(refetch).toHaveBeenCalledTimes(1);
  });

  it('stars an unstarred row at once when the stars are read', async () => {
    const { api, load, saved } = storedStarsApi([]);
    load();
    const { result } = render(api);
    await act(async () => {
      await result.current.toggle(row(false));
    });
    expect(saved).toEqual([[REF]]);
  });

  it('does not toggle away from what the click asks for when the list never agrees with the row', async () => {
    // The row shows it unstarred, yet the stored stars have it: the click's wish (starred) already holds.
    const { api, load, saved } = storedStarsApi([REF]);
    load();
    const { result, refetch } = render(api);
    await act(async () => {
      await result.current.toggle(row(false));
    });
    expect(saved).toEqual([]);
    expect(refetch).toHaveBeenCalledTimes(1);
  }, 10_000);
});
