import { formatAgo } from '@atrium/ui';
import { useQuery } from '@apollo/client/react';
import { Link, Progress, ResponseErrorPanel } from '@backstage/core-components';
import {
  Chip,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  Typography,
} from '@material-ui/core';
import {
  entityPath,
  RECENT_DEPLOYS_QUERY,
  type RecentDeploysData,
} from '@atrium/plugin-graphql-react';

/** Most rollouts shown. */
const SHOWN = 10;

/**
 * The newest rollouts (deploys, rollbacks, restarts) of the services the user's teams own, across clusters,
 * read through the gateway with each service's workloads (one compute read for all of them).
 */
export function RecentDeploysWidget() {
  const { data, error, loading } =
    useQuery<RecentDeploysData>(RECENT_DEPLOYS_QUERY);
  if (error) return <ResponseErrorPanel error={error} />;
  if (!data || loading) return <Progress />;

  const rows = data.viewer.owned.items
    .flatMap(service =>
      (service.compute?.recentRevisions ?? []).map(r => ({ service, ...r })),
    )
    .sort((a, b) => Date.parse(b.createdAt) - Date.parse(a.createdAt))
    .slice(0, SHOWN);
  if (rows.length === 0) {
    return (
      <Typography variant="body2" color="textSecondary">
        No rollouts of your services yet.
      </Typography>
    );
  }
  return (
    <Table size="small" aria-label="Recent deploys">
      <TableHead>
        <TableRow>
          <TableCell>Service</TableCell>
          <TableCell>Version</TableCell>
          <TableCell>What</TableCell>
          <TableCell>Where</TableCell>
          <TableCell>When</TableCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {rows.map(row => (
          <TableRow key={row.id} data-revision={row.id}>
            <TableCell>
              <Link to={`${entityPath(row.service)}/compute`}>
                {row.service.title || row.service.name}
              </Link>
              {row.app !== row.service.name && (
                <Typography variant="caption" display="block">
                  {row.app}
                </Typography>
              )}
            </TableCell>
            <TableCell>{row.version}</TableCell>
            <TableCell>
              <Chip
                size="small"
                label={row.kind === 'other' ? 'rollout' : row.kind}
                title={row.changeCause ?? undefined}
                color={row.kind === 'rollback' ? 'secondary' : 'default'}
              />
            </TableCell>
            <TableCell>{row.cluster}</TableCell>
            <TableCell title={row.createdAt}>
              {formatAgo(row.createdAt)}
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
