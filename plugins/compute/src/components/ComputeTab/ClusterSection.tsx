import Paper from '@material-ui/core/Paper';
import Table from '@material-ui/core/Table';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import type { AppView, ClusterResult } from '@atrium/plugin-compute-common';
import { EmptyLine, SectionHeader, StatusChip } from '@atrium/ui';
import { testIds } from '../../lib/testIds';
import { ClusterErrorPanel } from '../common/ClusterErrorPanel';
import { ClusterStalePanel } from '../common/ClusterStalePanel';
import { AppRow, isReady } from './AppRow';

const useStyles = makeStyles(theme => ({
  root: { padding: theme.spacing(1.5, 2), marginBottom: theme.spacing(2) },
  body: { marginTop: theme.spacing(1) },
  table: {
    '& th': { color: theme.palette.text.secondary, whiteSpace: 'nowrap' },
    // Dense cells: MUI's 16 px + 24 px of padding per cell would leave the App's own columns no room at 1024 px.
    '& > thead > tr > th, & > tbody > tr > td': {
      padding: theme.spacing(0.75, 1),
    },
  },
}));

/** How the cluster answered, as a word for its status chip. */
function reachability(result: ClusterResult<{ apps: AppView[] }>) {
  if (!result.ok) return 'Unreachable';
  return result.stale ? 'Stale' : 'Reachable';
}

/**
 * One cluster: a summary strip (name, region, whether it answered, how many of its Apps are ready), then one row
 * per App, or why the cluster did not answer.
 */
export function ClusterSection({
  result,
  canOperate,
  onChanged,
}: {
  result: ClusterResult<{ apps: AppView[] }>;
  canOperate: boolean;
  onChanged: () => void;
}) {
  const classes = useStyles();
  const { cluster } = result;
  const apps = result.ok ? result.apps : [];
  const ready = apps.filter(isReady).length;
  const columns = canOperate ? 7 : 6;
  const region = [cluster.region, cluster.zone].filter(Boolean).join(' / ');

  return (
    <Paper
      variant="outlined"
      className={classes.root}
      data-testid={testIds.cluster(cluster.name)}
    >
      <SectionHeader
        title={cluster.name}
        subtitle={region || undefined}
        meta={
          <>
            <StatusChip label={reachability(result)} />
            {result.ok && apps.length > 0 && (
              <Typography variant="body2" color="textSecondary">
                {`${ready}/${apps.length} ${
                  apps.length === 1 ? 'App' : 'Apps'
                } ready`}
              </Typography>
            )}
          </>
        }
      />
      <div className={classes.body}>
        {!result.ok && (
          <ClusterErrorPanel cluster={cluster} error={result.error} />
        )}
        {result.ok && result.stale && (
          <ClusterStalePanel cluster={cluster} stale={result.stale} />
        )}
        {result.ok && apps.length === 0 && (
          <EmptyLine>No Apps of this component in this cluster.</EmptyLine>
        )}
        {apps.length > 0 && (
          <Table
            size="small"
            className={classes.table}
            aria-label={`Apps in ${cluster.name}`}
          >
            <TableHead>
              <TableRow>
                <TableCell padding="none" />
                <TableCell>App</TableCell>
                <TableCell>Status</TableCell>
                <TableCell>Version</TableCell>
                <TableCell>Ready</TableCell>
                <TableCell>Tier</TableCell>
                {canOperate && <TableCell align="right">Actions</TableCell>}
              </TableRow>
            </TableHead>
            {apps.map(app => (
              <AppRow
                key={`${app.namespace}/${app.name}`}
                app={app}
                canOperate={canOperate}
                onChanged={onChanged}
                columns={columns}
              />
            ))}
          </Table>
        )}
      </div>
    </Paper>
  );
}
