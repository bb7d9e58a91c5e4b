import {
  PluginApiClient,
  type PluginApiClientOptions,
} from '@atrium/api-client';
import { GITHUB_TOKEN_HEADER, type ReviewsOverview } from './types';

export interface ReviewsRequestOptions {
  /** A Backstage token, for callers whose fetch does not add one (backend plugins). */
  token?: string;
  /** The caller's own GitHub token (from their GitHub sign-in), sent as `x-github-token`. */
  githubToken?: string;
}

/** The reviews backend's API. */
export interface ReviewsApi {
  /** The caller's pull requests: awaiting their review, and their own open ones. */
  getMyReviews(options?: ReviewsRequestOptions): Promise<ReviewsOverview>;
}

/** A typed client of the reviews backend (`/api/reviews`), in the style of Backstage's CatalogClient. */
export class ReviewsClient extends PluginApiClient implements ReviewsApi {
  constructor(options: PluginApiClientOptions) {
    super('reviews', options);
  }

  getMyReviews(options?: ReviewsRequestOptions) {
    return this.request<ReviewsOverview>({
      path: '/me',
      token: options?.token,
      headers: options?.githubToken
        ? { [GITHUB_TOKEN_HEADER]: options.githubToken }
        : undefined,
    });
  }
}
