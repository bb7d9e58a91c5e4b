import Button from '@material-ui/core/Button';
import Paper from '@material-ui/core/Paper';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import {
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
import { EmptyLine, SectionHeader } from '@atrium/ui';
import { useEffect, useState } from 'react';
import { computeApiRef } from '../../api';
import { describeError } from '../../lib/errors';
import { formatChange, shortRef } from '../../lib/format';
import { testIds } from '../../lib/testIds';
import { LineTime } from '../common/LineTime';
import { listCardStyles } from '../common/listCardStyles';

/** How many actions show at first, and how many more each "Older" loads. */
const PAGE = 5;

const useStyles = makeStyles(theme => ({
  ...listCardStyles(theme),
  line: { ...listCardStyles(theme).line, alignItems: 'baseline' },
  // The status components set their own (larger) text: the line's size instead.
  result: {
    overflowWrap: 'anywhere',
    minWidth: 0,
    '&& *': { fontSize: 'inherit' },
  },
  headline: { flex: '1 1 0', overflowWrap: 'anywhere', minWidth: 0 },
}));

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

/** The component's audited actions, newest first, a few at a time. `refreshKey` reloads the first page. */
export function ActivityCard({
  component,
  refreshKey,
}: {
  component: CompoundEntityRef;
  refreshKey?: number;
}) {
  const classes = useStyles();
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
    <Paper variant="outlined" className={classes.root}>
      <SectionHeader
        title="Activity"
        subtitle="actions on this component's Apps"
      />
      <div data-testid={testIds.activity}>
        {!records && !error && <Progress />}
        {error && (
          <ResponseErrorPanel title={describeError(error)} error={error} />
        )}
        {records && sorted.length === 0 && (
          <EmptyLine>No actions yet.</EmptyLine>
        )}
        {sorted.length > 0 && (
          <ul className={classes.list} aria-label="Activity">
            {sorted.map(r => (
              <li
                key={r.id}
                className={classes.item}
                data-testid={testIds.activityRow}
              >
                <div className={classes.line}>
                  <Typography variant="body2" className={classes.headline}>
                    <strong>{r.action}</strong> {`${r.app} in ${r.cluster}`}
                  </Typography>
                  <LineTime at={r.occurredAt} />
                </div>
                <div className={classes.line}>
                  <Typography
                    variant="body2"
                    color="textSecondary"
                    title={r.actor}
                  >
                    {shortRef(r.actor)}
                  </Typography>
                  {formatChange(r.before, r.after) !== '–' && (
                    <Typography variant="body2" className={classes.text}>
                      {formatChange(r.before, r.after)}
                    </Typography>
                  )}
                  <Typography
                    variant="body2"
                    component="div"
                    className={classes.result}
                    data-testid="compute-activity-result"
                  >
                    <Result record={r} />
                  </Typography>
                </div>
              </li>
            ))}
          </ul>
        )}
        {nextBefore !== undefined && (
          <Button size="small" onClick={loadMore} disabled={loadingMore}>
            {loadingMore ? 'Loading…' : 'Older'}
          </Button>
        )}
      </div>
    </Paper>
  );
}
