import type { BackstageCredentials } from '@backstage/backend-plugin-api';
import {
  ReviewsClient,
  type ReviewsOverview,
} from '@atrium/plugin-reviews-common';
import {
  OnBehalfClient,
  createPluginCallsServiceRef,
  type PluginCallDeps,
} from '@atrium/plugin-identity-node';

/** The reads other plugins make of reviews, on behalf of a viewer. */
export interface ReviewsService {
  /**
   * The viewer's pull requests: awaiting their review, and their own open ones. `githubToken` is the viewer's
   * own GitHub token (from their GitHub sign-in), when there is one.
   */
  getMyReviews(options: {
    credentials: BackstageCredentials;
    githubToken?: string;
  }): Promise<ReviewsOverview>;
}

/**
 * Calls the reviews backend over HTTP with a token made for the viewer, like Backstage's catalog service, so it
 * reads the viewer's User entity with their own credentials.
 */
export class HttpReviewsService implements ReviewsService {
  private readonly calls: OnBehalfClient<ReviewsClient>;

  constructor(...deps: PluginCallDeps) {
    this.calls = new OnBehalfClient('reviews', ReviewsClient, ...deps);
  }

  async getMyReviews(options: {
    credentials: BackstageCredentials;
    githubToken?: string;
  }) {
    const { token } = await this.calls.as(options.credentials);
    return this.calls.client.getMyReviews({
      token,
      githubToken: options.githubToken,
    });
  }
}

/** The reviews service for backend plugins. */
export const reviewsServiceRef = createPluginCallsServiceRef<ReviewsService>(
  'atrium.reviews',
  HttpReviewsService,
);
