import Button from '@material-ui/core/Button';
import Chip from '@material-ui/core/Chip';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import type { AppView } from '@atrium/plugin-compute-common';
import { EmptyLine } from '@atrium/ui';
import { formatAgo, formatTime } from '../../lib/format';
import { testIds } from '../../lib/testIds';

/** The App's revisions, newest first; earlier ones can be rolled back to. */
export function RevisionsTable({
  app,
  onRollback,
}: {
  app: AppView;
  /** Set only for those allowed to act. */
  onRollback?: (revision: number) => void;
}) {
  const revisions = [...(app.status.revisions ?? [])].sort(
    (a, b) => b.revision - a.revision,
  );
  if (!revisions.length) {
    return <EmptyLine>No revisions reported.</EmptyLine>;
  }
  const current = app.status.currentRevision ?? revisions[0].revision;
  return (
    <Table size="small" aria-label="Revisions">
      <TableHead>
        <TableRow>
          <TableCell>Revision</TableCell>
          <TableCell>Version</TableCell>
          <TableCell>Cause</TableCell>
          <TableCell>When</TableCell>
          {onRollback && <TableCell />}
        </TableRow>
      </TableHead>
      <TableBody>
        {revisions.map(r => (
          <TableRow key={r.revision}>
            <TableCell>
              {r.revision}{' '}
              {r.revision === current && (
                <Chip size="small" label="current" color="primary" />
              )}
            </TableCell>
            <TableCell>{r.version}</TableCell>
            <TableCell style={{ overflowWrap: 'anywhere' }}>
              {r.changeCause ?? '–'}
            </TableCell>
            <TableCell title={formatTime(r.createdAt)}>
              {formatAgo(r.createdAt)}
            </TableCell>
            {onRollback && (
              <TableCell align="right">
                {r.revision < current && (
                  <Button
                    size="small"
                    variant="outlined"
                    onClick={() => onRollback(r.revision)}
                    data-testid={testIds.rollback(
                      app.cluster,
                      app.name,
                      r.revision,
                    )}
                  >
                    Roll back
                  </Button>
                )}
              </TableCell>
            )}
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
