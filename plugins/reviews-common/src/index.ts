/**
 * Atrium's pull request reviews on Home, shared by frontend and backend: the overview of the caller's pull
 * requests (awaiting their review, their own open ones) and the typed client of the reviews backend.
 *
 * @packageDocumentation
 */
export {
  GITHUB_LOGIN_ANNOTATION,
  GITHUB_TOKEN_HEADER,
  type PullRequestList,
  type PullRequestSummary,
  type ReviewsOverview,
} from './types';
export {
  ReviewsClient,
  type ReviewsApi,
  type ReviewsRequestOptions,
} from './client';
