import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import {
  StatusError,
  StatusOK,
  StatusPending,
} from '@backstage/core-components';
import type { Condition } from '@atrium/plugin-compute-common';
import { formatAgo, formatTime } from '../../lib/format';

function ConditionStatus({ status }: { status: Condition['status'] }) {
  if (status === 'True') return <StatusOK>True</StatusOK>;
  if (status === 'False') return <StatusError>False</StatusError>;
  return <StatusPending>Unknown</StatusPending>;
}

export function ConditionsList({ conditions }: { conditions?: Condition[] }) {
  if (!conditions?.length) {
    return <Typography variant="body2">No conditions reported.</Typography>;
  }
  return (
    <Table size="small" aria-label="Conditions">
      <TableHead>
        <TableRow>
          <TableCell>Type</TableCell>
          <TableCell>Status</TableCell>
          <TableCell>Reason</TableCell>
          <TableCell>Message</TableCell>
          <TableCell>Since</TableCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {conditions.map(c => (
          <TableRow key={c.type}>
            <TableCell>{c.type}</TableCell>
            <TableCell>
              <ConditionStatus status={c.status} />
            </TableCell>
            <TableCell>{c.reason ?? ''}</TableCell>
            <TableCell>{c.message ?? ''}</TableCell>
            <TableCell title={formatTime(c.lastTransitionTime)}>
              {formatAgo(c.lastTransitionTime)}
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
