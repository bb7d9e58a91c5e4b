/**
 * Test fixtures of the GraphQL gateway on the frontend (`@atrium/plugin-graphql-react/testing`), for the tests
 * of the gateway family and of the app: entities, an entity overview and a pull request as the gateway answers
 * them, and an Apollo Client on a fake gateway (no network). Test code only.
 *
 * @packageDocumentation
 */
export { gatewayEntity, gatewayEntityOverview, PULL_REQUEST } from './fixtures';
export { fakeGatewayClient, type FakeGatewayAnswer } from './fakeGateway';
