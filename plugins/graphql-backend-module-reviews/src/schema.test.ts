import type { GatewayContext } from '@atrium/plugin-graphql-node';
import type { ReviewsOverview } from '@atrium/plugin-reviews-common';
import { ResponseError } from '@backstage/errors';
import {
  buildSchema,
  defaultFieldResolver,
  graphql,
  type GraphQLFieldResolver,
} from 'graphql';
import {
  REVIEWS_MAX_AGE_SECONDS,
  reviewsSchema,
  type ReviewsSource,
} from './schema';

/** The module's schema on a stand-in of the gateway's `Viewer`, executed by graphql-js with its resolvers. */
const QUERY = /* GraphQL */ `
  {
    viewer {
      reviews {
        configured
        host
        login
        reason
        githubSignIn
        awaitingMyReview {
          totalCount
          items {
            id
            repository
            number
            title
            url
            author
            draft
            updatedAt
          }
        }
        myOpenPullRequests {
          totalCount
          items {
            id
            draft
          }
        }
      }
    }
  }
`;

async function run(
  source: ReviewsSource,
  headers: Record<string, string | undefined> = {},
) {
  const contribution = reviewsSchema(source);
  const schema = buildSchema(
    `type Query { viewer: Viewer! } type Viewer { userRef: String! } ${contribution.typeDefs}`,
  );
  const resolvers = contribution.resolvers as Record<
    string,
    Record<string, GraphQLFieldResolver<unknown, unknown>>
  >;
  const maxAges: number[] = [];
  const ctx = {
    credentials: { principal: { userEntityRef: 'user:default/alice' } },
    ownershipEntityRefs: [],
    entities: {},
    cache: {
      maxAge: (s: number) => maxAges.push(s),
      dependsOn: () => {},
      dependsOnOwned: () => {},
    },
    headers,
  } as unknown as GatewayContext;
  const result = await graphql({
    schema,
    source: QUERY,
    rootValue: { viewer: { userRef: 'user:default/alice' } },
    contextValue: ctx,
    fieldResolver: (parent, args, context, info) =>
      (
        resolvers[info.parentType.name]?.[info.fieldName] ??
        defaultFieldResolver
      )(parent, args, context, info),
  });
  return { result, maxAges };
}

const OVERVIEW: ReviewsOverview = {
  configured: true,
  host: 'github.com',
  login: 'alice-larkspur',
  githubSignIn: false,
  awaitingMyReview: {
    totalCount: 7,
    items: [
      {
        repository: 'larkspur/payments-gateway',
        number: 412,
        title: 'Retry idempotent captures',
        url: 'https://github.com/larkspur/payments-gateway/pull/412',
        author: 'nadia-k',
        draft: false,
        updatedAt: '2026-11-28T08:57:40Z',
      },
    ],
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
      { id: 'larkspur/ledger#9', draft: true },
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
