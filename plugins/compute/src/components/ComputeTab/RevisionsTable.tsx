import Button from '@material-ui/core/Button';
import Chip from '@material-ui/core/Chip';
import type { AppRevision, AppView } from '@atrium/plugin-compute-common';
import { SimpleTable, type Column } from '@atrium/ui';
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
  // Without revisions there are no rows.
  const current = app.status.currentRevision ?? revisions[0]?.revision ?? 0;
  const columns: Column<AppRevision>[] = [
    {
      title: 'Revision',
      render: r => (
        <>
          {r.revision}{' '}
          {r.revision === current && (
            <Chip size="small" label="current" color="primary" />
          )}
        </>
      ),
    },
    { title: 'Version', render: r => r.version },
    { title: 'Cause', render: r => r.changeCause ?? '–' },
    {
      title: 'When',
      render: r => (
        <span title={formatTime(r.createdAt)}>{formatAgo(r.createdAt)}</span>
      ),
    },
  ];
  if (onRollback) {
    columns.push({
      title: '',
      render: r =>
        r.revision < current && (
          <Button
            size="small"
            variant="outlined"
            onClick={() => onRollback(r.revision)}
            data-testid={testIds.rollback(app.cluster, app.name, r.revision)}
          >
            Roll back
          </Button>
        ),
    });
  }
  return (
    <SimpleTable<AppRevision>
      label="Revisions"
      rows={revisions}
      rowKey={r => String(r.revision)}
      empty="No revisions reported."
      columns={columns}
    />
  );
}
