import { createHash } from 'node:crypto';
import type {
  BackstageCredentials,
  BackstageUserPrincipal,
  CacheService,
} from '@backstage/backend-plugin-api';
import { ServiceUnavailableError } from '@backstage/errors';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import type { JsonObject } from '@backstage/types';
import {
  GITHUB_LOGIN_ANNOTATION,
  type ReviewsOverview,
} from '@atrium/plugin-reviews-common';
import type { ReviewsConfig } from './config';
import {
  isGithubLogin,
  type GithubAuth,
  type GithubReviewsClient,
} from './GithubReviewsClient';
import type { ReviewsService } from './types';

type UserCredentials = BackstageCredentials<BackstageUserPrincipal>;

const EMPTY = { items: [], totalCount: 0 };

/**
 * The caller's pull requests on GitHub: those awaiting their review and their own open ones.
 *
 * Who "me" is on GitHub: the `github.com/user-login` annotation of the caller's User entity (read from the
 * catalog with their credentials), else, when they pass their own GitHub token, its owner (`GET /user`). The
 * service token from `integrations.github` never stands in for a user: without their login or their own
 * token, the answer says so and GitHub is not asked. Answers are kept per user (and per own token) for
 * `cacheTtlSeconds`, to spare GitHub's search rate limit (30 requests a minute per token).
 */
export class PullRequestReviews implements ReviewsService {
  constructor(
    private readonly options: {
      config: Pick<
        ReviewsConfig,
        | 'host'
        | 'serviceCredentials'
        | 'organization'
        | 'maxItems'
        | 'cacheTtlSeconds'
        | 'githubSignIn'
      >;
      /** Atrium's own GitHub token (from `integrations.github`: a token, or a GitHub App's installation). */
      serviceToken: () => Promise<string | undefined>;
      github: Pick<GithubReviewsClient, 'getLogin' | 'searchOpenPullRequests'>;
      catalog: Pick<CatalogService, 'getEntityByRef'>;
      cache: Pick<CacheService, 'get' | 'set'>;
    },
  ) {}

  async overview(
    credentials: UserCredentials,
    userToken?: string,
  ): Promise<ReviewsOverview> {
    const { config, github, catalog, cache } = this.options;
    const { host } = config;
    const answer = (
      rest: Partial<ReviewsOverview> & { configured: boolean },
    ): ReviewsOverview => ({
      host,
      githubSignIn: config.githubSignIn,
      awaitingMyReview: EMPTY,
      myOpenPullRequests: EMPTY,
      ...rest,
    });

    if (!config.serviceCredentials && !userToken) {
      return answer({
        configured: false,
        reason: `GitHub is not configured: Atrium needs a token for ${host} in integrations.github of the app config (or your own GitHub sign-in).`,
      });
    }

    const userRef = credentials.principal.userEntityRef;
    const key = `overview:${userRef}:${
      userToken
        ? createHash('sha256').update(userToken).digest('hex').slice(0, 16)
        : 'service'
    }`;
    const cached = await cache.get<JsonObject>(key);
    if (cached) return cached as unknown as ReviewsOverview;

    const user = await catalog.getEntityByRef(userRef, { credentials });
    const annotated = user?.metadata.annotations?.[GITHUB_LOGIN_ANNOTATION];
    const auth: GithubAuth = userToken
      ? { token: userToken, source: 'user' }
      : { token: await this.serviceToken(), source: 'config' };

    let login: string | undefined;
    let result: ReviewsOverview | undefined;
    if (annotated !== undefined && !isGithubLogin(annotated)) {
      result = answer({
        configured: true,
        reason: `The ${GITHUB_LOGIN_ANNOTATION} annotation of ${userRef} is "${annotated.slice(
          0,
          60,
        )}", which is not a GitHub login.`,
      });
    } else if (annotated) {
      login = annotated;
    } else if (userToken) {
      login = await github.getLogin(auth);
    } else {
      result = answer({
        configured: true,
        reason: `Atrium does not know your GitHub login: your User entity (${userRef}) has no ${GITHUB_LOGIN_ANNOTATION} annotation. Atrium's GitHub token is a service token, so it cannot tell who you are; ask for the annotation in the directory sync, or sign in with GitHub.`,
      });
    }

    if (!result) {
      const [awaitingMyReview, myOpenPullRequests] = await Promise.all([
        github.searchOpenPullRequests(
          `review-requested:${login}`,
          auth,
          config.maxItems,
        ),
        github.searchOpenPullRequests(`author:${login}`, auth, config.maxItems),
      ]);
      result = answer({
        configured: true,
        login,
        awaitingMyReview,
        myOpenPullRequests,
      });
    }
    if (config.cacheTtlSeconds > 0) {
      await cache.set(key, result as unknown as JsonObject, {
        ttl: config.cacheTtlSeconds * 1000,
      });
    }
    return result;
  }

  private async serviceToken(): Promise<string> {
    const { config, serviceToken } = this.options;
    let token: string | undefined;
    try {
      token = await serviceToken();
    } catch (error) {
      throw new ServiceUnavailableError(
        `Atrium could not get its GitHub token for ${config.host}: ${
          (error as Error)?.message ?? error
        }`,
      );
    }
    if (!token) {
      throw new ServiceUnavailableError(
        `integrations.github gave Atrium no GitHub token for ${config.host}${
          config.organization ? ` (${config.organization})` : ''
        }`,
      );
    }
    return token;
  }
}
