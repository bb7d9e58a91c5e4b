/**
 * Atrium's pull request reviews on the server: the caller's pull requests awaiting their review and their own
 * open ones, from GitHub's REST API, at `/api/reviews`.
 *
 * @packageDocumentation
 */
export { reviewsPlugin as default } from './plugin';
export {
  GithubError,
  GithubRateLimitError,
  type GithubFailure,
} from './errors';
