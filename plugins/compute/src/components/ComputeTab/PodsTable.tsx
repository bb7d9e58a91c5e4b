import Button from '@material-ui/core/Button';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import type { AppView, PodView } from '@atrium/plugin-compute-common';
import { EmptyLine, StatusChip } from '@atrium/ui';
import { useState } from 'react';
import { formatAge, formatTime } from '../../lib/format';
import { testIds } from '../../lib/testIds';
import { LogViewer } from './LogViewer';

function readyText(pod: PodView) {
  const ready = pod.containers.filter(c => c.ready).length;
  return `${ready}/${pod.containers.length}`;
}

/** Where the pod runs, and its image when it is not the App's (mid-rollout). */
function placement(app: AppView, pod: PodView) {
  const where = [pod.node, pod.zone].filter(Boolean).join(' · ');
  const own = `${app.spec.image}:${app.spec.version}`;
  return pod.image && pod.image !== own ? `${where} · ${pod.image}` : where;
}

/** The App's pods, each with its log. */
export function PodsTable({ app }: { app: AppView }) {
  const [logsOf, setLogsOf] = useState<PodView | undefined>();
  return (
    <div data-testid={testIds.pods(app.cluster, app.name)}>
      {app.pods.length === 0 ? (
        <EmptyLine>No pods.</EmptyLine>
      ) : (
        <Table size="small" aria-label={`Pods of ${app.name}`}>
          <TableHead>
            <TableRow>
              <TableCell>Pod</TableCell>
              <TableCell>Status</TableCell>
              <TableCell>Ready</TableCell>
              <TableCell align="right">Restarts</TableCell>
              <TableCell>Age</TableCell>
              <TableCell />
            </TableRow>
          </TableHead>
          <TableBody>
            {app.pods.map(pod => {
              const reason = pod.containers.find(c => c.reason)?.reason;
              return (
                <TableRow key={pod.name}>
                  <TableCell style={{ overflowWrap: 'anywhere' }}>
                    <Typography variant="body2">{pod.name}</Typography>
                    <Typography variant="caption" color="textSecondary">
                      {placement(app, pod)}
                    </Typography>
                  </TableCell>
                  <TableCell>
                    <StatusChip
                      label={reason ?? pod.phase ?? 'Unknown'}
                      tone={reason ? 'error' : undefined}
                      title={reason ? `${pod.phase}: ${reason}` : undefined}
                    />
                  </TableCell>
                  <TableCell>{readyText(pod)}</TableCell>
                  <TableCell align="right">{pod.restarts}</TableCell>
                  <TableCell title={formatTime(pod.createdAt)}>
                    {formatAge(pod.createdAt)}
                  </TableCell>
                  <TableCell align="right">
                    <Button
                      size="small"
                      onClick={() => setLogsOf(pod)}
                      aria-label={`Logs of ${pod.name}`}
                    >
                      Logs
                    </Button>
                  </TableCell>
                </TableRow>
              );
            })}
          </TableBody>
        </Table>
      )}
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
