import { Link, Progress } from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import { parseEntityRef } from '@backstage/catalog-model';
import { EntityDisplayName } from '@backstage/plugin-catalog-react';
import {
  Box,
  List,
  ListItem,
  ListItemText,
  Typography,
} from '@material-ui/core';
import { Alert } from '@material-ui/lab';
import useAsync from 'react-use/esm/useAsync';
import { describeError, EmptyLine, formatAgo, SectionHeader } from '@atrium/ui';
import { entityPath } from '@atrium/plugin-graphql-react';
import {
  computeApiRef,
  describeApprovalChange,
  formatUntil,
  formatWhen,
  ReasonList,
  teamName,
} from '@atrium/plugin-compute';
import type {
  ApprovalRequest,
  ComputeApi,
} from '@atrium/plugin-compute-common';
import { ApprovalDecision } from './ApprovalDecision';

/** The service's Compute tab, where the App and its rollout show. */
function ServiceLink({ entityRef }: { entityRef: string }) {
  const entity = parseEntityRef(entityRef);
  return <Link to={`${entityPath(entity)}/compute`}>{entity.name}</Link>;
}

function Expiry({ at }: { at: string }) {
  return (
    <span title={formatWhen(at)} data-testid="approval-expires">
      expires {formatUntil(at)}
    </span>
  );
}

function AwaitingRow(props: { approval: ApprovalRequest; api: ComputeApi }) {
  const { approval, api } = props;
  return (
    <ListItem divider disableGutters data-approval={approval.id}>
      <ListItemText
        disableTypography
        primary={
          <Typography variant="subtitle2">
            <EntityDisplayName
              entityRef={approval.requestedBy}
              hideIcon
              disableTooltip
            />{' '}
            asks: {describeApprovalChange(approval)}
          </Typography>
        }
        secondary={
          <>
            <Typography variant="caption" color="textSecondary">
              <ServiceLink entityRef={approval.entityRef} />
              {' · '}
              <span title={approval.requestedAt}>
                asked {formatAgo(approval.requestedAt)}
              </span>
              {' · '}
              <Expiry at={approval.expiresAt} />
            </Typography>
            <ReasonList reasons={approval.reasons} />
            <Box mt={1}>
              <ApprovalDecision
                approval={approval}
                approve={() => api.approve(approval.id)}
                reject={comment => api.reject(approval.id, { comment })}
                reload={() => api.getApproval(approval.id)}
              />
            </Box>
          </>
        }
      />
    </ListItem>
  );
}

function MyRequests({ items }: { items: ApprovalRequest[] }) {
  const pending = items.filter(a => a.status === 'pending');
  return (
    <Box component="section" mt={2} aria-label="My pending requests">
      <SectionHeader
        title={`My pending requests (${pending.length})`}
        level={3}
      />
      {pending.length === 0 ? (
        <EmptyLine>None of your requests is waiting.</EmptyLine>
      ) : (
        <List dense disablePadding>
          {pending.map(approval => (
            <ListItem
              key={approval.id}
              disableGutters
              data-my-approval={approval.id}
            >
              <ListItemText
                primary={describeApprovalChange(approval)}
                secondary={
                  <>
                    waiting for {teamName(approval.team)} ·{' '}
                    <Expiry at={approval.expiresAt} />
                  </>
                }
              />
            </ListItem>
          ))}
        </List>
      )}
    </Box>
  );
}

/**
 * Requests for compute actions that need a second person: those the user may decide (another member's, on their
 * team's services, or anyone's for a platform admin), each with who asked, the service, the change in words,
 * why it needs approval and when it expires, and Approve / Reject; then the user's own pending requests.
 * Read from the compute backend (`GET /api/compute/approvals`); what went wrong is said in place.
 */
export function AwaitingApprovalWidget() {
  const api = useApi(computeApiRef);
  const lists = useAsync(
    () =>
      Promise.all([
        api.listApprovals({ awaiting: 'me' }),
        api.listApprovals({ requestedBy: 'me' }),
      ]),
    [api],
  );
  if (lists.error) {
    return (
      <Alert severity="error" data-testid="approvals-error">
        Could not read the requests awaiting your approval:{' '}
        {describeError(lists.error)}
      </Alert>
    );
  }
  if (lists.loading || !lists.value) return <Progress />;
  const [awaiting, mine] = lists.value;

  return (
    // The card lays its content out as a flex item: without a width of its own, the rows would not wrap and
    // would be cut off at the card's edge.
    <Box data-testid="approvals" width="100%" minWidth={0}>
      <Box component="section" aria-label="Awaiting my approval">
        {awaiting.items.length === 0 ? (
          <EmptyLine>Nothing awaits your approval.</EmptyLine>
        ) : (
          // Not dense: Backstage's theme cuts a dense list's text to one line with an ellipsis, and a request
          // is read whole (its change, its reasons, the buttons).
          <List disablePadding>
            {awaiting.items.map(approval => (
              <AwaitingRow key={approval.id} approval={approval} api={api} />
            ))}
          </List>
        )}
      </Box>
      <MyRequests items={mine.items} />
    </Box>
  );
}
