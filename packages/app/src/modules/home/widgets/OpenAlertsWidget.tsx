import { useQuery } from '@apollo/client/react';
import { Link, Progress } from '@backstage/core-components';
import {
  Box,
  List,
  ListItem,
  ListItemText,
  Typography,
} from '@material-ui/core';
import { Alert } from '@material-ui/lab';
import {
  AlertBadges,
  formatAgo,
  OPERATIONS_TAB_PATH,
} from '@atrium/plugin-operations';
import { EmptyLine, NotSetUp } from '@atrium/ui';
import {
  entityPath,
  OPEN_ALERTS_QUERY,
  type OpenAlertBrief,
  type OpenAlertsData,
} from '@atrium/plugin-graphql-react';
import { gatewayProblem } from './gatewayProblem';
import { TitleLine } from './TitleLine';

function OpenAlertRow({ alert }: { alert: OpenAlertBrief }) {
  const service = alert.entity;
  return (
    <ListItem divider disableGutters data-alert={alert.id}>
      <ListItemText
        disableTypography
        primary={
          <TitleLine>
            <AlertBadges severity={alert.severity} silenced={alert.silenced} />
            <Typography variant="subtitle2" component="span">
              {alert.name}
            </Typography>
          </TitleLine>
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
        Could not read the alerts of your services:{' '}
        {gatewayProblem(error).message}
      </Alert>
    );
  }
  if (!data) return <Progress />;

  const open = data.viewer.openAlerts;
  if (!open.configured) {
    return (
      <NotSetUp
        data-testid="open-alerts-not-configured"
        title="Alertmanager is not configured, so Atrium cannot show your alerts."
        howTo={open.howTo}
      />
    );
  }
  if (open.items.length === 0) {
    return <EmptyLine>No open alerts on your services</EmptyLine>;
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
