/**
 * The gateway's own schema: the viewer and catalog entities with their relations, what Home and the component
 * overview need. Other plugins extend `Query`, `Viewer` and `Entity` through the extension point.
 *
 * Its resolvers are the gateway's (graphql-backend's schema/core.ts). The text is here, beside the extension
 * point, so that a module's test can build its contribution on the very types it extends
 * (`executeContribution` in packages/backend-test-utils) without depending on the gateway itself.
 */
export const gatewayCoreTypeDefs = /* GraphQL */ `
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
