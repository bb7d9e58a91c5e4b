import { fireEvent, screen, waitFor } from '@testing-library/react';
import { githubAuthApiRef } from '@backstage/core-plugin-api';
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

type Answer = { reviews?: Reviews; errors?: GatewayError[] };

/**
 * The gateway answering the reviews query (no network): with `reviews`, or with GraphQL errors; a function
 * answers by the request's headers. `requests` gets each request's headers.
 */
function gateway(
  answerFor: Answer | ((headers: Record<string, string>) => Answer),
  requests: Array<Record<string, string>> = [],
) {
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
      operation =>
        new Observable(observer => {
          const headers = operation.getContext().headers ?? {};
          requests.push(headers);
          const answer =
            typeof answerFor === 'function' ? answerFor(headers) : answerFor;
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

/** Backstage's GitHub auth API, as the widget uses it: no session until `signIn` says what the popup gives. */
function githubAuthMock(
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

async function renderWidget(
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

const NONE = { totalCount: 0, items: [] };

const PR = {
  id: 'larkspur/payments-gateway#412',
  repository: 'larkspur/payments-gateway',
  number: 412,
  title: 'Retry idempotent captures',
  url: 'https://github.larkspur.example/larkspur/payments-gateway/pull/412',
  author: 'nadia-k',
  draft: false,
  updatedAt: new Date().toISOString(),
};

/** The reviews backend where users may sign in with GitHub and there is no service token. */
const withSignIn = (headers: Record<string, string>): Answer => ({
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

describe('the pull requests widget', () => {
  it('lists the pull requests awaiting my review and my own, linking to GitHub', async () => {
    await renderWidget({
      reviews: {
        configured: true,
        host: 'github.com',
        login: 'alice-larkspur',
        githubSignIn: false,
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
    expect(screen.getByText(/updated 3 hr\. ago/)).toBeInTheDocument();
    expect(screen.getByText('all on GitHub').closest('a')).toHaveAttribute(
      'href',
      'https://github.com/pulls/review-requested',
    );
  });

  it('shows a pull request whose URL is not http(s) as its title without a link', async () => {
    await renderWidget({
      reviews: {
        configured: true,
        host: 'github.com',
        login: 'alice-larkspur',
        githubSignIn: false,
        awaitingMyReview: {
          totalCount: 2,
          items: [
            // eslint-disable-next-line no-script-url -- a script link the widget must not render as one
            { ...PR, id: 'x#1', title: 'Scripted', url: 'javascript:alert(1)' },
            PR,
          ],
        },
        myOpenPullRequests: NONE,
      },
    });
    expect(await screen.findByText('Scripted')).toBeInTheDocument();
    expect(screen.getByText('Scripted').closest('a')).not.toBeInTheDocument();
    expect(
      screen.getByText('Retry idempotent captures').closest('a'),
    ).toHaveAttribute('href', PR.url);
    expect(
      document.querySelector('a[href^="javascript:" i]'),
    ).not.toBeInTheDocument();
  });

  it('says GitHub is not configured, and how to configure it, without an error', async () => {
    const githubAuth = await renderWidget({
      reviews: {
        configured: false,
        host: 'github.com',
        reason: 'GitHub is not configured',
        githubSignIn: false,
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
    // GitHub sign-in is not offered: the GitHub auth API (its provider not configured) is never called.
    expect(screen.queryByText('Sign in with GitHub')).not.toBeInTheDocument();
    expect(githubAuth.getAccessToken).not.toHaveBeenCalled();
  });

  it('says why when my GitHub login is not known', async () => {
    await renderWidget({
      reviews: {
        configured: true,
        host: 'github.com',
        githubSignIn: false,
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

  describe('with GitHub sign-in', () => {
    it('offers it where GitHub is not configured, and then reads the pull requests with my own token', async () => {
      const requests: Array<Record<string, string>> = [];
      let resolvePopup: (token: string) => void = () => {};
      const githubAuth = await renderWidget(
        withSignIn,
        githubAuthMock(
          () => new Promise<string>(resolve => (resolvePopup = resolve)),
        ),
        requests,
      );
      expect(
        await screen.findByText(/GitHub is not configured/),
      ).toBeInTheDocument();
      // The session this browser may have is asked for without a popup: there is none.
      await waitFor(() =>
        expect(githubAuth.getAccessToken).toHaveBeenCalledWith(['repo'], {
          optional: true,
        }),
      );
      fireEvent.click(
        screen.getByRole('button', { name: /Sign in with GitHub/ }),
      );
      expect(githubAuth.getAccessToken).toHaveBeenLastCalledWith(['repo'], {
        instantPopup: true,
      });
      expect(
        await screen.findByRole('button', { name: /Signing in with GitHub/ }),
      ).toBeDisabled();
      resolvePopup('gho_alice');

      expect(
        await screen.findByText('Retry idempotent captures'),
      ).toBeInTheDocument();
      expect(screen.getByTestId('reviews-read-as')).toHaveTextContent(
        'As alice-larkspur on github.larkspur.example, read with your own GitHub token',
      );
      expect(screen.queryByText('Sign in with GitHub')).not.toBeInTheDocument();
      expect(requests).toEqual([{}, { 'x-github-token': 'gho_alice' }]);
    });

    it('reads with the GitHub session this browser already has, without a popup', async () => {
      const requests: Array<Record<string, string>> = [];
      const githubAuth = await renderWidget(
        withSignIn,
        githubAuthMock(undefined, 'gho_alice'),
        requests,
      );
      expect(
        await screen.findByText('Retry idempotent captures'),
      ).toBeInTheDocument();
      expect(githubAuth.getAccessToken).toHaveBeenCalledTimes(1);
      expect(githubAuth.getAccessToken).toHaveBeenCalledWith(['repo'], {
        optional: true,
      });
      expect(requests[requests.length - 1]).toEqual({
        'x-github-token': 'gho_alice',
      });
    });

    it('says clearly when the sign-in fails or is cancelled, and offers it again', async () => {
      await renderWidget(
        withSignIn,
        githubAuthMock(async () => {
          throw new Error('Login failed, popup was closed');
        }),
      );
      fireEvent.click(
        await screen.findByRole('button', { name: /Sign in with GitHub/ }),
      );
      expect(
        await screen.findByTestId('reviews-github-sign-in-error'),
      ).toHaveTextContent(
        'Could not sign in with GitHub: Login failed, popup was closed',
      );
      expect(
        screen.getByRole('button', { name: /Sign in with GitHub/ }),
      ).toBeEnabled();
    });

    it('says why when a GitHub sign-in that redirected the page came back with an error', async () => {
      window.history.pushState(
        {},
        '',
        '/?error=The+user+has+denied+your+application+access',
      );
      try {
        await renderWidget(withSignIn);
        expect(
          await screen.findByTestId('reviews-github-sign-in-error'),
        ).toHaveTextContent(
          'Could not sign in with GitHub: The user has denied your application access',
        );
      } finally {
        window.history.pushState({}, '', '/');
      }
    });

    it('offers it beside pull requests read with the service token', async () => {
      const read = (login?: string): Answer => ({
        reviews: {
          configured: true,
          host: 'github.com',
          login,
          reason: login ? undefined : 'Atrium does not know your GitHub login',
          githubSignIn: true,
          awaitingMyReview: login ? { totalCount: 1, items: [PR] } : NONE,
          myOpenPullRequests: NONE,
        },
      });
      await renderWidget(read('alice-larkspur'));
      expect(await screen.findByTestId('reviews-read-as')).toHaveTextContent(
        "As alice-larkspur on github.com, read with Atrium's GitHub service token",
      );
      expect(
        screen.getByRole('button', { name: /Sign in with GitHub/ }),
      ).toBeInTheDocument();
    });

    it('offers it where my GitHub login is not known', async () => {
      await renderWidget({
        reviews: {
          configured: true,
          host: 'github.com',
          reason: 'Atrium does not know your GitHub login',
          githubSignIn: true,
          awaitingMyReview: NONE,
          myOpenPullRequests: NONE,
        },
      });
      expect(await screen.findByTestId('reviews-no-login')).toBeInTheDocument();
      expect(
        screen.getByRole('button', { name: /Sign in with GitHub/ }),
      ).toBeInTheDocument();
    });
  });
});
