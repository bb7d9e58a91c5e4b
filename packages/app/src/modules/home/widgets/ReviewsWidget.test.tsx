// The pull requests widget: the lists, links and what it says when GitHub cannot answer. Signing in with
// GitHub is in ReviewsWidget.signIn.test.tsx.
import { screen } from '@testing-library/react';
import { PULL_REQUEST } from '@atrium/plugin-graphql-react/testing';
import { listed, NONE, PR, renderWidget } from './__testUtils__/reviewsGateway';

describe('the pull requests widget', () => {
  it('lists the pull requests awaiting my review and my own, linking to GitHub', async () => {
    await renderWidget(
      listed({
        awaitingMyReview: {
          totalCount: 7,
          items: [
            {
              id: 'larkspur/payments-gateway#412',
              ...PULL_REQUEST,
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
      }),
    );
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
    await renderWidget(
      listed({
        awaitingMyReview: {
          totalCount: 2,
          items: [
            // eslint-disable-next-line no-script-url -- a script link the widget must not render as one
            { ...PR, id: 'x#1', title: 'Scripted', url: 'javascript:alert(1)' },
            PR,
          ],
        },
      }),
    );
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
});
