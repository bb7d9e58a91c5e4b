// The pull requests widget with GitHub sign-in: offered where GitHub is not configured, then used.
import { fireEvent, screen, waitFor } from '@testing-library/react';
import {
  githubAuthMock,
  NONE,
  PR,
  renderWidget,
  withSignIn,
  type Answer,
} from './__testUtils__/reviewsGateway';

describe('the pull requests widget', () => {
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
