import { ApolloLink, type ApolloClient } from '@apollo/client';
import { Observable } from 'rxjs';
import { createAtriumApolloClient } from '../client';

/** What the fake gateway answers a request: its result (data and errors), or an Error when the request fails. */
export type FakeGatewayAnswer = ApolloLink.Result | Error;

/**
 * Atrium's Apollo Client (its cache policies) on a fake gateway: each operation is answered at once, without a
 * network, by `answer` (which may record the operation's variables or headers).
 */
export function fakeGatewayClient(
  answer: (operation: ApolloLink.Operation) => FakeGatewayAnswer,
): ApolloClient {
  return createAtriumApolloClient({
    uri: 'http://unused',
    link: new ApolloLink(
      operation =>
        new Observable(observer => {
          const result = answer(operation);
          if (result instanceof Error) {
            observer.error(result);
            return;
          }
          observer.next(result);
          observer.complete();
        }),
    ),
  });
}
