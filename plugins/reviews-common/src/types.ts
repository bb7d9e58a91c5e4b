/** One pull request, in brief. */
export interface PullRequestSummary {
  /** `owner/name`. */
  repository: string;
  number: number;
  title: string;
  /** The pull request on GitHub (its `html_url`). */
  url: string;
  /** The author's GitHub login. */
  author: string;
  draft: boolean;
  /** ISO 8601. */
  updatedAt: string;
}

/** Some of the pull requests a search found: at most a bounded number of them, and how many there are. */
export interface PullRequestList {
  /** Most recently updated first. */
  items: PullRequestSummary[];
  /** How many GitHub found (may be more than `items`). */
  totalCount: number;
}

/** The caller's pull requests: those awaiting their review, and their own open ones. */
export interface ReviewsOverview {
  /**
   * Whether Atrium can ask GitHub at all: a token in `integrations.github` for the configured host, or the
   * caller's own GitHub token.
   */
  configured: boolean;
  /** The GitHub host asked (`github.com`, or a GitHub Enterprise host). */
  host: string;
  /** The caller's GitHub login; absent when Atrium does not know it (see `reason`). */
  login?: string;
  awaitingMyReview: PullRequestList;
  myOpenPullRequests: PullRequestList;
  /** Why the lists are empty without an error: GitHub is not configured, or the caller's login is not known. */
  reason?: string;
  /**
   * Whether users may sign in with GitHub (`auth.providers.github` is configured for Atrium's auth
   * environment), so that Atrium reads GitHub with their own token (sent as `x-github-token`).
   */
  githubSignIn: boolean;
}

/** The header a caller sends their own GitHub token in (from their GitHub sign-in). */
export const GITHUB_TOKEN_HEADER = 'x-github-token';

/** The User entity annotation that holds the user's GitHub login (Backstage's GitHub org provider sets it). */
export const GITHUB_LOGIN_ANNOTATION = 'github.com/user-login';
