import { useApolloClient, useQuery } from '@apollo/client/react';
import {
  announcePageReady,
  CATALOG_LIST_QUERY,
  CatalogList,
  catalogListVariables,
  catalogPath,
  parseCatalogSearch,
  withFilter,
  type CatalogListData,
  type CatalogListItem,
  type CatalogListState,
} from '@atrium/plugin-graphql-react';
import { Progress, ResponseErrorPanel } from '@backstage/core-components';
import { configApiRef, useApi } from '@backstage/core-plugin-api';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { useLocation, useNavigate } from 'react-router-dom';
import { useViewLinks } from '../useViewLinks';
import { useRestCatalogList } from './useRestCatalogList';
import { useStarring } from './useStarring';

/** How long the search box waits after the last keystroke before the list follows. */
const SEARCH_DEBOUNCE_MS = 300;

/**
 * Atrium's catalog list, in place of Backstage's catalog index page: every view is a URL (filters, search,
 * sort, page), read with one gateway request, from the cache when the server rendered it or a link's hover
 * read it ahead. When the gateway does not answer, the same view is read from the catalog's REST API.
 */
export function CatalogListPage() {
  const location = useLocation();
  const navigate = useNavigate();
  const links = useViewLinks();
  const client = useApolloClient();
  const organization =
    useApi(configApiRef).getOptionalString('organization.name') ?? 'Backstage';
  const state = useMemo(
    () => parseCatalogSearch(location.search),
    [location.search],
  );
  const variables = useMemo(() => catalogListVariables(state), [state]);

  const onChange = useCallback(
    (next: CatalogListState, options?: { replace?: boolean }) =>
      navigate(catalogPath(next), { replace: options?.replace }),
    [navigate],
  );

  // The gateway, until it fails: then the catalog's REST API, for as long as the page is open. A page asked for
  // with a cursor the gateway refuses (issued for another view, or by the plain app) is the first page instead.
  const [plain, setPlain] = useState(false);
  const gateway = useQuery<CatalogListData>(CATALOG_LIST_QUERY, {
    variables,
    skip: plain,
  });
  const failed = Boolean(gateway.error);
  useEffect(() => {
    if (!failed) return;
    if (state.after) {
      onChange(withFilter(state, 'after', undefined), { replace: true });
    } else {
      setPlain(true);
    }
  }, [failed, state, onChange]);
  const rest = useRestCatalogList(state, plain);

  const starring = useStarring({
    refetch: async () => {
      if (plain) {
        rest.reload();
        return;
      }
      // Every cached view may now count or flag stars wrongly: drop them (quietly), then read this one again.
      client.cache.evict({
        id: 'ROOT_QUERY',
        fieldName: 'catalog',
        broadcast: false,
      });
      await gateway.refetch();
    },
  });

  // The search box runs ahead of the URL while the user types.
  const [text, setText] = useState(state.q);
  useEffect(() => {
    setText(current => (current.trim() === state.q ? current : state.q));
  }, [state.q]);
  useEffect(() => {
    const q = text.trim();
    if (q === state.q) return undefined;
    const timer = setTimeout(
      () => onChange(withFilter(state, 'q', q), { replace: true }),
      SEARCH_DEBOUNCE_MS,
    );
    return () => clearTimeout(timer);
  }, [text, state, onChange]);

  const data = plain
    ? rest.data ?? rest.previous
    : gateway.data ?? gateway.previousData;
  const shown = Boolean(data);
  useEffect(() => {
    if (shown) announcePageReady('catalog');
  }, [shown]);

  if (!data) {
    if (plain && rest.error) return <ResponseErrorPanel error={rest.error} />;
    return <Progress />;
  }
  const busy = plain ? !rest.data || rest.loading : gateway.loading;
  return (
    <div style={{ padding: 24 }}>
      <CatalogList
        data={starring.apply(data)}
        state={state}
        title={`${organization} Catalog`}
        text={text}
        onText={setText}
        onChange={onChange}
        onToggleStar={(item: CatalogListItem) => starring.toggle(item)}
        busy={busy}
        note={plain ? 'Read from the catalog directly.' : undefined}
        {...links}
      />
    </div>
  );
}
