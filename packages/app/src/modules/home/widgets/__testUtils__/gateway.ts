/*
 * The GraphQL gateway as Home's widgets' tests see it: a client answering every query at once (no network).
 */
import { fakeGatewayClient } from '@atrium/plugin-graphql-react/testing';

/** A GraphQL error as the gateway answers it. */
export type GatewayError = {
  message: string;
  path?: string[];
  extensions?: Record<string, unknown>;
};

/** One answer: the viewer's fields (each with its `__typename`), or the errors instead of data. */
export type GatewayAnswer =
  | { viewer: Record<string, unknown>; errors?: undefined }
  | { viewer?: undefined; errors: GatewayError[] };

/**
 * A client whose every query is answered with `answer` (a function answers by the request's headers), under
 * `viewer` as the gateway's schema has it. `requests` gets each request's headers.
 */
export function fakeGateway(
  answer: GatewayAnswer | ((headers: Record<string, string>) => GatewayAnswer),
  requests: Array<Record<string, string>> = [],
) {
  return fakeGatewayClient(operation => {
    const headers = operation.getContext().headers ?? {};
    requests.push(headers);
    const given = typeof answer === 'function' ? answer(headers) : answer;
    return given.viewer
      ? { data: { viewer: { __typename: 'Viewer', ...given.viewer } } }
      : { data: null, errors: given.errors };
  });
}
