import {
  gatewayCoreTypeDefs,
  type GatewayContext,
  type GraphqlSchemaContribution,
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

/**
 * The brief fields of the gateway's `Entity`, read from a catalog entity (the gateway's own resolvers are not
 * here: a module's resolvers give the entities, and a query of a module's test asks no more of them).
 */
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
 * Runs a query over one GraphQL gateway schema contribution, executed by graphql-js with its resolvers on the
 * gateway's own types (`gatewayCoreTypeDefs`: its `Viewer` with `userRef`, its `Entity` with the brief fields
 * resolved from a catalog entity), as `user:default/alice` (ownership refs and forwarded
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
    `${gatewayCoreTypeDefs} ${options.contribution.typeDefs}`,
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
