/**
 * Atrium's GraphQL gateway, for the backend modules that extend it: `graphqlSchemaExtensionPoint` takes a
 * module's type definitions and resolvers, and `GatewayContext` is what every resolver gets (the caller's
 * credentials, the batched entity loader, the response cache's hints).
 *
 * @packageDocumentation
 */
export {
  graphqlSchemaExtensionPoint,
  type GraphqlSchemaContribution,
  type GraphqlSchemaExtensionPoint,
  type GatewayResolvers,
} from './extensions';
export type {
  GatewayContext,
  EntityLoader,
  ResponseCacheHints,
} from './context';
