import { CustomErrorBase } from '@backstage/errors';

/**
 * Why GitHub gave no answer:
 * - `rate-limited`: the token's rate limit is used up (`resetAt` says until when);
 * - `bad-credentials`: GitHub rejected the token (401);
 * - `rejected`: GitHub refused the request otherwise (403, 404, 422: e.g. a login that does not exist);
 * - `unreachable`: no connection to GitHub;
 * - `timeout`: GitHub did not answer in time;
 * - `unexpected`: GitHub answered something that is not its API's answer (5xx, not JSON).
 */
export type GithubFailure =
  | 'rate-limited'
  | 'bad-credentials'
  | 'rejected'
  | 'unreachable'
  | 'timeout'
  | 'unexpected';

/**
 * Our own HTTP status for each: GitHub's trouble is a bad gateway, never the caller's 401. One exception (see
 * `CALLERS_TOKEN_REJECTED`): the caller's own token that GitHub rejects.
 */
const STATUS: Record<GithubFailure, number> = {
  'rate-limited': 503,
  'bad-credentials': 502,
  rejected: 502,
  unreachable: 502,
  timeout: 504,
  unexpected: 502,
};

/**
 * The status when GitHub rejects the token the caller sent (x-github-token), not Atrium's: the request's own
 * credential is bad, so it is the caller's error (400, as for a token that is not a token), not a bad gateway. A
 * 5xx would count every expired GitHub sign-in against Atrium's error rate.
 */
export const CALLERS_TOKEN_REJECTED = 400;

/** GitHub gave no answer. Serialized into the error body with `failure` (and `resetAt`) for clients. */
export class GithubError extends CustomErrorBase {
  name: string = 'GithubError';
  /** The reviews backend's response status (Backstage's error handler reads it). */
  readonly statusCode: number;

  constructor(
    message: string,
    readonly failure: GithubFailure,
    /** GitHub's own status, when it answered. */
    readonly githubStatus?: number,
    cause?: unknown,
    /** Our own status instead of the failure's usual one. */
    statusCode?: number,
  ) {
    super(message, cause);
    this.statusCode = statusCode ?? STATUS[failure];
  }
}

/** The token's rate limit is used up until `resetAt`. */
export class GithubRateLimitError extends GithubError {
  name = 'GithubRateLimitError';
  /** ISO 8601: when GitHub resets the limit. */
  readonly resetAt: string;

  constructor(message: string, resetAt: Date, githubStatus?: number) {
    super(message, 'rate-limited', githubStatus);
    this.resetAt = resetAt.toISOString();
  }
}
