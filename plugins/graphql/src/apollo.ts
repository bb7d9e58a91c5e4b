import type { ApolloClient } from '@apollo/client';
import {
  createAtriumApolloClient,
  readEmbeddedState,
} from '@atrium/plugin-graphql-react';

type Fetch = typeof fetch;

let configured: (value: { uri: string; fetch: Fetch }) => void;
const ready = new Promise<{ uri: string; fetch: Fetch }>(resolve => {
  configured = resolve;
});

let client: ApolloClient | undefined;

/**
 * The app's one Apollo Client. It starts from the cache state a server-rendered page embedded, so the
 * server's content is hydrated and the app's pages render it again without fetching. It is made before the app's
 * APIs exist (the server's content is hydrated first); its requests wait until `configureAtriumApollo` gives it
 * the gateway's URL and the app's fetch (which adds the user's token).
 */
export function getAtriumApollo(): ApolloClient {
  client ??= createAtriumApolloClient({
    uri: async () => (await ready).uri,
    fetch: (async (input: RequestInfo | URL, init?: RequestInit) =>
      (await ready).fetch(input, init)) as Fetch,
    state:
      typeof document === 'undefined' ? undefined : readEmbeddedState(document),
  });
  return client;
}

export function configureAtriumApollo(options: { uri: string; fetch: Fetch }) {
  configured(options);
}
