import type {
  GatewayContext,
  GraphqlSchemaContribution,
} from '@atrium/plugin-graphql-node';
import { stringifyEntityRef, type Entity } from '@backstage/catalog-model';
import {
  buildSchema,
  defaultFieldResolver,
  graphql,
  print,
  type DocumentNode,
  type ExecutionResult,
  type GraphQLFieldResolver,
} from 'graphql';

/** The gateway's types that modules extend, as stand-ins: the viewer, and an entity with its brief fields. */
const STAND_IN_TYPES = /* GraphQL */ `
  type Query {
    viewer: Viewer!
  }
  type Viewer {
    userRef: String!
  }
  type Entity {
    id: ID!
    ref: String!
    kind: String!
    namespace: String!
    name: String!
    title: String
  }
`;

/** The stand-in `Entity`'s fields, read from a catalog entity. */
const ENTITY_FIELDS: Record<string, (e: Entity) => unknown> = {
  id: e => stringifyEntityRef(e),
  ref: e => stringifyEntityRef(e),
  kind: e => e.kind,
  namespace: e => e.metadata.namespace ?? 'default',
  name: e => e.metadata.name,
  title: e => e.metadata.title ?? null,
};

/** What a contribution's resolvers told the gateway's response cache while one query ran. */
export interface RecordedCacheHints {
  maxAges: number[];
  owned: string[][];
}

/**
 * Runs a query over one GraphQL gateway schema contribution, executed by graphql-js with its resolvers on
 * stand-ins of the gateway's `Viewer` and `Entity`, as `user:default/alice` (ownership refs and forwarded
 * headers as given); records the cache hints its resolvers give.
 */
export async function executeContribution(options: {
  contribution: GraphqlSchemaContribution;
  /** The query as text or parsed (e.g. the app's own query document). */
  query: string | DocumentNode;
  ownershipEntityRefs?: string[];
  headers?: Record<string, string | undefined>;
}): Promise<{ result: ExecutionResult } & RecordedCacheHints> {
  const schema = buildSchema(
    `${STAND_IN_TYPES} ${options.contribution.typeDefs}`,
  );
  const resolvers = (options.contribution.resolvers ?? {}) as Record<
    string,
    Record<string, GraphQLFieldResolver<unknown, unknown>>
  >;
  const hints: RecordedCacheHints = { maxAges: [], owned: [] };
  const ctx = {
    credentials: { principal: { userEntityRef: 'user:default/alice' } },
    ownershipEntityRefs: options.ownershipEntityRefs ?? [],
    entities: {},
    cache: {
      maxAge: (s: number) => hints.maxAges.push(s),
      dependsOn: () => {},
      dependsOnOwned: (refs: readonly string[]) => hints.owned.push([...refs]),
    },
    headers: options.headers ?? {},
  } as unknown as GatewayContext;
  const result = await graphql({
    schema,
    source:
      typeof options.query === 'string' ? options.query : print(options.query),
    rootValue: { viewer: { userRef: 'user:default/alice' } },
    contextValue: ctx,
    fieldResolver: (parent, args, context, info) => {
      const own = resolvers[info.parentType.name]?.[info.fieldName];
      if (own) return own(parent, args, context, info);
      const entityField =
        info.parentType.name === 'Entity' && ENTITY_FIELDS[info.fieldName];
      return entityField
        ? entityField(parent as Entity)
        : defaultFieldResolver(parent, args, context, info);
    },
  });
  return { result, ...hints };
}
