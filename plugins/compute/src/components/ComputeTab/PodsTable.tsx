import Button from '@material-ui/core/Button';
import { Table, TableColumn } from '@backstage/core-components';
import type { AppView, PodView } from '@atrium/plugin-compute-common';
import { useState } from 'react';
import { formatAge, formatTime } from '../../lib/format';
import { testIds } from '../../lib/testIds';
import { PhaseStatus } from '../common/PhaseChip';
import { LogViewer } from './LogViewer';

function readyText(pod: PodView) {
  const ready = pod.containers.filter(c => c.ready).length;
  return `${ready}/${pod.containers.length}`;
}

function waitingReason(pod: PodView) {
  return pod.containers.find(c => c.reason)?.reason;
}

/** The App's pods, each with a log viewer. */
export function PodsTable({ app }: { app: AppView }) {
  const [logsOf, setLogsOf] = useState<PodView | undefined>();
  const columns: TableColumn<PodView>[] = [
    { title: 'Name', field: 'name', highlight: true },
    {
      title: 'Phase',
      field: 'phase',
      render: pod => (
        <PhaseStatus phase={pod.phase}>
          {pod.phase}
          {waitingReason(pod) ? ` (${waitingReason(pod)})` : ''}
        </PhaseStatus>
      ),
    },
    { title: 'Ready', render: readyText },
    { title: 'Restarts', field: 'restarts', type: 'numeric' },
    { title: 'Zone', field: 'zone', emptyValue: '–' },
    { title: 'Node', field: 'node', emptyValue: '–' },
    { title: 'Image', field: 'image', emptyValue: '–' },
    {
      title: 'Age',
      field: 'createdAt',
      render: pod => (
        <span title={formatTime(pod.createdAt)}>
          {formatAge(pod.createdAt)}
        </span>
      ),
    },
    {
      title: 'Logs',
      sorting: false,
      render: pod => (
        <Button
          size="small"
          onClick={() => setLogsOf(pod)}
          aria-label={`Logs of ${pod.name}`}
        >
          Logs
        </Button>
      ),
    },
  ];

  return (
    <div data-testid={testIds.pods(app.cluster, app.name)}>
      <Table<PodView>
        title={`Pods (${app.pods.length})`}
        columns={columns}
        data={app.pods}
        options={{
          paging: app.pods.length > 20,
          pageSize: 20,
          search: false,
          padding: 'dense',
        }}
        emptyContent={<div style={{ padding: 16 }}>No pods.</div>}
      />
      {logsOf && (
        <LogViewer
          cluster={app.cluster}
          pod={logsOf}
          onClose={() => setLogsOf(undefined)}
        />
      )}
    </div>
  );
}
