import {
  coreServices,
  createServiceFactory,
  createServiceRef,
  type AuthService,
  type BackstageCredentials,
  type DiscoveryService,
} from '@backstage/backend-plugin-api';
import {
  ReviewsClient,
  type ReviewsOverview,
} from '@atrium/plugin-reviews-common';
import {
  OnBehalfTokens,
  uncompressedFetchApi,
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
  private readonly client: ReviewsClient;
  private readonly tokens: OnBehalfTokens;

  constructor(
    auth: Pick<AuthService, 'getPluginRequestToken'>,
    discovery: Pick<DiscoveryService, 'getBaseUrl'>,
  ) {
    this.tokens = new OnBehalfTokens(auth, 'reviews');
    this.client = new ReviewsClient({
      discoveryApi: discovery,
      fetchApi: uncompressedFetchApi,
    });
  }

  async getMyReviews(options: {
    credentials: BackstageCredentials;
    githubToken?: string;
  }) {
    const { token } = await this.tokens.token(options.credentials);
    return this.client.getMyReviews({
      token,
      githubToken: options.githubToken,
    });
  }
}

/** The reviews service for backend plugins. */
export const reviewsServiceRef = createServiceRef<ReviewsService>({
  id: 'atrium.reviews',
  defaultFactory: async service =>
    createServiceFactory({
      service,
      deps: { auth: coreServices.auth, discovery: coreServices.discovery },
      factory: ({ auth, discovery }) => new HttpReviewsService(auth, discovery),
    }),
});
