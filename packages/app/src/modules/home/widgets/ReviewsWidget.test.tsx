import { screen } from '@testing-library/react';
import { renderInTestApp } from '@backstage/frontend-test-utils';
import { ApolloLink } from '@apollo/client';
import { ApolloProvider } from '@apollo/client/react';
import { Observable } from 'rxjs';
import {
  createAtriumApolloClient,
  type ReviewsData,
} from '@atrium/plugin-graphql-react';
import { ReviewsWidget } from './ReviewsWidget';

type Reviews = ReviewsData['viewer']['reviews'];
/** A GraphQL error as the gateway answers it. */
type GatewayError = {
  message: string;
  path?: string[];
  extensions?: Record<string, unknown>;
};

/** The gateway answering the reviews query (no network): with `reviews`, or with GraphQL errors. */
function gateway(answer: { reviews?: Reviews; errors?: GatewayError[] }) {
  const pr = (p: Reviews['awaitingMyReview']['items'][number]) => ({
    __typename: 'PullRequest',
    ...p,
  });
  const list = (l: Reviews['awaitingMyReview']) => ({
    __typename: 'PullRequestList',
    totalCount: l.totalCount,
    items: l.items.map(pr),
  });
  return createAtriumApolloClient({
    uri: 'http://unused',
    link: new ApolloLink(
      () =>
        new Observable(observer => {
          observer.next(
            answer.reviews
              ? {
                  data: {
                    viewer: {
                      __typename: 'Viewer',
                      reviews: {
                        __typename: 'ReviewsOverview',
                        login: null,
                        reason: null,
                        ...answer.reviews,
                        awaitingMyReview: list(answer.reviews.awaitingMyReview),
                        myOpenPullRequests: list(
                          answer.reviews.myOpenPullRequests,
                        ),
                      },
                    },
                  },
                }
              : { data: null, errors: answer.errors },
          );
          observer.complete();
        }),
    ),
  });
}

async function renderWidget(answer: {
  reviews?: Reviews;
  errors?: GatewayError[];
}) {
  await renderInTestApp(
    <ApolloProvider client={gateway(answer)}>
      <ReviewsWidget />
    </ApolloProvider>,
  );
}

const NONE = { totalCount: 0, items: [] };

describe('the pull requests widget', () => {
  it('lists the pull requests awaiting my review and my own, linking to GitHub', async () => {
    await renderWidget({
      reviews: {
        configured: true,
        host: 'github.com',
        login: 'alice-larkspur',
        awaitingMyReview: {
          totalCount: 7,
          items: [
            {
              id: 'larkspur/payments-gateway#412',
              repository: 'larkspur/payments-gateway',
              number: 412,
              title: 'Retry idempotent captures',
              url: 'https://github.com/larkspur/payments-gateway/pull/412',
              author: 'nadia-k',
              draft: false,
              updatedAt: new Date().toISOString(),
            },
          ],
        },
        myOpenPullRequests: {
          totalCount: 1,
          items: [
            {
              id: 'larkspur/ledger#9',
              repository: 'larkspur/ledger',
              number: 9,
              title: '3-D Secure challenge flow',
              url: 'https://github.com/larkspur/ledger/pull/9',
              author: 'alice-larkspur',
              draft: true,
              updatedAt: new Date(Date.now() - 3 * 3600_000).toISOString(),
            },
          ],
        },
      },
    });
    expect(
      await screen.findByText('Awaiting my review (7)'),
    ).toBeInTheDocument();
    expect(
      screen.getByText('Retry idempotent captures').closest('a'),
    ).toHaveAttribute(
      'href',
      'https://github.com/larkspur/payments-gateway/pull/412',
    );
    expect(
      screen.getByText(/larkspur\/payments-gateway #412 · by nadia-k/),
    ).toBeInTheDocument();
    expect(screen.getByText('My open pull requests (1)')).toBeInTheDocument();
    expect(screen.getByText('Draft')).toBeInTheDocument();
    expect(screen.getByText(/updated 3 h ago/)).toBeInTheDocument();
    expect(screen.getByText('all on GitHub').closest('a')).toHaveAttribute(
      'href',
      'https://github.com/pulls/review-requested',
    );
  });

  it('says GitHub is not configured, and how to configure it, without an error', async () => {
    await renderWidget({
      reviews: {
        configured: false,
        host: 'github.com',
        reason: 'GitHub is not configured',
        awaitingMyReview: NONE,
        myOpenPullRequests: NONE,
      },
    });
    expect(
      await screen.findByText(/GitHub is not configured/),
    ).toBeInTheDocument();
    expect(screen.getByText('integrations.github')).toBeInTheDocument();
    expect(screen.getByText('github.com/user-login')).toBeInTheDocument();
    expect(screen.queryByTestId('reviews-error')).not.toBeInTheDocument();
  });

  it('says why when my GitHub login is not known', async () => {
    await renderWidget({
      reviews: {
        configured: true,
        host: 'github.com',
        reason:
          'Your User entity (user:default/bob) has no github.com/user-login annotation.',
        awaitingMyReview: NONE,
        myOpenPullRequests: NONE,
      },
    });
    expect(
      await screen.findByText(/has no github.com\/user-login annotation/),
    ).toBeInTheDocument();
  });

  it('says what went wrong with GitHub, and until when the rate limit holds', async () => {
    await renderWidget({
      errors: [
        {
          message:
            "GitHub's search rate limit for github.com is used up until 2026-11-28T09:15:03.000Z: Atrium asks again after that",
          path: ['viewer', 'reviews'],
          extensions: {
            code: 'GITHUB_RATE_LIMITED',
            resetAt: '2026-11-28T09:15:03.000Z',
          },
        },
      ],
    });
    const alert = await screen.findByTestId('reviews-error');
    expect(alert).toHaveTextContent(
      /Could not read your pull requests from GitHub: GitHub's search rate limit for github.com is used up until 2026-11-28T09:15:03.000Z/,
    );
    expect(alert).toHaveTextContent(/try again after/);
  });
});
