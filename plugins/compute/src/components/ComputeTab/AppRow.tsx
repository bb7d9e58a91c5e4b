import Button from '@material-ui/core/Button';
import IconButton from '@material-ui/core/IconButton';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import ExpandLess from '@material-ui/icons/ExpandLess';
import ExpandMore from '@material-ui/icons/ExpandMore';
import type { AppView } from '@atrium/plugin-compute-common';
import { StatusChip } from '@atrium/ui';
import { useState } from 'react';
import { testIds } from '../../lib/testIds';
import { AppDetails } from './AppDetails';
import { useAppDialogs, type DialogKind } from './useAppDialogs';

const useStyles = makeStyles(theme => ({
  main: {
    '& > td': { borderBottom: 'none' },
  },
  toggle: { width: 40, paddingRight: 0 },
  // Names break at their hyphens, never inside a word; the actions wrap first.
  nameCell: { minWidth: 150 },
  name: { fontWeight: 500, cursor: 'pointer' },
  nowrap: { whiteSpace: 'nowrap' },
  actions: {
    // At least two buttons a line when the table is narrow.
    minWidth: 170,
    display: 'flex',
    flexWrap: 'wrap',
    justifyContent: 'flex-end',
    gap: theme.spacing(0.5),
  },
  action: {
    minWidth: 0,
    padding: theme.spacing(0.25, 1),
    whiteSpace: 'nowrap',
  },
  details: {
    // Over the cluster table's dense cells.
    '&&': { paddingTop: 0, paddingBottom: theme.spacing(2) },
  },
}));

/** The App's ready pods against its desired replicas, e.g. `3/3`. */
export const readyText = (app: AppView) =>
  `${app.status.readyReplicas ?? 0}/${app.spec.replicas}`;

/** Whether all the App's desired replicas are ready. */
export const isReady = (app: AppView) =>
  (app.status.readyReplicas ?? 0) >= app.spec.replicas &&
  app.status.phase !== 'Failed';

/** The revision before the current one: what the row's Roll back returns to. */
function previousRevision(app: AppView) {
  const revisions = app.status.revisions ?? [];
  const current =
    app.status.currentRevision ??
    Math.max(0, ...revisions.map(r => r.revision));
  return revisions
    .filter(r => r.revision < current)
    .sort((a, b) => b.revision - a.revision)[0];
}

/** Why a pod of the App waits, if one does (e.g. CrashLoopBackOff): the phase chip's tooltip. */
function waitingReason(app: AppView) {
  for (const pod of app.pods) {
    const reason = pod.containers.find(c => c.reason)?.reason;
    if (reason) return `${pod.name}: ${reason}`;
  }
  return undefined;
}

/** One of the row's action buttons. */
interface RowAction {
  kind: DialogKind | 'rollback';
  label: string;
  title?: string;
  onClick: () => void;
}

/**
 * One App as one row of its cluster's table: status, version, ready pods, tier and (for those allowed) its
 * actions; its details (pods, revisions, conditions, Scaler, logs) open below it on demand.
 */
export function AppRow({
  app,
  canOperate,
  onChanged,
  columns,
}: {
  app: AppView;
  canOperate: boolean;
  onChanged: () => void;
  /** The table's column count, for the details' row. */
  columns: number;
}) {
  const classes = useStyles();
  const [expanded, setExpanded] = useState(false);
  const { open, openRollback, dialogs } = useAppDialogs(app, onChanged);
  const { cluster, name } = app;
  const previous = previousRevision(app);
  const actions: RowAction[] = [
    { kind: 'scale', label: 'Scale', onClick: () => open('scale') },
    { kind: 'deploy', label: 'Deploy', onClick: () => open('deploy') },
    { kind: 'restart', label: 'Restart', onClick: () => open('restart') },
  ];
  if (previous) {
    actions.push({
      kind: 'rollback',
      label: 'Roll back',
      title: `Roll back to revision ${previous.revision} (${previous.version})`,
      onClick: () => openRollback(previous.revision),
    });
  }
  if (app.scaler) {
    actions.push({
      kind: 'scaler',
      label: 'Edit bounds',
      title: `The Scaler's bounds: ${app.scaler.minReplicas} to ${app.scaler.maxReplicas} replicas`,
      onClick: () => open('scaler'),
    });
  }
  const detailsId = `compute-details-${cluster}-${name}`;
  const toggle = () => setExpanded(e => !e);

  return (
    <TableBody data-testid={testIds.app(cluster, name)}>
      <TableRow className={expanded ? classes.main : undefined}>
        <TableCell className={classes.toggle}>
          <IconButton
            size="small"
            onClick={toggle}
            aria-expanded={expanded}
            aria-controls={detailsId}
            aria-label={`Details of ${name}`}
          >
            {expanded ? <ExpandLess /> : <ExpandMore />}
          </IconButton>
        </TableCell>
        <TableCell className={classes.nameCell}>
          <Typography variant="body2" className={classes.name} onClick={toggle}>
            {name}
          </Typography>
          <Typography variant="caption" color="textSecondary">
            {app.namespace}
          </Typography>
        </TableCell>
        <TableCell className={classes.nowrap}>
          <StatusChip
            label={app.status.phase ?? 'Unknown'}
            title={waitingReason(app)}
            data-testid={testIds.appPhase(cluster, name)}
          />
        </TableCell>
        <TableCell className={classes.nowrap}>{app.spec.version}</TableCell>
        <TableCell
          className={classes.nowrap}
          data-testid={testIds.appReplicas(cluster, name)}
        >
          {readyText(app)}
        </TableCell>
        <TableCell className={classes.nowrap}>{app.spec.tier}</TableCell>
        {canOperate && (
          <TableCell>
            <div className={classes.actions}>
              {actions.map(action => (
                <Button
                  key={action.kind}
                  variant="outlined"
                  size="small"
                  className={classes.action}
                  onClick={action.onClick}
                  title={action.title}
                  data-testid={testIds.action(action.kind, cluster, name)}
                >
                  {action.label}
                </Button>
              ))}
            </div>
            {dialogs}
          </TableCell>
        )}
      </TableRow>
      {expanded && (
        <TableRow id={detailsId}>
          <TableCell colSpan={columns} className={classes.details}>
            <AppDetails
              app={app}
              onRollback={canOperate ? openRollback : undefined}
            />
          </TableCell>
        </TableRow>
      )}
    </TableBody>
  );
}
