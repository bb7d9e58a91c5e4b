/**
 * Atrium's GraphQL gateway, for the backend modules that extend it: `graphqlSchemaExtensionPoint` takes a
 * module's type definitions and resolvers, `GatewayContext` is what every resolver gets (the caller's
 * credentials, the batched entity loader, the response cache's hints), `ownedEntities` reads what the
 * gateway lists as owned by some users or groups, and `gatewayCoreTypeDefs` is the gateway's own schema (the
 * `Query`, `Viewer` and `Entity` that modules extend).
 *
 * @packageDocumentation
 */
export {
  graphqlSchemaExtensionPoint,
  type GraphqlSchemaContribution,
  type GraphqlSchemaExtensionPoint,
  type GatewayResolvers,
} from './extensions';
export { MAX_PAGE, ownedEntities, pageSize } from './owned';
export { gatewayCoreTypeDefs } from './coreTypeDefs';
export type {
  GatewayContext,
  EntityLoader,
  ResponseCacheHints,
} from './context';
