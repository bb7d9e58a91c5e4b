import { executeContribution } from '@atrium/backend-test-utils';
// The query exactly as Home's widget sends it; only this test reads the frontend library.
// eslint-disable-next-line @backstage/no-mixed-plugin-imports
import { REVIEWS_QUERY } from '@atrium/plugin-graphql-react';
// The pull request the widget's tests show too.
// eslint-disable-next-line @backstage/no-mixed-plugin-imports
import { PULL_REQUEST } from '@atrium/plugin-graphql-react/testing';
import type { ReviewsOverview } from '@atrium/plugin-reviews-common';
import { ResponseError } from '@backstage/errors';
import {
  REVIEWS_MAX_AGE_SECONDS,
  reviewsSchema,
  type ReviewsSource,
} from './schema';

/** The module's schema run on its own (`executeContribution`) with the widget's query. */
function run(
  source: ReviewsSource,
  headers: Record<string, string | undefined> = {},
) {
  return executeContribution({
    contribution: reviewsSchema(source),
    query: REVIEWS_QUERY,
    headers,
  });
}

const OVERVIEW: ReviewsOverview = {
  configured: true,
  host: 'github.com',
  login: 'alice-larkspur',
  githubSignIn: false,
  awaitingMyReview: {
    totalCount: 7,
    items: [PULL_REQUEST],
  },
  myOpenPullRequests: {
    totalCount: 1,
    items: [
      {
        repository: 'larkspur/ledger',
        number: 9,
        title: 'WIP',
        url: 'https://github.com/larkspur/ledger/pull/9',
        author: 'alice-larkspur',
        draft: true,
        updatedAt: '2026-11-28T09:00:00Z',
      },
    ],
  },
};

describe('Viewer.reviews in the gateway', () => {
  it('reads the reviews backend on the viewer’s behalf and is cached a minute at most', async () => {
    const getMyReviews = jest.fn(async () => OVERVIEW);
    const { result, maxAges } = await run({ getMyReviews });
    expect(result.errors).toBeUndefined();
    expect(getMyReviews).toHaveBeenCalledWith(
      { principal: { userEntityRef: 'user:default/alice' } },
      undefined,
    );
    expect(maxAges).toEqual([REVIEWS_MAX_AGE_SECONDS]);
    const reviews = (result.data as any).viewer.reviews;
    expect(reviews).toMatchObject({
      configured: true,
      login: 'alice-larkspur',
      reason: null,
      githubSignIn: false,
      awaitingMyReview: { totalCount: 7 },
    });
    expect(reviews.awaitingMyReview.items[0]).toEqual({
      id: 'larkspur/payments-gateway#412',
      ...OVERVIEW.awaitingMyReview.items[0],
    });
    expect(reviews.myOpenPullRequests.items).toEqual([
      { id: 'larkspur/ledger#9', ...OVERVIEW.myOpenPullRequests.items[0] },
    ]);
  });

  it('declares x-github-token and passes the viewer’s own GitHub token on', async () => {
    expect(reviewsSchema({} as ReviewsSource).forwardedHeaders).toEqual([
      'x-github-token',
    ]);
    const getMyReviews = jest.fn(async () => ({
      ...OVERVIEW,
      githubSignIn: true,
    }));
    const { result } = await run(
      { getMyReviews },
      { 'x-github-token': 'gho_alice' },
    );
    expect(result.errors).toBeUndefined();
    expect(getMyReviews).toHaveBeenCalledWith(
      { principal: { userEntityRef: 'user:default/alice' } },
      'gho_alice',
    );
    expect((result.data as any).viewer.reviews.githubSignIn).toBe(true);
  });

  it('answers "not configured" as data, not as an error', async () => {
    const { result } = await run({
      getMyReviews: async () => ({
        configured: false,
        host: 'github.com',
        reason: 'GitHub is not configured',
        githubSignIn: true,
        awaitingMyReview: { items: [], totalCount: 0 },
        myOpenPullRequests: { items: [], totalCount: 0 },
      }),
    });
    expect(result.errors).toBeUndefined();
    expect((result.data as any).viewer.reviews).toMatchObject({
      configured: false,
      login: null,
      reason: 'GitHub is not configured',
      githubSignIn: true,
    });
  });

  it('reports GitHub’s trouble with the reviews backend’s message, a code and the reset time', async () => {
    const message =
      "GitHub's search rate limit for github.com is used up until 2026-11-28T09:15:03.000Z: Atrium asks again after that";
    const error = await ResponseError.fromResponse(
      new Response(
        JSON.stringify({
          error: {
            name: 'GithubRateLimitError',
            message,
            failure: 'rate-limited',
            resetAt: '2026-11-28T09:15:03.000Z',
          },
          request: { method: 'GET', url: '/api/reviews/me' },
          response: { statusCode: 503 },
        }),
        { status: 503, headers: { 'content-type': 'application/json' } },
      ) as any,
    );
    const { result } = await run({
      getMyReviews: async () => {
        throw error;
      },
    });
    expect(result.data).toBeNull();
    expect(result.errors).toHaveLength(1);
    expect(result.errors![0].message).toBe(message);
    expect(result.errors![0].extensions).toEqual({
      code: 'GITHUB_RATE_LIMITED',
      resetAt: '2026-11-28T09:15:03.000Z',
    });
  });
});
