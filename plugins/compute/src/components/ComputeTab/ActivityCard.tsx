import Button from '@material-ui/core/Button';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import {
  InfoCard,
  Progress,
  ResponseErrorPanel,
  StatusError,
  StatusOK,
  StatusPending,
  StatusWarning,
} from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import type { CompoundEntityRef } from '@backstage/catalog-model';
import type {
  ApprovalAuditEvent,
  ComputeAuditRecord,
} from '@atrium/plugin-compute-common';
import { useEffect, useState } from 'react';
import { computeApiRef } from '../../api';
import { describeError } from '../../lib/errors';
import {
  formatAgo,
  formatChange,
  formatTime,
  shortRef,
} from '../../lib/format';
import { testIds } from '../../lib/testIds';

const PAGE = 20;

const newestFirst = (a: ComputeAuditRecord, b: ComputeAuditRecord) =>
  b.occurredAt.localeCompare(a.occurredAt) || b.id - a.id;

/**
 * A step of a request for approval is recorded as `succeeded` (the step was taken), but a request, a rejection
 * or an expiry changed nothing on the cluster: each shows as what it was, not as a success.
 */
function ApprovalStep({
  record,
  event,
}: {
  record: ComputeAuditRecord;
  event: ApprovalAuditEvent;
}) {
  const said = (label: string) =>
    record.message ? `${label}: ${record.message}` : label;
  switch (event) {
    case 'requested':
      return <StatusPending>{said('awaiting approval')}</StatusPending>;
    case 'approved':
      return <StatusOK>{said('approved')}</StatusOK>;
    case 'rejected':
      return <StatusWarning>{said('rejected')}</StatusWarning>;
    case 'expired':
      return <StatusWarning>{said('expired')}</StatusWarning>;
    default:
      return <StatusError>{said('failed')}</StatusError>;
  }
}

function Result({ record }: { record: ComputeAuditRecord }) {
  if (record.approval) {
    return <ApprovalStep record={record} event={record.approval.event} />;
  }
  const text = record.message
    ? `${record.result}: ${record.message}`
    : record.result;
  if (record.result === 'succeeded') return <StatusOK>{text}</StatusOK>;
  if (record.result === 'denied') return <StatusWarning>{text}</StatusWarning>;
  // Sent to the cluster, outcome not recorded: it may have been applied.
  if (record.result === 'started')
    return <StatusPending>started: outcome not recorded</StatusPending>;
  return <StatusError>{text}</StatusError>;
}

/** The component's audited actions, newest first. `refreshKey` reloads the first page. */
export function ActivityCard({
  component,
  refreshKey,
}: {
  component: CompoundEntityRef;
  refreshKey?: number;
}) {
  const api = useApi(computeApiRef);
  const [records, setRecords] = useState<ComputeAuditRecord[] | undefined>();
  const [nextBefore, setNextBefore] = useState<number | undefined>();
  const [error, setError] = useState<Error | undefined>();
  const [loadingMore, setLoadingMore] = useState(false);

  useEffect(() => {
    const controller = new AbortController();
    api
      .getComponentActivity(
        component,
        { limit: PAGE },
        { signal: controller.signal },
      )
      .then(page => {
        if (controller.signal.aborted) return;
        setRecords(page.items);
        setNextBefore(page.nextBefore);
        setError(undefined);
      })
      .catch(e => !controller.signal.aborted && setError(e));
    return () => controller.abort();
  }, [api, component.namespace, component.name, refreshKey]); // eslint-disable-line react-hooks/exhaustive-deps

  const loadMore = async () => {
    setLoadingMore(true);
    try {
      const page = await api.getComponentActivity(component, {
        limit: PAGE,
        before: nextBefore,
      });
      setRecords(r => [
        ...(r ?? []),
        ...page.items.filter(i => !r?.some(x => x.id === i.id)),
      ]);
      setNextBefore(page.nextBefore);
    } catch (e) {
      setError(new Error(describeError(e)));
    } finally {
      setLoadingMore(false);
    }
  };

  const sorted = [...(records ?? [])].sort(newestFirst);

  return (
    <InfoCard title="Activity" subheader="Actions on this component's Apps">
      <div data-testid={testIds.activity}>
        {!records && !error && <Progress />}
        {error && (
          <ResponseErrorPanel title={describeError(error)} error={error} />
        )}
        {records && sorted.length === 0 && (
          <Typography variant="body2">No actions yet.</Typography>
        )}
        {sorted.length > 0 && (
          <Table size="small" aria-label="Activity">
            <TableHead>
              <TableRow>
                <TableCell>Who</TableCell>
                <TableCell>What</TableCell>
                <TableCell>Before → after</TableCell>
                <TableCell>Result</TableCell>
                <TableCell>When</TableCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {sorted.map(r => (
                <TableRow key={r.id} data-testid={testIds.activityRow}>
                  <TableCell title={r.actor}>{shortRef(r.actor)}</TableCell>
                  <TableCell>{`${r.action} ${r.app} in ${r.cluster}`}</TableCell>
                  <TableCell>{formatChange(r.before, r.after)}</TableCell>
                  <TableCell>
                    <Result record={r} />
                  </TableCell>
                  <TableCell title={formatTime(r.occurredAt)}>
                    {formatAgo(r.occurredAt)}
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        )}
        {nextBefore !== undefined && (
          <Button size="small" onClick={loadMore} disabled={loadingMore}>
            {loadingMore ? 'Loading…' : 'Older'}
          </Button>
        )}
      </div>
    </InfoCard>
  );
}
