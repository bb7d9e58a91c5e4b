import { gql } from '@apollo/client';

/** An entity's fields as lists and links show them. */
const ENTITY_BRIEF = gql`
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
export const ENTITY_OVERVIEW_QUERY = gql`
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
  ${ENTITY_BRIEF}
`;

/** Home: who I am, my teams, and what my teams own. */
export const HOME_QUERY = gql`
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
        }
      }
    }
  }
  ${ENTITY_BRIEF}
`;

export interface EntityBrief {
  id: string;
  ref: string;
  kind: string;
  namespace: string;
  name: string;
  title?: string | null;
  description?: string | null;
  profile?: { displayName?: string | null; email?: string | null } | null;
}

export interface ComputeAppBrief {
  id: string;
  cluster: string;
  namespace: string;
  name: string;
  phase?: string | null;
  version?: string | null;
  tier?: string | null;
  replicas: number;
  readyReplicas: number;
}

export interface EntityOverviewData {
  entity:
    | (EntityBrief & {
        type?: string | null;
        lifecycle?: string | null;
        tags: string[];
        links: Array<{ url: string; title?: string | null }>;
        owner?: (EntityBrief & { members: EntityBrief[] }) | null;
        partOf?: EntityBrief | null;
        relations: Array<{
          type: string;
          targetRef: string;
          target?: EntityBrief | null;
        }>;
        compute?: {
          apps: number;
          desiredReplicas: number;
          readyReplicas: number;
          healthy: boolean;
          clusters: Array<{
            name: string;
            region?: string | null;
            ok: boolean;
            errorReason?: string | null;
            apps: ComputeAppBrief[];
          }>;
        } | null;
      })
    | null;
}

export interface HomeData {
  viewer: {
    userRef: string;
    user?: EntityBrief | null;
    groups: EntityBrief[];
    owned: {
      totalItems: number;
      items: Array<
        EntityBrief & {
          type?: string | null;
          lifecycle?: string | null;
          owner?: EntityBrief | null;
        }
      >;
    };
  };
}
