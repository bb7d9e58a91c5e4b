import { ApolloProvider } from '@apollo/client/react';
import {
  discoveryApiRef,
  errorApiRef,
  fetchApiRef,
  identityApiRef,
  useApi,
} from '@backstage/core-plugin-api';
import { useEffect, type ReactNode } from 'react';
import {
  matchSsrPage,
  prefetchCatalogList,
  prefetchEntity,
} from '@atrium/plugin-graphql-react';
import { configureAtriumApollo, getAtriumApollo } from './apollo';
import { prefetchCatalogEntity } from './catalogPrefetch';
import { NavigationLayer } from './NavigationLayer';

/**
 * Any link to an entity's page, anywhere in the app (the catalog table, search results, Backstage's own entity
 * links), prefetches that entity's overview when the pointer rests on it or it gets focus; any link to the
 * catalog list (the sidebar's Catalog, Home's counts, a shared filtered list) prefetches that view of it.
 */
function prefetchEntityLinks(event: Event) {
  const anchor = (event.target as Element | null)?.closest?.('a[href]');
  if (!anchor) return;
  const url = new URL((anchor as HTMLAnchorElement).href, window.location.href);
  if (url.origin !== window.location.origin) return;
  const page = matchSsrPage(url.pathname);
  if (page?.page === 'entity') {
    prefetchEntity(getAtriumApollo(), page.ref);
    prefetchCatalogEntity(page.ref);
  } else if (
    page?.page === 'catalog' &&
    // Not from the list itself (its filter, sort and page links): the view they lead to is read when clicked.
    window.location.pathname.replace(/\/$/, '') !== '/catalog'
  ) {
    prefetchCatalogList(getAtriumApollo(), url.search.slice(1));
  }
}

type CookieAuth = {
  enableCookieAuth?(ctx: {
    discoveryApi: unknown;
    errorApi: unknown;
    fetchApi: unknown;
  }): void;
};

/**
 * The app root's wrapper: gives every page the Apollo Client, points it at the gateway with the app's fetch,
 * prefetches entities whose links are pointed at and shows a prefetched entity at once when one is opened
 * (`NavigationLayer`), and keeps Backstage's user cookie fresh (its own refresh, also used by Backstage's
 * protected mode; sign-out deletes it), so the server can render the next page load for this user.
 */
export function AtriumApolloRoot(props: { children: ReactNode }) {
  const discoveryApi = useApi(discoveryApiRef);
  const fetchApi = useApi(fetchApiRef);
  const errorApi = useApi(errorApiRef);
  const identityApi = useApi(identityApiRef) as unknown as CookieAuth;

  useEffect(() => {
    let live = true;
    discoveryApi.getBaseUrl('graphql').then(uri => {
      if (live) configureAtriumApollo({ uri, fetch: fetchApi.fetch });
    });
    identityApi.enableCookieAuth?.({ discoveryApi, errorApi, fetchApi });
    document.addEventListener('mouseover', prefetchEntityLinks, {
      passive: true,
    });
    document.addEventListener('focusin', prefetchEntityLinks);
    return () => {
      live = false;
      document.removeEventListener('mouseover', prefetchEntityLinks);
      document.removeEventListener('focusin', prefetchEntityLinks);
    };
  }, [discoveryApi, fetchApi, errorApi, identityApi]);

  return (
    <ApolloProvider client={getAtriumApollo()}>
      {props.children}
      <NavigationLayer />
    </ApolloProvider>
  );
}
