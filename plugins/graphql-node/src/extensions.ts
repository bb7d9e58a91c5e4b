import { createExtensionPoint } from '@backstage/backend-plugin-api';
import type { GatewayContext } from './context';

/** A resolver function, as graphql-js calls it: parent value, arguments, the request's context, info. */
type Resolver = (
  parent: any,
  args: any,
  context: GatewayContext,
  info: any,
) => unknown;

/**
 * Resolvers by type name and field name (`{ Entity: { compute: (entity, args, ctx) => ... } }`). Custom
 * scalars may be given as `GraphQLScalarType`s.
 */
export type GatewayResolvers = Record<
  string,
  Record<string, Resolver> | unknown
>;

/** A module's part of the gateway's schema. */
export interface GraphqlSchemaContribution {
  /**
   * SDL. Extend the gateway's types with `extend type Query { ... }` or `extend type Entity { ... }`, and add
   * types of your own.
   */
  typeDefs: string;
  resolvers?: GatewayResolvers;
  /**
   * The most each field of this contribution may cost in a query (the gateway's cost limit), per field name
   * as `Type.field`: a list field that returns up to N items counts its selection N times. Fields not named
   * here cost 1, and list fields take the count from a `first` argument when they have one.
   */
  listSizes?: Record<string, number>;
  /**
   * Request headers this contribution's resolvers read, by lower-case name: e.g. the user's own token for an
   * upstream that the reviews module passes on to GitHub. Only headers some contribution declares reach
   * resolvers (as `ctx.headers`), and the gateway's response cache keeps answers apart by their values, so an
   * answer made with one user's token is never served to a request without it or with another. Atrium's own
   * credentials (`authorization`, `cookie`) cannot be declared.
   */
  forwardedHeaders?: string[];
}

export interface GraphqlSchemaExtensionPoint {
  addSchema(contribution: GraphqlSchemaContribution): void;
}

/**
 * Lets backend modules of the `graphql` plugin add types, fields and resolvers to Atrium's GraphQL gateway.
 * The gateway merges every contribution into one schema at startup.
 */
export const graphqlSchemaExtensionPoint =
  createExtensionPoint<GraphqlSchemaExtensionPoint>({
    id: 'graphql.schema',
  });
