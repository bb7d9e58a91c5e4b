/*
 * The pull requests widget's tests' stand-ins: the gateway answering the reviews query (no network), Backstage's
 * GitHub auth API as the widget uses it, and the answers the tests share.
 */
import { githubAuthApiRef } from '@backstage/core-plugin-api';
import { renderInTestApp } from '@backstage/frontend-test-utils';
import { ApolloProvider } from '@apollo/client/react';
import type { ReviewsData } from '@atrium/plugin-graphql-react';
import { ReviewsWidget } from '../ReviewsWidget';
import { fakeGateway, type GatewayAnswer, type GatewayError } from './gateway';

export type Reviews = ReviewsData['viewer']['reviews'];

export type Answer = { reviews?: Reviews; errors?: GatewayError[] };

const list = (l: Reviews['awaitingMyReview']) => ({
  __typename: 'PullRequestList',
  totalCount: l.totalCount,
  items: l.items.map(p => ({ __typename: 'PullRequest', ...p })),
});

/** An answer of the reviews query as the gateway gives it. */
function asGatewayAnswer(answer: Answer): GatewayAnswer {
  if (!answer.reviews) return { errors: answer.errors ?? [] };
  return {
    viewer: {
      reviews: {
        __typename: 'ReviewsOverview',
        login: null,
        reason: null,
        ...answer.reviews,
        awaitingMyReview: list(answer.reviews.awaitingMyReview),
        myOpenPullRequests: list(answer.reviews.myOpenPullRequests),
      },
    },
  };
}

/**
 * The gateway answering the reviews query (no network): with `reviews`, or with GraphQL errors; a function
 * answers by the request's headers. `requests` gets each request's headers.
 */
export function gateway(
  answerFor: Answer | ((headers: Record<string, string>) => Answer),
  requests: Array<Record<string, string>> = [],
) {
  return fakeGateway(
    headers =>
      asGatewayAnswer(
        typeof answerFor === 'function' ? answerFor(headers) : answerFor,
      ),
    requests,
  );
}

/** Backstage's GitHub auth API, as the widget uses it: no session until `signIn` says what the popup gives. */
export function githubAuthMock(
  popup: () => Promise<string> = async () => {
    throw new Error('not expected');
  },
  session?: string,
) {
  return {
    getAccessToken: jest.fn(
      async (_scopes?: string[], options?: { instantPopup?: boolean }) =>
        options?.instantPopup ? popup() : session ?? '',
    ),
  };
}

/** The widget on the gateway answering `answer`, with `githubAuth` as the GitHub auth API. */
export async function renderWidget(
  answer: Answer | ((headers: Record<string, string>) => Answer),
  githubAuth = githubAuthMock(),
  requests: Array<Record<string, string>> = [],
) {
  await renderInTestApp(
    <ApolloProvider client={gateway(answer, requests)}>
      <ReviewsWidget />
    </ApolloProvider>,
    { apis: [[githubAuthApiRef, githubAuth as any]] },
  );
  return githubAuth;
}

export const NONE = { totalCount: 0, items: [] };

export const PR = {
  id: 'larkspur/payments-gateway#412',
  repository: 'larkspur/payments-gateway',
  number: 412,
  title: 'Retry idempotent captures',
  url: 'https://github.larkspur.example/larkspur/payments-gateway/pull/412',
  author: 'nadia-k',
  draft: false,
  updatedAt: new Date().toISOString(),
};

/** GitHub configured and alice-larkspur's login known on github.com, with `lists` (each empty unless given). */
export const listed = (
  lists: Partial<Pick<Reviews, 'awaitingMyReview' | 'myOpenPullRequests'>>,
): Answer => ({
  reviews: {
    configured: true,
    host: 'github.com',
    login: 'alice-larkspur',
    githubSignIn: false,
    awaitingMyReview: NONE,
    myOpenPullRequests: NONE,
    ...lists,
  },
});

/** The reviews backend where users may sign in with GitHub and there is no service token. */
export const withSignIn = (headers: Record<string, string>): Answer => ({
  reviews: headers['x-github-token']
    ? {
        configured: true,
        host: 'github.larkspur.example',
        login: 'alice-larkspur',
        githubSignIn: true,
        awaitingMyReview: { totalCount: 1, items: [PR] },
        myOpenPullRequests: NONE,
      }
    : {
        configured: false,
        host: 'github.larkspur.example',
        reason: 'GitHub is not configured',
        githubSignIn: true,
        awaitingMyReview: NONE,
        myOpenPullRequests: NONE,
      },
});
