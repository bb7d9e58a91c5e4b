import type {
  BackstageCredentials,
  BackstageUserPrincipal,
} from '@backstage/backend-plugin-api';
import { ResponseError } from '@backstage/errors';
import type {
  GatewayContext,
  GraphqlSchemaContribution,
} from '@atrium/plugin-graphql-node';
import {
  GITHUB_TOKEN_HEADER,
  type PullRequestList,
  type ReviewsOverview,
} from '@atrium/plugin-reviews-common';

/** An answer that shows pull requests is kept this long at most (the reviews backend keeps its own a minute). */
export const REVIEWS_MAX_AGE_SECONDS = 60;

/** The reviews backend, read on behalf of the viewer. */
export interface ReviewsSource {
  /** `githubToken`: the viewer's own GitHub token, when their request carries one (`x-github-token`). */
  getMyReviews(
    credentials: BackstageCredentials<BackstageUserPrincipal>,
    githubToken?: string,
  ): Promise<ReviewsOverview>;
}

const typeDefs = /* GraphQL */ `
  extend type Viewer {
    "The viewer's pull requests on GitHub: those awaiting their review, and their own open ones."
    reviews: ReviewsOverview!
  }

  type ReviewsOverview {
    "Whether Atrium can ask GitHub: a token for its host in integrations.github."
    configured: Boolean!
    "The GitHub host asked (github.com or a GitHub Enterprise host)."
    host: String!
    "The viewer's GitHub login; null when Atrium does not know it (see reason)."
    login: String
    "Why the lists are empty without an error: GitHub is not configured, or the viewer's login is not known."
    reason: String
    "Whether users may sign in with GitHub (auth.providers.github is configured) so Atrium reads GitHub with their own token: the app then sends it as the x-github-token header."
    githubSignIn: Boolean!
    awaitingMyReview: PullRequestList!
    myOpenPullRequests: PullRequestList!
  }

  type PullRequestList {
    "How many GitHub found (may be more than items)."
    totalCount: Int!
    "Most recently updated first; at most 100."
    items: [PullRequest!]!
  }

  type PullRequest {
    "owner/name#number"
    id: ID!
    "owner/name"
    repository: String!
    number: Int!
    title: String!
    "The pull request on GitHub."
    url: String!
    "The author's GitHub login."
    author: String!
    draft: Boolean!
    "ISO 8601."
    updatedAt: String!
  }
`;

function withIds(list: PullRequestList) {
  return {
    totalCount: list.totalCount,
    items: list.items.map(pr => ({
      ...pr,
      id: `${pr.repository}#${pr.number}`,
    })),
  };
}

/**
 * The reviews backend's error, as the gateway reports it: its own message (e.g. until when GitHub's rate limit
 * is used up) with a code the client can act on (`GITHUB_RATE_LIMITED`, `GITHUB_BAD_CREDENTIALS`, ...) and,
 * for a rate limit, `resetAt`.
 */
export class ReviewsUnavailableError extends Error {
  name = 'ReviewsUnavailableError';
  readonly extensions: { code: string; resetAt?: string };

  constructor(message: string, code: string, resetAt?: string) {
    super(message);
    this.extensions = resetAt ? { code, resetAt } : { code };
  }
}

function translate(error: unknown): unknown {
  if (!(error instanceof ResponseError)) return error;
  const cause = error.body?.error as
    | { message?: string; failure?: string; resetAt?: string }
    | undefined;
  if (!cause?.failure) return error;
  return new ReviewsUnavailableError(
    cause.message ?? error.message,
    `GITHUB_${cause.failure.toUpperCase().replace(/-/g, '_')}`,
    cause.resetAt,
  );
}

/**
 * `Viewer.reviews`, read from the reviews backend on the viewer's behalf: with their own GitHub token when the
 * request carries one in `x-github-token` (a forwarded header, so the gateway caches such answers apart).
 */
export function reviewsSchema(
  reviews: ReviewsSource,
): GraphqlSchemaContribution {
  return {
    typeDefs,
    listSizes: { 'PullRequestList.items': 100 },
    forwardedHeaders: [GITHUB_TOKEN_HEADER],
    resolvers: {
      Viewer: {
        reviews: async (_viewer: unknown, _: unknown, ctx: GatewayContext) => {
          ctx.cache.maxAge(REVIEWS_MAX_AGE_SECONDS);
          let overview: ReviewsOverview;
          try {
            overview = await reviews.getMyReviews(
              ctx.credentials,
              ctx.headers[GITHUB_TOKEN_HEADER],
            );
          } catch (error) {
            throw translate(error);
          }
          return {
            configured: overview.configured,
            host: overview.host,
            login: overview.login ?? null,
            reason: overview.reason ?? null,
            githubSignIn: overview.githubSignIn === true,
            awaitingMyReview: withIds(overview.awaitingMyReview),
            myOpenPullRequests: withIds(overview.myOpenPullRequests),
          };
        },
      },
    },
  };
}
