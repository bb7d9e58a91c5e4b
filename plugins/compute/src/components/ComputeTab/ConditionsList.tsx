import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import {
  StatusError,
  StatusOK,
  StatusPending,
} from '@backstage/core-components';
import type { Condition } from '@atrium/plugin-compute-common';
import { EmptyLine } from '@atrium/ui';
import { formatAgo, formatTime } from '../../lib/format';

function ConditionStatus({ status }: { status: Condition['status'] }) {
  if (status === 'True') return <StatusOK>True</StatusOK>;
  if (status === 'False') return <StatusError>False</StatusError>;
  return <StatusPending>Unknown</StatusPending>;
}

export function ConditionsList({ conditions }: { conditions?: Condition[] }) {
  if (!conditions?.length) {
    return <EmptyLine>No conditions reported.</EmptyLine>;
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
            <TableCell style={{ overflowWrap: 'anywhere' }}>
              {c.message ?? ''}
            </TableCell>
            <TableCell title={formatTime(c.lastTransitionTime)}>
              {formatAgo(c.lastTransitionTime)}
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
