import { useState } from 'react';
import { useApolloClient, useQuery } from '@apollo/client/react';
import { Progress, ResponseErrorPanel } from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import {
  Box,
  Checkbox,
  LinearProgress,
  List,
  ListItem,
  ListItemIcon,
  ListItemText,
  Typography,
} from '@material-ui/core';
import { Alert } from '@material-ui/lab';
import {
  CHECKLIST_QUERY,
  type ChecklistData,
} from '@atrium/plugin-graphql-react';
import type { Checklist } from '@atrium/plugin-home-common';
import { NotSetUp } from '@atrium/ui';
import { homeLayoutApiRef } from '../api';
import { SafeLink } from './SafeLink';

/** The checklist as the gateway answers it, for the Apollo cache. */
function asQueryData(checklist: Checklist): ChecklistData {
  return {
    viewer: {
      __typename: 'Viewer',
      checklist: {
        __typename: 'Checklist',
        title: checklist.title,
        items: checklist.items.map(item => ({
          __typename: 'ChecklistItem',
          id: item.id,
          title: item.title,
          description: item.description ?? null,
          url: item.url ?? null,
          done: item.done,
          doneAt: item.doneAt ?? null,
        })),
      },
    },
  } as ChecklistData;
}

/**
 * The first-week checklist for new engineers: the steps the platform team configured (`home.checklist`), read
 * through the gateway, ticked off through the home backend, which keeps each user's progress.
 */
export function FirstWeekWidget() {
  const api = useApi(homeLayoutApiRef);
  const client = useApolloClient();
  const { data, error, loading } = useQuery<ChecklistData>(CHECKLIST_QUERY);
  const [busy, setBusy] = useState<string>();
  const [failure, setFailure] = useState<Error>();

  if (error) return <ResponseErrorPanel error={error} />;
  if (!data || loading) return <Progress />;

  const { items } = data.viewer.checklist;
  if (items.length === 0) {
    return (
      <NotSetUp
        title="No first-week checklist is configured."
        howTo={
          <>
            Platform teams list its steps under{' '}
            <code>home.checklist.items</code> in the app config.
          </>
        }
      />
    );
  }
  const done = items.filter(i => i.done).length;

  const toggle = async (id: string, next: boolean) => {
    setBusy(id);
    setFailure(undefined);
    try {
      const checklist = await api.setChecklistItem(id, next);
      client.writeQuery({
        query: CHECKLIST_QUERY,
        data: asQueryData(checklist),
      });
    } catch (e) {
      setFailure(e as Error);
    } finally {
      setBusy(undefined);
    }
  };

  return (
    <Box data-testid="first-week-checklist">
      <Typography variant="body2" color="textSecondary">
        {done} of {items.length} done
      </Typography>
      <LinearProgress
        variant="determinate"
        value={(done / items.length) * 100}
        aria-label={`${done} of ${items.length} steps done`}
      />
      {failure && <Alert severity="error">Not saved: {failure.message}</Alert>}
      <List dense>
        {items.map(item => (
          <ListItem key={item.id} disableGutters>
            <ListItemIcon>
              <Checkbox
                edge="start"
                checked={item.done}
                disabled={busy === item.id}
                onChange={e => toggle(item.id, e.target.checked)}
                inputProps={{ 'aria-label': item.title }}
              />
            </ListItemIcon>
            <ListItemText
              primary={<SafeLink url={item.url}>{item.title}</SafeLink>}
              secondary={item.description}
            />
          </ListItem>
        ))}
      </List>
    </Box>
  );
}
