import { CombinedGraphQLErrors } from '@apollo/client/errors';
import { useQuery } from '@apollo/client/react';
import { Link, Progress } from '@backstage/core-components';
import {
  Box,
  Chip,
  List,
  ListItem,
  ListItemText,
  Typography,
} from '@material-ui/core';
import { Alert } from '@material-ui/lab';
import {
  REVIEWS_QUERY,
  type PullRequestBrief,
  type ReviewsData,
} from '@atrium/plugin-graphql-react';

/** How long ago, at a glance. */
function updatedAgo(iso: string, now = Date.now()): string {
  const minutes = Math.max(0, Math.round((now - Date.parse(iso)) / 60_000));
  if (minutes < 1) return 'just now';
  if (minutes < 60) return `${minutes} min ago`;
  const hours = Math.round(minutes / 60);
  if (hours < 48) return `${hours} h ago`;
  return `${Math.round(hours / 24)} days ago`;
}

/** GitHub's own lists of the same pull requests, for more than the widget shows. */
function githubPullsUrl(host: string, which: 'review-requested' | 'mine') {
  return `https://${host}/pulls${
    which === 'review-requested' ? '/review-requested' : ''
  }`;
}

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
      <Typography variant="subtitle2">
        {title} ({list.totalCount})
      </Typography>
      {list.items.length === 0 ? (
        <Typography variant="body2" color="textSecondary">
          {empty}
        </Typography>
      ) : (
        <List dense disablePadding>
          {list.items.map(pr => (
            <ListItem key={pr.id} disableGutters>
              <ListItemText
                primary={
                  <>
                    <Link to={pr.url}>{pr.title}</Link>
                    {pr.draft && (
                      <Chip
                        label="Draft"
                        size="small"
                        variant="outlined"
                        style={{ marginLeft: 8 }}
                      />
                    )}
                  </>
                }
                secondary={`${pr.repository} #${pr.number} · by ${
                  pr.author
                } · updated ${updatedAgo(pr.updatedAt)}`}
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

/** What to say when the gateway could not read the pull requests. */
function problem(error: Error): { message: string; resetAt?: string } {
  if (CombinedGraphQLErrors.is(error) && error.errors.length > 0) {
    const first = error.errors[0];
    const resetAt = first.extensions?.resetAt;
    return {
      message: first.message,
      resetAt: typeof resetAt === 'string' ? resetAt : undefined,
    };
  }
  return { message: error.message };
}

/**
 * The user's pull requests on GitHub: those awaiting their review and their own open ones, read through the
 * gateway from the reviews backend. Says how to set it up when GitHub is not configured or the user's GitHub
 * login is not known, and what went wrong (e.g. until when GitHub's rate limit is used up) when GitHub fails.
 */
export function ReviewsWidget() {
  const { data, error } = useQuery<ReviewsData>(REVIEWS_QUERY);
  if (error) {
    const { message, resetAt } = problem(error);
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
  if (!reviews.configured) {
    return (
      <Box data-testid="reviews-not-configured">
        <Typography variant="body2">
          GitHub is not configured, so Atrium cannot show your pull requests.
        </Typography>
        <Typography variant="body2" color="textSecondary">
          A platform admin adds a token for <code>{reviews.host}</code> under{' '}
          <code>integrations.github</code> in the app config (
          <code>integrations.github[].token</code>; for GitHub Enterprise also
          its <code>apiBaseUrl</code> and <code>reviews.github.host</code>).
          Each user's User entity needs the <code>github.com/user-login</code>{' '}
          annotation with their GitHub login.
        </Typography>
      </Box>
    );
  }
  if (!reviews.login) {
    return (
      <Box data-testid="reviews-no-login">
        <Typography variant="body2">
          Atrium does not know your GitHub login.
        </Typography>
        <Typography variant="body2" color="textSecondary">
          {reviews.reason ??
            'Your User entity needs the github.com/user-login annotation.'}
        </Typography>
      </Box>
    );
  }
  return (
    <Box data-testid="reviews">
      <PullRequests
        title="Awaiting my review"
        empty="Nothing awaits your review."
        host={reviews.host}
        which="review-requested"
        list={reviews.awaitingMyReview}
      />
      <PullRequests
        title="My open pull requests"
        empty="You have no open pull requests."
        host={reviews.host}
        which="mine"
        list={reviews.myOpenPullRequests}
      />
      <Typography variant="caption" color="textSecondary">
        As {reviews.login} on {reviews.host}
      </Typography>
    </Box>
  );
}
