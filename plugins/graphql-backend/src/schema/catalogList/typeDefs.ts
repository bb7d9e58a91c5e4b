import { CATALOG_PAGE_SIZE } from '@atrium/plugin-graphql-common';

/** The catalog list's part of the gateway's schema: the contract the catalog page is built to. */
export const catalogListTypeDefs = /* GraphQL */ `
  extend type Query {
    "A page of the catalog entities the caller may read, filtered and sorted, with facet counts. Owners-only entities the caller may not read are never listed nor counted."
    catalog(
      filter: CatalogFilter
      sort: CatalogSort
      first: Int = ${CATALOG_PAGE_SIZE}
      after: String
    ): CatalogList!
  }

  input CatalogFilter {
    "Entity kind, case-insensitive. Default: Component."
    kind: String
    "spec.type values (any of them)."
    type: [String!]
    "Owner entity refs, e.g. group:default/payments (any of them)."
    owner: [String!]
    "Only entities owned by the caller or one of their groups (the caller's ownership refs)."
    mine: Boolean
    "spec.lifecycle values (any of them)."
    lifecycle: [String!]
    "metadata.tags values (any of them)."
    tags: [String!]
    "Only entities the caller has starred (Backstage's starred entities, kept by the user-settings backend)."
    starred: Boolean
    "Case-insensitive text search over name, title, description and tags."
    text: String
  }

  enum CatalogSortField {
    NAME
    TITLE
    TYPE
    OWNER
    LIFECYCLE
  }

  enum SortOrder {
    ASC
    DESC
  }

  input CatalogSort {
    field: CatalogSortField!
    order: SortOrder = ASC
  }

  type CatalogList {
    "How many entities match the whole filter."
    totalCount: Int!
    items: [CatalogItem!]!
    "Opaque cursor of the next page; null on the last page."
    nextCursor: String
    "Opaque cursor of the previous page; null on the first page."
    prevCursor: String
    facets: CatalogFacets!
  }

  type CatalogItem {
    entity: Entity!
    "Whether the caller has starred it."
    starred: Boolean!
  }

  "Each facet counts the entities that match every filter except that facet's own (so the alternatives stay visible), and that the caller may read."
  type CatalogFacets {
    kind: [FacetCount!]!
    type: [FacetCount!]!
    "value: the owner's entity ref."
    owner: [FacetCount!]!
    lifecycle: [FacetCount!]!
    tags: [FacetCount!]!
    "Matching entities owned by the caller or their groups."
    mine: Int!
    "Matching entities the caller has starred."
    starred: Int!
  }

  type FacetCount {
    value: String!
    count: Int!
  }
`;
