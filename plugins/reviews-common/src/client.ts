import { ResponseError } from '@backstage/errors';
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
export class ReviewsClient implements ReviewsApi {
  private readonly discoveryApi: {
    getBaseUrl(pluginId: string): Promise<string>;
  };
  private readonly fetchApi: { fetch: typeof fetch };

  constructor(options: {
    discoveryApi: { getBaseUrl(pluginId: string): Promise<string> };
    fetchApi?: { fetch: typeof fetch };
  }) {
    this.discoveryApi = options.discoveryApi;
    this.fetchApi = options.fetchApi ?? { fetch: (...a) => fetch(...a) };
  }

  async getMyReviews(options?: ReviewsRequestOptions) {
    const base = await this.discoveryApi.getBaseUrl('reviews');
    const headers: Record<string, string> = {};
    if (options?.token) headers.authorization = `Bearer ${options.token}`;
    if (options?.githubToken) {
      headers[GITHUB_TOKEN_HEADER] = options.githubToken;
    }
    const res = await this.fetchApi.fetch(`${base}/me`, { headers });
    if (!res.ok) {
      throw await ResponseError.fromResponse(res);
    }
    return (await res.json()) as ReviewsOverview;
  }
}
