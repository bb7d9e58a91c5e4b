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
  MAX_PAGE,
  ownedEntities,
  type GatewayContext,
  type GraphqlSchemaContribution,
} from '@atrium/plugin-graphql-node';
import { GraphQLScalarType, Kind, valueFromASTUntyped } from 'graphql';
import { InputError } from '@backstage/errors';
import { normalizeRef } from '../loaders';
import { entitySource } from './entitySource';

/**
 * The gateway's own schema: the viewer and catalog entities with their relations, what Home and the component
 * overview need. Other plugins extend `Query` and `Entity` through the extension point.
 */
const typeDefs = /* GraphQL */ `
  "Any JSON value (an entity's spec, annotations or labels)."
  scalar JSON

  type Query {
    "The signed-in user."
    viewer: Viewer!
    "One entity by ref (kind:namespace/name; kind and namespace have the catalog's defaults). Null when it does not exist or the caller may not see it."
    entity(ref: String!): Entity
    "Entities by ref, in the order asked; null where one does not exist or may not be seen. At most 200."
    entities(refs: [String!]!): [Entity]!
  }

  type Viewer {
    userRef: String!
    "The caller's User entity."
    user: Entity
    "The caller's ownership refs: the user and their groups, with parent groups."
    ownershipRefs: [String!]!
    "The groups the caller is a direct member of."
    groups: [Entity!]!
    "Entities owned by the caller or their groups, by name."
    owned(kind: String, first: Int = 50): EntityPage!
  }

  type EntityPage {
    totalItems: Int!
    items: [Entity!]!
  }

  type Link {
    url: String!
    title: String
    icon: String
    type: String
  }

  type Profile {
    displayName: String
    email: String
    picture: String
  }

  "A relation to an entity the caller may read."
  type Relation {
    type: String!
    targetRef: String!
    target: Entity
  }

  "An entity's source links (backstage.io/view-url or a url: source location, backstage.io/edit-url, techdocs-ref)."
  type EntitySource {
    viewUrl: String
    editUrl: String
    "The entity's TechDocs page in the app, when it has docs."
    docsPath: String
  }

  type Entity {
    "The normalized ref, lower case: the cache identity."
    id: ID!
    ref: String!
    kind: String!
    namespace: String!
    name: String!
    title: String
    description: String
    "spec.type"
    type: String
    "spec.lifecycle"
    lifecycle: String
    tags: [String!]!
    links: [Link!]!
    labels: JSON
    annotations: JSON
    spec: JSON
    "Where the entity's definition can be read and edited, and its docs page: what Backstage's About card links to."
    source: EntitySource!
    "The owning group or user."
    owner: Entity
    "The owner's ref; null when the caller may not read the owner (or it is not in the catalog)."
    ownerRef: String
    "The system this entity is part of (components, APIs, resources), or the domain (systems)."
    partOf: Entity
    "Relations to entities the caller may read: one to an owners-only entity the caller does not own, or to an entity not in the catalog, is left out."
    relations(type: String): [Relation!]!
    "Users or groups: their profile."
    profile: Profile
    "Groups: their direct members."
    members: [Entity!]!
    "Users and groups: the groups they are a direct member of."
    memberOf: [Entity!]!
    "Groups: the parent group."
    parent: Entity
    "Groups: the child groups."
    children: [Entity!]!
    "Groups and users: the entities they own directly."
    owns(kind: String, first: Int = 50): EntityPage!
  }
`;

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

export function coreSchema(deps: {
  catalog: CatalogService;
}): GraphqlSchemaContribution {
  const { catalog } = deps;
  return {
    typeDefs,
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
