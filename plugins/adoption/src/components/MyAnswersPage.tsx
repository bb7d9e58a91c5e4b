import { useState } from 'react';
import {
  Button,
  List,
  ListItem,
  ListItemSecondaryAction,
  ListItemText,
  Typography,
} from '@material-ui/core';
import { Alert } from '@material-ui/lab';
import { Content, InfoCard, Progress } from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import { describeError } from '@atrium/ui';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { adoptionApiRef } from '../api';

/** The signed-in user's own survey answers, newest first as the API lists them, each with Delete. */
export function MyAnswers() {
  const api = useApi(adoptionApiRef);
  const state = useAsyncRetry(() => api.getMyAnswers(), [api]);
  const [deleting, setDeleting] = useState<string>();
  const [error, setError] = useState<string>();

  const remove = async (id: string) => {
    setDeleting(id);
    setError(undefined);
    try {
      await api.deleteAnswer(id);
      state.retry();
    } catch (e) {
      setError(`Could not delete the answer: ${describeError(e)}`);
    } finally {
      setDeleting(undefined);
    }
  };

  return (
    <InfoCard title="My survey answers">
      <Typography variant="body2" color="textSecondary" paragraph>
        What you answered to "How likely are you to recommend Atrium to a
        colleague?". Deleting an answer removes it from every figure.
      </Typography>
      {error && (
        <Alert severity="error" role="alert">
          {error}
        </Alert>
      )}
      {state.error && (
        <Alert severity="error" data-testid="adoption-mine-error">
          Could not load your answers: {describeError(state.error)}
        </Alert>
      )}
      {!state.error && !state.value && <Progress />}
      {state.value && state.value.answers.length === 0 && (
        <Typography variant="body2">
          You have not answered the survey.
        </Typography>
      )}
      {state.value && state.value.answers.length > 0 && (
        <List aria-label="My survey answers">
          {state.value.answers.map(answer => (
            <ListItem key={answer.id} divider data-answer={answer.id}>
              <ListItemText
                primary={`Score ${answer.score}`}
                secondary={
                  <>
                    {answer.comment && (
                      <Typography
                        variant="body2"
                        component="span"
                        display="block"
                      >
                        {answer.comment}
                      </Typography>
                    )}
                    <Typography variant="caption" component="span">
                      {new Date(answer.createdAt).toLocaleString()}
                    </Typography>
                  </>
                }
              />
              <ListItemSecondaryAction>
                <Button
                  size="small"
                  color="secondary"
                  disabled={deleting !== undefined}
                  onClick={() => remove(answer.id)}
                  aria-label={`Delete the answer with score ${answer.score}`}
                >
                  Delete
                </Button>
              </ListItemSecondaryAction>
            </ListItem>
          ))}
        </List>
      )}
    </InfoCard>
  );
}

/** `/adoption-insights/mine`: open to every signed-in user. */
export function MyAnswersPage() {
  return (
    <Content>
      <MyAnswers />
    </Content>
  );
}
