import {
  catalogSearch,
  type CatalogListData,
  type CatalogListState,
} from '@atrium/plugin-graphql-react';
import { identityApiRef, useApi } from '@backstage/core-plugin-api';
import {
  catalogApiRef,
  starredEntitiesApiRef,
} from '@backstage/plugin-catalog-react';
import { useCallback, useEffect, useRef, useState } from 'react';
import { readRestCatalogList } from './restCatalogList';

export interface RestCatalogList {
  /** The view asked for, once read. */
  data?: CatalogListData;
  /** The last view read, shown while the next one is read. */
  previous?: CatalogListData;
  loading: boolean;
  error?: Error;
  /** Reads the view again (after starring). */
  reload(): void;
}

/**
 * The catalog list from the catalog's REST API (`readRestCatalogList`), for when the gateway is down; nothing
 * is read until `enabled`. Starred entities come from Backstage's starred entities API, so a star toggled here
 * shows at once.
 */
export function useRestCatalogList(
  state: CatalogListState,
  enabled: boolean,
): RestCatalogList {
  const catalogApi = useApi(catalogApiRef);
  const identityApi = useApi(identityApiRef);
  const starredApi = useApi(starredEntitiesApiRef);
  const [starred, setStarred] = useState<ReadonlySet<string>>();
  const [version, setVersion] = useState(0);
  const [result, setResult] = useState<{
    key: string;
    data?: CatalogListData;
    error?: Error;
  }>();
  const previous = useRef<CatalogListData>();

  useEffect(() => {
    if (!enabled) return undefined;
    const subscription = starredApi
      .starredEntitie$()
      .subscribe({ next: refs => setStarred(new Set(refs)) });
    return () => subscription.unsubscribe();
  }, [enabled, starredApi]);

  const key = `${catalogSearch(state)}#${version}`;
  useEffect(() => {
    if (!enabled || !starred) return undefined;
    let live = true;
    (async () => {
      const { ownershipEntityRefs } = await identityApi.getBackstageIdentity();
      return readRestCatalogList(state, {
        catalogApi,
        ownershipRefs: ownershipEntityRefs,
        starred,
      });
    })().then(
      data => {
        if (!live) return;
        previous.current = data;
        setResult({ key, data });
      },
      error => live && setResult({ key, error }),
    );
    return () => {
      live = false;
    };
    // `key` names the state and the reload; the state object itself changes with every URL read.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [enabled, key, starred, catalogApi, identityApi]);

  const reload = useCallback(() => setVersion(v => v + 1), []);
  const current = result?.key === key ? result : undefined;
  return {
    data: current?.data,
    previous: previous.current,
    loading: enabled && !current,
    error: current?.error,
    reload,
  };
}
