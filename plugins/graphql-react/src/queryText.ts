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
      source {
        viewUrl
        editUrl
        docsPath
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

/** Home's first-week checklist: the configured steps with the viewer's progress. Never cached by the gateway. */
export const CHECKLIST_QUERY_TEXT = `
  query AtriumChecklist {
    viewer {
      checklist {
        title
        items {
          id
          title
          description
          url
          done
          doneAt
        }
      }
    }
  }
`;

/** Home's recent deploys: the newest rollouts of each of the viewer's services (compute, kept 10 s). */
export const RECENT_DEPLOYS_QUERY_TEXT = `
  query AtriumRecentDeploys {
    viewer {
      owned(kind: "component", first: 50) {
        # The same page as Home's: asking for all its fields keeps Home's cached answer whole.
        totalItems
        items {
          id
          ref
          kind
          namespace
          name
          title
          compute {
            recentRevisions(first: 3) {
              id
              cluster
              app
              revision
              version
              createdAt
              changeCause
              kind
            }
          }
        }
      }
    }
  }
`;

export const REVIEWS_QUERY_TEXT = `
  query AtriumReviews {
    viewer {
      reviews {
        configured
        host
        login
        reason
        githubSignIn
        awaitingMyReview {
          totalCount
          items {
            ...AtriumPullRequest
          }
        }
        myOpenPullRequests {
          totalCount
          items {
            ...AtriumPullRequest
          }
        }
      }
    }
  }

  fragment AtriumPullRequest on PullRequest {
    id
    repository
    number
    title
    url
    author
    draft
    updatedAt
  }
`;

export const OPEN_ALERTS_QUERY_TEXT = `
  query AtriumOpenAlerts {
    viewer {
      openAlerts {
        configured
        howTo
        totalCount
        items {
          id
          fingerprint
          name
          severity
          state
          startsAt
          summary
          silenced
          entity {
            id
            ref
            kind
            namespace
            name
            title
          }
        }
      }
    }
  }
`;
