import { ApolloProvider } from '@apollo/client/react';
import {
  discoveryApiRef,
  errorApiRef,
  fetchApiRef,
  identityApiRef,
  useApi,
} from '@backstage/core-plugin-api';
import { useEffect, type ReactNode } from 'react';
import { configureAtriumApollo, getAtriumApollo } from './apollo';

type CookieAuth = {
  enableCookieAuth?(ctx: {
    discoveryApi: unknown;
    errorApi: unknown;
    fetchApi: unknown;
  }): void;
};

/**
 * The app root's wrapper: gives every page the Apollo Client, points it at the gateway with the app's fetch,
 * and keeps Backstage's user cookie fresh (its own refresh, also used by Backstage's protected mode; sign-out
 * deletes it), so the server can render the next page load for this user.
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
    return () => {
      live = false;
    };
  }, [discoveryApi, fetchApi, errorApi, identityApi]);

  return (
    <ApolloProvider client={getAtriumApollo()}>{props.children}</ApolloProvider>
  );
}
