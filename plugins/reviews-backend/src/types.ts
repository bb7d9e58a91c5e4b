import type {
  BackstageCredentials,
  BackstageUserPrincipal,
} from '@backstage/backend-plugin-api';
import type { ReviewsOverview } from '@atrium/plugin-reviews-common';

/**
 * The caller's pull requests, as the router uses them: those awaiting their review and their own open ones.
 * `PullRequestReviews` implements it over GitHub's REST API.
 */
export interface ReviewsService {
  /**
   * The overview for a signed-in user; `userToken` is their own GitHub token when they pass one (it then
   * stands for them on GitHub; Atrium's service token never does).
   */
  overview(
    credentials: BackstageCredentials<BackstageUserPrincipal>,
    userToken?: string,
  ): Promise<ReviewsOverview>;
}
