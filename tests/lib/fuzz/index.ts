// The fuzzer of tests/fuzz.test.ts: the OpenAPI operations to fuzz (openapi.ts), the generators of requests by
// target (operations.ts, graphql.ts, pages.ts, simulator.ts, from the pieces in primitives.ts, pathParams.ts,
// query.ts, schema.ts, bodies.ts), the credentials by sender (credentials.ts) and the client (client.ts).
export { authorize, type Credentials } from './credentials.ts';
export {
  closeAgent,
  describeResult,
  notSent,
  runBounded,
  type FuzzRequest,
  type FuzzResult,
} from './client.ts';
export { graphqlRequests } from './graphql.ts';
export { openApiOperations, type Operation } from './openapi.ts';
export { operationRequests, plainOperationRequest } from './operations.ts';
export { ssrRequests } from './pages.ts';
export { simulatorRequests } from './simulator.ts';
