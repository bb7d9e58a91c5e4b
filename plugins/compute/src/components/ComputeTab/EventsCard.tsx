import {
  StatusOK,
  StatusWarning,
  Table,
  TableColumn,
} from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import type { CompoundEntityRef } from '@backstage/catalog-model';
import type { EventView } from '@atrium/plugin-compute-common';
import { describeError } from '../../lib/errors';
import { computeApiRef } from '../../api';
import { usePolledAsync } from '../../hooks/usePolledAsync';
import { formatAgo, formatTime } from '../../lib/format';
import { testIds } from '../../lib/testIds';
import { ClusterErrorPanel } from '../common/ClusterErrorPanel';
import { ClusterStalePanel } from '../common/ClusterStalePanel';
import { ResponseErrorPanel } from '@backstage/core-components';

type EventRow = EventView & { cluster: string; id: string };

const columns: TableColumn<EventRow>[] = [
  {
    title: 'Type',
    field: 'type',
    render: e =>
      e.type === 'Warning' ? (
        <StatusWarning>Warning</StatusWarning>
      ) : (
        <StatusOK>{e.type}</StatusOK>
      ),
  },
  { title: 'Reason', field: 'reason' },
  { title: 'Message', field: 'message' },
  { title: 'Object', render: e => `${e.object.kind}/${e.object.name}` },
  { title: 'Cluster', field: 'cluster' },
  { title: 'Count', field: 'count', type: 'numeric' },
  {
    title: 'Last seen',
    field: 'lastSeen',
    defaultSort: 'desc',
    render: e => (
      <span title={formatTime(e.lastSeen)}>{formatAgo(e.lastSeen)}</span>
    ),
  },
];

/** The component's Kubernetes events across clusters. */
export function EventsCard({ component }: { component: CompoundEntityRef }) {
  const api = useApi(computeApiRef);
  const events = usePolledAsync(
    signal => api.getComponentEvents(component, { signal }),
    [api, component.namespace, component.name],
    15000,
  );
  if (events.error && !events.value)
    return (
      <ResponseErrorPanel
        title={describeError(events.error)}
        error={events.error}
      />
    );
  const clusters = events.value?.clusters ?? [];
  const rows: EventRow[] = clusters
    .flatMap(c =>
      c.ok
        ? c.events.map((e, i) => ({
            ...e,
            cluster: c.cluster.name,
            id: `${c.cluster.name}-${i}`,
          }))
        : [],
    )
    .sort((a, b) => (b.lastSeen ?? '').localeCompare(a.lastSeen ?? ''));
  return (
    <div data-testid="compute-events">
      {clusters.map(c => {
        if (!c.ok) {
          return (
            <ClusterErrorPanel
              key={c.cluster.name}
              cluster={c.cluster}
              error={c.error}
              testId={false}
            />
          );
        }
        // The cluster's last known events: say so, as the workloads do.
        return c.stale ? (
          <ClusterStalePanel
            key={c.cluster.name}
            cluster={c.cluster}
            stale={c.stale}
            testId={testIds.eventsStale(c.cluster.name)}
          />
        ) : null;
      })}
      <Table<EventRow>
        title="Events"
        isLoading={events.loading}
        columns={columns}
        data={rows}
        options={{
          paging: rows.length > 10,
          pageSize: 10,
          padding: 'dense',
          search: rows.length > 10,
        }}
        emptyContent={<div style={{ padding: 16 }}>No recent events.</div>}
      />
    </div>
  );
}
