import { gql } from '@apollo/client';
import type { PullRequestSummary } from '@atrium/plugin-reviews-common';

import {
  CATALOG_LIST_QUERY_TEXT,
  CHECKLIST_QUERY_TEXT,
  ENTITY_OVERVIEW_QUERY_TEXT,
  HOME_QUERY_TEXT,
  OPEN_ALERTS_QUERY_TEXT,
  RECENT_DEPLOYS_QUERY_TEXT,
  REVIEWS_QUERY_TEXT,
} from './queryText';

/** Everything the component overview shows, in one round trip. */
export const ENTITY_OVERVIEW_QUERY = gql(ENTITY_OVERVIEW_QUERY_TEXT);

/** Home: who I am, my teams, and what my teams own. */
export const HOME_QUERY = gql(HOME_QUERY_TEXT);

/** The catalog list: one page of entities with the facet counts (variables: `catalogListVariables`). */
export const CATALOG_LIST_QUERY = gql(CATALOG_LIST_QUERY_TEXT);

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
        /** Where its definition can be read and edited, and its docs page (the gateway's `Entity.source`). */
        source?: {
          viewUrl?: string | null;
          editUrl?: string | null;
          docsPath?: string | null;
        } | null;
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
          /** Its workloads in brief: health at a glance. Null for a component compute cannot read. */
          compute?: {
            apps: number;
            desiredReplicas: number;
            readyReplicas: number;
            healthy: boolean;
          } | null;
        }
      >;
    };
  };
}

/** Home's first-week checklist: the configured steps with the viewer's progress. Never cached by the gateway. */
export const CHECKLIST_QUERY = gql(CHECKLIST_QUERY_TEXT);

export interface ChecklistData {
  viewer: {
    checklist: {
      title: string;
      items: Array<{
        id: string;
        title: string;
        description?: string | null;
        url?: string | null;
        done: boolean;
        doneAt?: string | null;
      }>;
    };
  };
}

/** Home's recent deploys: the newest rollouts of each of the viewer's services (compute, kept 10 s). */
export const RECENT_DEPLOYS_QUERY = gql(RECENT_DEPLOYS_QUERY_TEXT);

export interface RecentDeploysData {
  viewer: {
    owned: {
      totalItems: number;
      items: Array<
        Pick<
          EntityBrief,
          'id' | 'ref' | 'kind' | 'namespace' | 'name' | 'title'
        > & {
          compute?: {
            recentRevisions: Array<{
              id: string;
              cluster: string;
              app: string;
              revision: number;
              version: string;
              createdAt: string;
              changeCause?: string | null;
              kind: string;
            }>;
          } | null;
        }
      >;
    };
  };
}

/**
 * Home's pull requests: those awaiting the viewer's review and their own open ones, from GitHub through the
 * reviews backend (kept a minute by the gateway). Sent with an `x-github-token` header (the viewer's own GitHub
 * token, from their GitHub sign-in), it is read with that token, and cached apart from answers without it.
 */
export const REVIEWS_QUERY = gql(REVIEWS_QUERY_TEXT);

/** A pull request as the gateway's `PullRequest` answers it: the reviews backend's summary with an id. */
export interface PullRequestBrief extends PullRequestSummary {
  /** owner/name#number */
  id: string;
}

export interface ReviewsData {
  viewer: {
    reviews: {
      configured: boolean;
      host: string;
      login?: string | null;
      reason?: string | null;
      /**
       * Whether users may sign in with GitHub: the widget then asks for the user's own GitHub token and sends
       * it as `x-github-token`, so the lists are read as them.
       */
      githubSignIn: boolean;
      awaitingMyReview: { totalCount: number; items: PullRequestBrief[] };
      myOpenPullRequests: { totalCount: number; items: PullRequestBrief[] };
    };
  };
}

/**
 * Home's open alerts: the alerts firing now on the viewer's services (the ones Home lists), with each service's
 * title and ref for its link (Alertmanager through the operations backend, kept 15 s by the gateway).
 */
export const OPEN_ALERTS_QUERY = gql(OPEN_ALERTS_QUERY_TEXT);

export interface OpenAlertBrief {
  /** entityRef#fingerprint */
  id: string;
  fingerprint: string;
  name: string;
  severity: string;
  state: string;
  /** ISO 8601: firing since. */
  startsAt: string;
  summary: string;
  silenced: boolean;
  entity: Pick<
    EntityBrief,
    'id' | 'ref' | 'kind' | 'namespace' | 'name' | 'title'
  >;
}

export interface OpenAlertsData {
  viewer: {
    openAlerts: {
      configured: boolean;
      howTo?: string | null;
      totalCount: number;
      items: OpenAlertBrief[];
    };
  };
}
