import {
  stringifyEntityRef,
  RELATION_HAS_MEMBER,
  RELATION_MEMBER_OF,
  RELATION_OWNED_BY,
  RELATION_PART_OF,
  RELATION_CHILD_OF,
  RELATION_PARENT_OF,
  type Entity,
} from '@backstage/catalog-model';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import {
  gatewayCoreTypeDefs,
  MAX_PAGE,
  ownedEntities,
  type GatewayContext,
  type GraphqlSchemaContribution,
} from '@atrium/plugin-graphql-node';
import { GraphQLScalarType, Kind, valueFromASTUntyped } from 'graphql';
import { InputError } from '@backstage/errors';
import { normalizeRef } from '../loaders';
import { entitySource } from './entitySource';

const JSONScalar = new GraphQLScalarType({
  name: 'JSON',
  serialize: value => value,
  parseValue: value => value,
  parseLiteral: (ast, variables) =>
    ast.kind === Kind.NULL ? null : valueFromASTUntyped(ast, variables),
});

export function entityId(entity: Entity): string {
  return normalizeRef(stringifyEntityRef(entity));
}

function relationTargets(entity: Entity, type: string): string[] {
  return (entity.relations ?? [])
    .filter(r => r.type === type)
    .map(r => r.targetRef);
}

async function loadAll(ctx: GatewayContext, refs: string[]) {
  const loaded = await ctx.entities.loadMany(refs);
  return loaded.filter((e): e is Entity => Boolean(e));
}

/**
 * The entity's relations whose target the caller may read. The catalog stores relations on both ends at
 * ingestion, so a team's `ownerOf` or a system's `hasPart` names an owners-only entity to everyone who reads
 * the team or the system; the targets are read through the request's loader with the caller's credentials
 * (batched with the rest of the query's level, and shared with `Relation.target`), and those the catalog
 * does not return are left out.
 */
async function readableRelations(
  entity: Entity,
  ctx: GatewayContext,
  type?: string,
): Promise<Array<{ type: string; targetRef: string }>> {
  const relations = (entity.relations ?? []).filter(
    r => !type || r.type === type,
  );
  const targets = await ctx.entities.loadMany(relations.map(r => r.targetRef));
  return relations
    .filter((_, i) => targets[i] !== undefined)
    .map(r => ({ type: r.type, targetRef: r.targetRef }));
}

/**
 * The gateway's own schema (`gatewayCoreTypeDefs`, in graphql-node): the viewer and catalog entities with their
 * relations, what Home and the component overview need, with its resolvers. Other plugins extend `Query` and
 * `Entity` through the extension point.
 */
export function coreSchema(deps: {
  catalog: CatalogService;
}): GraphqlSchemaContribution {
  const { catalog } = deps;
  return {
    typeDefs: gatewayCoreTypeDefs,
    listSizes: {
      'Viewer.groups': 50,
      'Entity.tags': 50,
      'Entity.links': 50,
      'Entity.relations': 100,
      'Entity.members': 100,
      'Entity.memberOf': 50,
      'Entity.children': 50,
    },
    resolvers: {
      JSON: JSONScalar,
      Query: {
        viewer: (_: unknown, __: unknown, ctx: GatewayContext) => ({
          userRef: ctx.credentials.principal.userEntityRef,
        }),
        entity: (_: unknown, args: { ref: string }, ctx: GatewayContext) =>
          ctx.entities.load(args.ref),
        entities: async (
          _: unknown,
          args: { refs: string[] },
          ctx: GatewayContext,
        ) => {
          if (args.refs.length > MAX_PAGE) {
            throw new InputError(`At most ${MAX_PAGE} refs at once`);
          }
          return ctx.entities.loadMany(args.refs);
        },
      },
      Viewer: {
        user: (v: { userRef: string }, _: unknown, ctx: GatewayContext) =>
          ctx.entities.load(v.userRef),
        ownershipRefs: (_: unknown, __: unknown, ctx: GatewayContext) =>
          ctx.ownershipEntityRefs,
        groups: async (
          v: { userRef: string },
          _: unknown,
          ctx: GatewayContext,
        ) => {
          const user = await ctx.entities.load(v.userRef);
          return user
            ? loadAll(ctx, relationTargets(user, RELATION_MEMBER_OF))
            : [];
        },
        owned: (
          _: unknown,
          args: { kind?: string; first?: number },
          ctx: GatewayContext,
        ) => ownedEntities(catalog, ctx, ctx.ownershipEntityRefs, args),
      },
      Entity: {
        id: (e: Entity) => entityId(e),
        ref: (e: Entity) => stringifyEntityRef(e),
        namespace: (e: Entity) => e.metadata.namespace ?? 'default',
        name: (e: Entity) => e.metadata.name,
        title: (e: Entity) => e.metadata.title ?? null,
        description: (e: Entity) => e.metadata.description ?? null,
        type: (e: Entity) =>
          typeof e.spec?.type === 'string' ? e.spec.type : null,
        lifecycle: (e: Entity) =>
          typeof e.spec?.lifecycle === 'string' ? e.spec.lifecycle : null,
        tags: (e: Entity) => e.metadata.tags ?? [],
        links: (e: Entity) => e.metadata.links ?? [],
        labels: (e: Entity) => e.metadata.labels ?? {},
        annotations: (e: Entity) => e.metadata.annotations ?? {},
        spec: (e: Entity) => e.spec ?? {},
        source: (e: Entity) => entitySource(e),
        ownerRef: async (e: Entity, _: unknown, ctx: GatewayContext) => {
          const ref = relationTargets(e, RELATION_OWNED_BY)[0];
          return ref && (await ctx.entities.load(ref)) ? ref : null;
        },
        owner: (e: Entity, _: unknown, ctx: GatewayContext) => {
          const ref = relationTargets(e, RELATION_OWNED_BY)[0];
          return ref ? ctx.entities.load(ref) : null;
        },
        partOf: (e: Entity, _: unknown, ctx: GatewayContext) => {
          const ref = relationTargets(e, RELATION_PART_OF)[0];
          return ref ? ctx.entities.load(ref) : null;
        },
        relations: (e: Entity, args: { type?: string }, ctx: GatewayContext) =>
          readableRelations(e, ctx, args.type),
        profile: (e: Entity) => {
          const profile = (e.spec as any)?.profile;
          return profile && typeof profile === 'object'
            ? {
                displayName: profile.displayName ?? null,
                email: profile.email ?? null,
                picture: profile.picture ?? null,
              }
            : null;
        },
        members: (e: Entity, _: unknown, ctx: GatewayContext) =>
          loadAll(ctx, relationTargets(e, RELATION_HAS_MEMBER)),
        memberOf: (e: Entity, _: unknown, ctx: GatewayContext) =>
          loadAll(ctx, relationTargets(e, RELATION_MEMBER_OF)),
        parent: (e: Entity, _: unknown, ctx: GatewayContext) => {
          const ref = relationTargets(e, RELATION_CHILD_OF)[0];
          return ref ? ctx.entities.load(ref) : null;
        },
        children: (e: Entity, _: unknown, ctx: GatewayContext) =>
          loadAll(ctx, relationTargets(e, RELATION_PARENT_OF)),
        owns: (
          e: Entity,
          args: { kind?: string; first?: number },
          ctx: GatewayContext,
        ) => ownedEntities(catalog, ctx, [entityId(e)], args),
      },
      Relation: {
        target: (r: { targetRef: string }, _: unknown, ctx: GatewayContext) =>
          ctx.entities.load(r.targetRef),
      },
    },
  };
}
