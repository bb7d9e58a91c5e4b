/**
 * The critical pages' queries as text, with no imports, so that tools outside the app (the speed benchmark)
 * send exactly what the app sends. `queries.ts` parses them for Apollo.
 */

/** An entity's fields as lists and links show them. */
export const ENTITY_BRIEF_FRAGMENT = `
  fragment AtriumEntityBrief on Entity {
    id
    ref
    kind
    namespace
    name
    title
    description
  }
`;

/** Everything the component overview shows, in one round trip. */
export const ENTITY_OVERVIEW_QUERY_TEXT = `
  query AtriumEntityOverview($ref: String!) {
    entity(ref: $ref) {
      ...AtriumEntityBrief
      type
      lifecycle
      tags
      links {
        url
        title
      }
      owner {
        ...AtriumEntityBrief
        profile {
          displayName
        }
        members {
          ...AtriumEntityBrief
          profile {
            displayName
            email
          }
        }
      }
      partOf {
        ...AtriumEntityBrief
      }
      relations {
        type
        targetRef
        target {
          ...AtriumEntityBrief
        }
      }
      compute {
        apps
        desiredReplicas
        readyReplicas
        healthy
        clusters {
          name
          region
          ok
          errorReason
          apps {
            id
            cluster
            namespace
            name
            phase
            version
            tier
            replicas
            readyReplicas
          }
        }
      }
    }
  }
${ENTITY_BRIEF_FRAGMENT}`;

/** Home: who I am, my teams, and what my teams own. */
export const HOME_QUERY_TEXT = `
  query AtriumHome {
    viewer {
      userRef
      user {
        ...AtriumEntityBrief
        profile {
          displayName
          email
        }
      }
      groups {
        ...AtriumEntityBrief
        profile {
          displayName
        }
      }
      owned(kind: "component", first: 50) {
        totalItems
        items {
          ...AtriumEntityBrief
          type
          lifecycle
          owner {
            ...AtriumEntityBrief
            profile {
              displayName
            }
          }
          compute {
            apps
            desiredReplicas
            readyReplicas
            healthy
          }
        }
      }
    }
  }
${ENTITY_BRIEF_FRAGMENT}`;

/** The catalog list (`/catalog`): a page of entities, filtered and sorted, with the facet counts. */
export const CATALOG_LIST_QUERY_TEXT = `
  query AtriumCatalogList(
    $filter: CatalogFilter
    $sort: CatalogSort
    $first: Int
    $after: String
  ) {
    catalog(filter: $filter, sort: $sort, first: $first, after: $after) {
      totalCount
      nextCursor
      prevCursor
      items {
        starred
        entity {
          ...AtriumEntityBrief
          type
          lifecycle
          tags
          owner {
            ...AtriumEntityBrief
            profile {
              displayName
            }
          }
        }
      }
      facets {
        kind {
          value
          count
        }
        type {
          value
          count
        }
        owner {
          value
          count
        }
        lifecycle {
          value
          count
        }
        tags {
          value
          count
        }
        mine
        starred
      }
    }
  }
${ENTITY_BRIEF_FRAGMENT}`;
