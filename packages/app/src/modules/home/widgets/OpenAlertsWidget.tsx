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
  formatAgo,
  OPERATIONS_TAB_PATH,
  severityColor,
} from '@atrium/plugin-operations';
import {
  entityPath,
  OPEN_ALERTS_QUERY,
  type OpenAlertBrief,
  type OpenAlertsData,
} from '@atrium/plugin-graphql-react';

/** The gateway's own message when it has one (e.g. Alertmanager at its URL is unreachable). */
function problem(error: Error): string {
  if (CombinedGraphQLErrors.is(error) && error.errors.length > 0) {
    return error.errors[0].message;
  }
  return error.message;
}

function OpenAlertRow({ alert }: { alert: OpenAlertBrief }) {
  const service = alert.entity;
  return (
    <ListItem divider disableGutters data-alert={alert.id}>
      <ListItemText
        disableTypography
        primary={
          <Box
            display="flex"
            alignItems="center"
            flexWrap="wrap"
            style={{ gap: 8 }}
          >
            <Chip
              size="small"
              label={alert.severity}
              color={severityColor(alert.severity)}
            />
            <Typography variant="subtitle2" component="span">
              {alert.name}
            </Typography>
            {alert.silenced && (
              <Chip size="small" variant="outlined" label="Silenced" />
            )}
          </Box>
        }
        secondary={
          <>
            <Typography variant="body2">{alert.summary}</Typography>
            <Typography variant="caption" color="textSecondary">
              <Link to={`${entityPath(service)}/${OPERATIONS_TAB_PATH}`}>
                {service.title || service.name}
              </Link>
              {' · '}
              <span title={alert.startsAt}>
                since {formatAgo(alert.startsAt)}
              </span>
            </Typography>
          </>
        }
      />
    </ListItem>
  );
}

/**
 * The alerts firing now on the services the user's teams own (those Home lists), read through the gateway from
 * Alertmanager, most severe first, each linking to its service's Operations tab. Says how to set Alertmanager up
 * when it is not configured, and what went wrong when it cannot be read.
 */
export function OpenAlertsWidget() {
  const { data, error } = useQuery<OpenAlertsData>(OPEN_ALERTS_QUERY);
  if (error) {
    return (
      <Alert severity="error" data-testid="open-alerts-error">
        Could not read the alerts of your services: {problem(error)}
      </Alert>
    );
  }
  if (!data) return <Progress />;

  const open = data.viewer.openAlerts;
  if (!open.configured) {
    return (
      <Box data-testid="open-alerts-not-configured">
        <Typography variant="body2">
          Alertmanager is not configured, so Atrium cannot show your alerts.
        </Typography>
        <Typography variant="body2" color="textSecondary">
          {open.howTo}
        </Typography>
      </Box>
    );
  }
  if (open.items.length === 0) {
    return (
      <Typography variant="body2" color="textSecondary">
        No open alerts on your services
      </Typography>
    );
  }
  return (
    <Box data-testid="open-alerts">
      <List dense disablePadding aria-label="My open alerts">
        {open.items.map(alert => (
          <OpenAlertRow key={alert.id} alert={alert} />
        ))}
      </List>
      {open.totalCount > open.items.length && (
        <Typography variant="caption" color="textSecondary">
          Showing the {open.items.length} most severe of {open.totalCount} open
          alerts
        </Typography>
      )}
    </Box>
  );
}
