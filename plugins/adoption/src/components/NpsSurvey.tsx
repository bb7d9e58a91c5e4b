import { useEffect, useState } from 'react';
import {
  Box,
  Button,
  IconButton,
  Paper,
  TextField,
  Typography,
} from '@material-ui/core';
import { makeStyles } from '@material-ui/core/styles';
import CloseIcon from '@material-ui/icons/Close';
import { Link } from '@backstage/core-components';
import { identityApiRef, useApi } from '@backstage/frontend-plugin-api';
import { describeError } from '@atrium/ui';
import { adoptionApiRef } from '../api';
import { MY_ANSWERS_PATH } from '../paths';

export const MAX_COMMENT = 2000;
const SCORES = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
/** Per browser tab and user: the survey is asked for once a session. */
const ASKED_KEY = 'atrium.adoption.survey.asked';

const useStyles = makeStyles(theme => ({
  card: {
    position: 'fixed',
    right: theme.spacing(3),
    bottom: theme.spacing(3),
    width: 380,
    maxWidth: `calc(100vw - ${theme.spacing(6)}px)`,
    padding: theme.spacing(2),
    zIndex: theme.zIndex.snackbar,
  },
  scores: {
    display: 'grid',
    gridTemplateColumns: 'repeat(11, 1fr)',
    gap: 4,
    margin: theme.spacing(1, 0),
  },
  score: {
    minWidth: 0,
    padding: theme.spacing(0.5, 0),
  },
  commentLabel: {
    display: 'block',
    marginTop: theme.spacing(1.5),
  },
}));

type Phase = 'waiting' | 'asking' | 'sending' | 'thanks' | 'closed';

function alreadyAsked(user: string): boolean {
  try {
    return window.sessionStorage.getItem(`${ASKED_KEY}:${user}`) === '1';
  } catch {
    return false;
  }
}

function markAsked(user: string) {
  try {
    window.sessionStorage.setItem(`${ASKED_KEY}:${user}`, '1');
  } catch {
    // Without session storage the backend's own answer (answered, dismissed) still keeps it from repeating.
  }
}

/**
 * The NPS survey, rendered at the app's root: once a session, after sign-in, it asks the adoption backend
 * whether this user should be asked (`GET /nps/survey`), and if so shows a small card in a corner that does
 * not block the page: 0–10, an optional comment, Send or Not now.
 */
export function NpsSurvey() {
  const api = useApi(adoptionApiRef);
  const identityApi = useApi(identityApiRef);
  const classes = useStyles();
  const [phase, setPhase] = useState<Phase>('waiting');
  const [score, setScore] = useState<number>();
  const [comment, setComment] = useState('');
  const [error, setError] = useState<string>();

  useEffect(() => {
    let live = true;
    (async () => {
      // Resolves once the user has signed in.
      const { userEntityRef } = await identityApi.getBackstageIdentity();
      if (!live || alreadyAsked(userEntityRef)) return;
      const survey = await api.getSurvey();
      markAsked(userEntityRef);
      if (live && survey.show) setPhase('asking');
    })().catch(() => {
      // The survey is optional: if the backend cannot say, nobody is asked.
    });
    return () => {
      live = false;
    };
  }, [api, identityApi]);

  if (phase === 'waiting' || phase === 'closed') return null;

  const send = async () => {
    if (score === undefined) return;
    setPhase('sending');
    setError(undefined);
    try {
      const trimmed = comment.trim();
      await api.answerNps(trimmed ? { score, comment: trimmed } : { score });
      setPhase('thanks');
    } catch (e) {
      setError(`Your answer was not saved: ${describeError(e)}`);
      setPhase('asking');
    }
  };

  const notNow = async () => {
    setPhase('closed');
    try {
      await api.dismissNps();
    } catch {
      // Dismissing is a courtesy to the backend; the card is closed either way.
    }
  };

  return (
    <Paper
      className={classes.card}
      elevation={8}
      role="region"
      aria-label="Atrium survey"
      data-testid="adoption-survey"
    >
      {phase === 'thanks' ? (
        <Box display="flex" alignItems="flex-start">
          <Box flexGrow={1}>
            <Typography variant="subtitle1">Thank you!</Typography>
            <Typography variant="body2">
              Your answer helps the platform team.{' '}
              <Link to={MY_ANSWERS_PATH}>See or delete your answers</Link>
            </Typography>
          </Box>
          <IconButton
            size="small"
            aria-label="Close"
            onClick={() => setPhase('closed')}
          >
            <CloseIcon fontSize="small" />
          </IconButton>
        </Box>
      ) : (
        <>
          <Typography variant="subtitle1" id="adoption-survey-question">
            How likely are you to recommend Atrium to a colleague?
          </Typography>
          <div
            className={classes.scores}
            role="group"
            aria-labelledby="adoption-survey-question"
          >
            {SCORES.map(s => (
              <Button
                key={s}
                className={classes.score}
                size="small"
                variant={score === s ? 'contained' : 'outlined'}
                color={score === s ? 'primary' : 'default'}
                aria-pressed={score === s}
                onClick={() => setScore(s)}
              >
                {s}
              </Button>
            ))}
          </div>
          <Box display="flex" justifyContent="space-between">
            <Typography variant="caption" color="textSecondary">
              0 — not at all
            </Typography>
            <Typography variant="caption" color="textSecondary">
              10 — extremely
            </Typography>
          </Box>
          <Typography
            component="label"
            variant="body2"
            htmlFor="adoption-survey-comment"
            className={classes.commentLabel}
          >
            What is the main reason? (optional)
          </Typography>
          <TextField
            id="adoption-survey-comment"
            multiline
            minRows={2}
            fullWidth
            margin="dense"
            variant="outlined"
            value={comment}
            onChange={e => setComment(e.target.value.slice(0, MAX_COMMENT))}
            inputProps={{ maxLength: MAX_COMMENT }}
            helperText={`${comment.length}/${MAX_COMMENT}`}
          />
          {error && (
            <Typography variant="body2" color="error" role="alert">
              {error}
            </Typography>
          )}
          <Box
            display="flex"
            justifyContent="flex-end"
            mt={1}
            style={{ gap: 8 }}
          >
            <Button onClick={notNow} disabled={phase === 'sending'}>
              Not now
            </Button>
            <Button
              variant="contained"
              color="primary"
              onClick={send}
              disabled={score === undefined || phase === 'sending'}
            >
              Send
            </Button>
          </Box>
        </>
      )}
    </Paper>
  );
}
