import Accordion from '@material-ui/core/Accordion';
import AccordionDetails from '@material-ui/core/AccordionDetails';
import AccordionSummary from '@material-ui/core/AccordionSummary';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import List from '@material-ui/core/List';
import ListItem from '@material-ui/core/ListItem';
import Tooltip from '@material-ui/core/Tooltip';
import Typography from '@material-ui/core/Typography';
import ExpandMoreIcon from '@material-ui/icons/ExpandMore';
import { Link } from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import { getCompoundEntityRef } from '@backstage/catalog-model';
import { useEntity } from '@backstage/plugin-catalog-react';
import { safeHref } from '@atrium/api-client';
import type { Alert } from '@atrium/plugin-operations-common';
import { EmptyLine } from '@atrium/ui';
import { useMemo, useState } from 'react';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { operationsApiRef } from '../api';
import { useCanSilence } from '../hooks/useCanSilence';
import { formatAgo, formatDateTime } from '../lib/format';
import { testIds } from '../lib/testIds';
import { AlertBadges } from './AlertBadges';
import { OperationsCard } from './cardParts';
import { SilenceDialog } from './SilenceDialog';

const isSilenced = (alert: Alert) =>
  alert.state === 'suppressed' || alert.silencedBy.length > 0;

function AlertRow({
  alert,
  action,
}: {
  alert: Alert;
  action?: React.ReactNode;
}) {
  const resolved = alert.state === 'resolved';
  // Alertmanager's generatorURL is a link only when it is http(s) (Backstage's Link throws on javascript:).
  const generatorHref = safeHref(alert.generatorURL);
  return (
    <ListItem divider data-testid={testIds.alert(alert.fingerprint)}>
      <Box
        display="flex"
        width="100%"
        alignItems="flex-start"
        style={{ gap: 12 }}
      >
        <Box flex={1} minWidth={0}>
          <Box
            display="flex"
            alignItems="center"
            flexWrap="wrap"
            style={{ gap: 8 }}
          >
            <Typography variant="subtitle1" component="span">
              {generatorHref ? (
                <Link to={generatorHref}>{alert.name}</Link>
              ) : (
                alert.name
              )}
            </Typography>
            <AlertBadges
              severity={alert.severity}
              silenced={isSilenced(alert)}
              resolved={resolved}
            />
          </Box>
          <Typography variant="body2">{alert.summary}</Typography>
          <Typography variant="caption" color="textSecondary">
            <Tooltip title={formatDateTime(new Date(alert.startsAt))}>
              <span>Since {formatAgo(alert.startsAt)}</span>
            </Tooltip>
            {resolved && alert.endsAt && (
              <Tooltip title={formatDateTime(new Date(alert.endsAt))}>
                <span> · resolved {formatAgo(alert.endsAt)}</span>
              </Tooltip>
            )}
          </Typography>
        </Box>
        {action}
      </Box>
    </ListItem>
  );
}

/**
 * A component's alerts from Alertmanager: firing now, recently resolved, and Silence for its owners.
 * `hideUnlessConfigured` (the overview's card): where Alertmanager is not set up, show nothing rather than a card
 * that only says so; the Operations tab's card says how to set it up.
 */
export function AlertsCard(props: { hideUnlessConfigured?: boolean } = {}) {
  const { entity } = useEntity();
  const api = useApi(operationsApiRef);
  const canSilence = useCanSilence(entity);
  const target = useMemo(() => getCompoundEntityRef(entity), [entity]);
  const [silencing, setSilencing] = useState<Alert>();
  const [notice, setNotice] = useState<string>();

  const alerts = useAsyncRetry(
    () => api.getAlerts(target),
    [api, target.namespace, target.kind, target.name],
  );
  const answer = alerts.value;

  if (props.hideUnlessConfigured && answer && !answer.configured) return null;
  return (
    <>
      <OperationsCard what="alerts" read={alerts} keepWhileLoading>
        {configured => (
          <>
            {notice && (
              <Typography variant="body2" role="status">
                {notice}
              </Typography>
            )}
            {configured.active.length === 0 ? (
              <EmptyLine>No alerts firing.</EmptyLine>
            ) : (
              <List dense disablePadding>
                {configured.active.map(alert => (
                  <AlertRow
                    key={alert.fingerprint}
                    alert={alert}
                    action={
                      canSilence ? (
                        <Button
                          size="small"
                          variant="outlined"
                          data-testid={testIds.silenceButton(alert.fingerprint)}
                          onClick={() => {
                            setNotice(undefined);
                            setSilencing(alert);
                          }}
                        >
                          Silence
                        </Button>
                      ) : undefined
                    }
                  />
                ))}
              </List>
            )}
            {configured.resolved.length > 0 && (
              <Box mt={2}>
                <Accordion
                  data-testid={testIds.resolvedAlerts}
                  TransitionProps={{ unmountOnExit: true }}
                >
                  <AccordionSummary expandIcon={<ExpandMoreIcon />}>
                    <Typography variant="body2">
                      Resolved in the last 24 hours (
                      {configured.resolved.length})
                    </Typography>
                  </AccordionSummary>
                  <AccordionDetails>
                    <List dense disablePadding style={{ width: '100%' }}>
                      {configured.resolved.map(alert => (
                        <AlertRow
                          key={`${alert.fingerprint}-${alert.startsAt}`}
                          alert={alert}
                        />
                      ))}
                    </List>
                  </AccordionDetails>
                </Accordion>
              </Box>
            )}
          </>
        )}
      </OperationsCard>
      {silencing && (
        <SilenceDialog
          target={target}
          alert={silencing}
          onClose={() => setSilencing(undefined)}
          onSilenced={response => {
            setSilencing(undefined);
            setNotice(
              `Silenced ${silencing.name} until ${formatDateTime(
                new Date(response.silence.endsAt),
              )}.`,
            );
            alerts.retry();
          }}
        />
      )}
    </>
  );
}
