import { useQuery } from '@apollo/client/react';
import { Link, Progress } from '@backstage/core-components';
import { githubAuthApiRef, useApi } from '@backstage/core-plugin-api';
import {
  Box,
  Button,
  List,
  ListItem,
  ListItemText,
  Typography,
} from '@material-ui/core';
import GitHubIcon from '@material-ui/icons/GitHub';
import { Alert } from '@material-ui/lab';
import { useCallback, useEffect, useMemo, useState } from 'react';
import {
  REVIEWS_QUERY,
  type PullRequestBrief,
  type ReviewsData,
} from '@atrium/plugin-graphql-react';
// The request header the gateway forwards to the reviews module: the user's own GitHub token.
import { GITHUB_TOKEN_HEADER } from '@atrium/plugin-reviews-common';
import {
  EmptyLine,
  formatAgo,
  NotSetUp,
  SectionHeader,
  StatusChip,
} from '@atrium/ui';
import { gatewayProblem } from './gatewayProblem';
import { SafeLink } from './SafeLink';
import { TitleLine } from './TitleLine';

/** The scope the user's GitHub token needs to search their pull requests, private repositories included. */
const GITHUB_SCOPES = ['repo'];

/** GitHub's own lists of the same pull requests, for more than the widget shows. */
function githubPullsUrl(host: string, which: 'review-requested' | 'mine') {
  return `https://${host}/pulls${
    which === 'review-requested' ? '/review-requested' : ''
  }`;
}

/** The two lists the widget shows, in order. */
const LISTS = [
  {
    title: 'Awaiting my review',
    empty: 'Nothing awaits your review.',
    which: 'review-requested',
    of: (reviews: ReviewsData['viewer']['reviews']) => reviews.awaitingMyReview,
  },
  {
    title: 'My open pull requests',
    empty: 'You have no open pull requests.',
    which: 'mine',
    of: (reviews: ReviewsData['viewer']['reviews']) =>
      reviews.myOpenPullRequests,
  },
] as const;

function PullRequests(props: {
  title: string;
  empty: string;
  host: string;
  which: 'review-requested' | 'mine';
  list: { totalCount: number; items: PullRequestBrief[] };
}) {
  const { title, empty, host, which, list } = props;
  return (
    <Box component="section" mb={2} aria-label={title}>
      <SectionHeader title={`${title} (${list.totalCount})`} level={3} />
      {list.items.length === 0 ? (
        <EmptyLine>{empty}</EmptyLine>
      ) : (
        <List dense disablePadding>
          {list.items.map(pr => (
            <ListItem key={pr.id} disableGutters>
              <ListItemText
                primary={
                  <TitleLine>
                    <SafeLink url={pr.url}>{pr.title}</SafeLink>
                    {pr.draft && <StatusChip label="Draft" />}
                  </TitleLine>
                }
                secondary={`${pr.repository} #${pr.number} · by ${
                  pr.author
                } · updated ${formatAgo(pr.updatedAt)}`}
              />
            </ListItem>
          ))}
        </List>
      )}
      {list.totalCount > list.items.length && (
        <Typography variant="body2">
          Showing the {list.items.length} most recently updated of{' '}
          {list.totalCount}:{' '}
          <Link to={githubPullsUrl(host, which)}>all on GitHub</Link>
        </Typography>
      )}
    </Box>
  );
}

/** The user's GitHub sign-in, as far as this widget knows it. */
interface GithubSignIn {
  /** Their own GitHub token, once the GitHub auth API gave one. */
  token?: string;
  /** A sign-in under way (the popup is open). */
  busy: boolean;
  /** Whether the GitHub session this browser may already have was asked for. */
  checked?: boolean;
  /** Why the last sign-in failed (or was cancelled). */
  error?: string;
}

function SignInWithGithub(props: {
  signIn: GithubSignIn;
  onClick: () => void;
  small?: boolean;
}) {
  const { signIn, onClick, small } = props;
  return (
    <Box mt={small ? 0.5 : 1}>
      <Button
        variant={small ? 'text' : 'outlined'}
        color="primary"
        size="small"
        startIcon={<GitHubIcon />}
        disabled={signIn.busy}
        onClick={onClick}
      >
        {signIn.busy ? 'Signing in with GitHub…' : 'Sign in with GitHub'}
      </Button>
      {signIn.error && (
        <Alert severity="error" data-testid="reviews-github-sign-in-error">
          Could not sign in with GitHub: {signIn.error}
        </Alert>
      )}
    </Box>
  );
}

/**
 * The user's pull requests on GitHub: those awaiting their review and their own open ones, read through the
 * gateway from the reviews backend. Says how to set it up when GitHub is not configured or the user's GitHub
 * login is not known, and what went wrong (e.g. until when GitHub's rate limit is used up) when GitHub fails.
 *
 * Where users may sign in with GitHub (the answer's `githubSignIn`), the lists are read with the user's own
 * GitHub token: one from an earlier GitHub sign-in of this browser is asked for without a popup once the first
 * answer is in, and a "Sign in with GitHub" button signs in through GitHub (a popup, or a redirect of the page
 * and back where the app config says `enableExperimentalRedirectFlow`, as Atrium's does). The query is then
 * made again with the token in `x-github-token`. Where it is not offered, the GitHub auth API is never called (its
 * provider is not configured). Nothing here runs before the browser renders: no API call in render.
 */
export function ReviewsWidget() {
  const githubAuth = useApi(githubAuthApiRef);
  const [github, setGithub] = useState<GithubSignIn>({ busy: false });
  const context = useMemo(
    () =>
      github.token
        ? { headers: { [GITHUB_TOKEN_HEADER]: github.token } }
        : undefined,
    [github.token],
  );
  const { data, error, refetch } = useQuery<ReviewsData>(REVIEWS_QUERY, {
    context,
  });
  const signInOffered = data?.viewer.reviews.githubSignIn === true;

  // Once there is a token, the answer is read anew with it (the one shown was read without).
  useEffect(() => {
    if (github.token) refetch().catch(() => {});
  }, [github.token, refetch]);

  // A GitHub session this browser already has (Backstage refreshes it from its cookie), without a popup.
  useEffect(() => {
    if (!signInOffered) return undefined;
    let current = true;
    // Where sign-ins redirect the page instead of opening a popup (Atrium's app config), a failed or cancelled
    // GitHub sign-in comes back to this page as `?error=`.
    const failed = new URLSearchParams(window.location.search).get('error');
    if (failed) setGithub(state => ({ ...state, error: failed }));
    const checked = (token?: string) => {
      if (!current) return;
      setGithub(state =>
        state.token || !token
          ? { ...state, checked: true }
          : { token, busy: false, checked: true },
      );
    };
    githubAuth.getAccessToken(GITHUB_SCOPES, { optional: true }).then(
      checked,
      // No session: the button offers a sign-in.
      () => checked(),
    );
    return () => {
      current = false;
    };
  }, [signInOffered, githubAuth]);

  const signIn = useCallback(async () => {
    setGithub({ busy: true, checked: true });
    try {
      const token = await githubAuth.getAccessToken(GITHUB_SCOPES, {
        instantPopup: true,
      });
      setGithub(
        token
          ? { token, busy: false, checked: true }
          : { busy: false, checked: true, error: 'GitHub gave no token' },
      );
    } catch (e) {
      setGithub({
        busy: false,
        checked: true,
        error: e instanceof Error ? e.message : String(e),
      });
    }
  }, [githubAuth]);
  const signInButton = (small?: boolean) =>
    signInOffered && !github.token ? (
      <SignInWithGithub signIn={github} onClick={signIn} small={small} />
    ) : null;

  if (error) {
    const { message, resetAt } = gatewayProblem(error);
    return (
      <Alert severity="error" data-testid="reviews-error">
        Could not read your pull requests from GitHub: {message}
        {resetAt && (
          <> (try again after {new Date(resetAt).toLocaleTimeString()})</>
        )}
      </Alert>
    );
  }
  if (!data) return <Progress />;

  const reviews = data.viewer.reviews;
  // Without lists to show yet, a GitHub session this browser has (being asked for, or its token read with)
  // would show them in a moment: no "not configured" in between.
  if (
    signInOffered &&
    !reviews.login &&
    (!github.checked || (github.token && !reviews.configured))
  ) {
    return <Progress />;
  }
  if (!reviews.configured) {
    return (
      <NotSetUp
        data-testid="reviews-not-configured"
        title="GitHub is not configured, so Atrium cannot show your pull requests."
        howTo={
          <>
            A platform admin adds a token for <code>{reviews.host}</code> under{' '}
            <code>integrations.github</code> in the app config (
            <code>integrations.github[].token</code>; for GitHub Enterprise also
            its <code>apiBaseUrl</code> and <code>reviews.github.host</code>).
            Each user's User entity needs the <code>github.com/user-login</code>{' '}
            annotation with their GitHub login.
          </>
        }
      >
        {signInOffered && (
          <Typography variant="body2">
            Or sign in with GitHub: Atrium then reads your pull requests with
            your own GitHub token.
          </Typography>
        )}
        {signInButton()}
      </NotSetUp>
    );
  }
  if (!reviews.login) {
    return (
      <NotSetUp
        data-testid="reviews-no-login"
        title="Atrium does not know your GitHub login."
        howTo={
          reviews.reason ??
          'Your User entity needs the github.com/user-login annotation.'
        }
      >
        {signInButton()}
      </NotSetUp>
    );
  }
  return (
    <Box data-testid="reviews">
      {LISTS.map(l => (
        <PullRequests
          key={l.which}
          title={l.title}
          empty={l.empty}
          host={reviews.host}
          which={l.which}
          list={l.of(reviews)}
        />
      ))}
      <Typography
        variant="caption"
        color="textSecondary"
        data-testid="reviews-read-as"
      >
        As {reviews.login} on {reviews.host}
        {github.token && ', read with your own GitHub token'}
        {signInOffered &&
          !github.token &&
          ", read with Atrium's GitHub service token"}
      </Typography>
      {signInButton(true)}
    </Box>
  );
}
