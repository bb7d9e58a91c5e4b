import { useQuery } from '@apollo/client/react';
import { Link, Progress, ResponseErrorPanel } from '@backstage/core-components';
import { Typography } from '@material-ui/core';
import { formatAgo, SimpleTable, StatusChip } from '@atrium/ui';
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
  return (
    <SimpleTable
      label="Recent deploys"
      rows={rows}
      rowKey={row => row.id}
      empty="No rollouts of your services yet."
      columns={[
        {
          title: 'Service',
          render: row => (
            <>
              <Link to={`${entityPath(row.service)}/compute`}>
                {row.service.title || row.service.name}
              </Link>
              {row.app !== row.service.name && (
                <Typography variant="caption" display="block">
                  {row.app}
                </Typography>
              )}
            </>
          ),
        },
        { title: 'Version', render: row => row.version },
        {
          title: 'What',
          render: row => (
            <StatusChip
              label={row.kind === 'other' ? 'rollout' : row.kind}
              title={row.changeCause ?? undefined}
              tone={row.kind === 'rollback' ? 'warning' : 'neutral'}
            />
          ),
        },
        { title: 'Where', render: row => row.cluster },
        {
          title: 'When',
          render: row => (
            <span title={row.createdAt}>{formatAgo(row.createdAt)}</span>
          ),
        },
      ]}
    />
  );
}
