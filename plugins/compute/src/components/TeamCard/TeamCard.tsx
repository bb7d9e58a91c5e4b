import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import {
  InfoCard,
  Progress,
  ResponseErrorPanel,
  Table,
  TableColumn,
} from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import { useEntity } from '@backstage/plugin-catalog-react';
import type { AppView } from '@atrium/plugin-compute-common';
import { StatusChip } from '@atrium/ui';
import { useCallback, useMemo } from 'react';
import { describeError } from '../../lib/errors';
import { computeApiRef } from '../../api';
import { usePolledAsync } from '../../hooks/usePolledAsync';
import { getCompoundEntityRef } from '@backstage/catalog-model';
import { testIds } from '../../lib/testIds';
import { componentRefsOf } from '../../lib/appRef';
import { ComputeSignals } from '../common/ComputeSignals';
import { ClusterNotices } from '../common/ClusterNotices';
import { QuotaBars } from '../common/QuotaBars';

type AppRow = AppView & { id: string };

const columns: TableColumn<AppRow>[] = [
  { title: 'App', field: 'name', highlight: true },
  { title: 'Cluster', field: 'cluster' },
  { title: 'Version', field: 'spec.version' },
  {
    title: 'Ready',
    render: a => (
      <span data-testid={testIds.appReplicas(a.cluster, a.name)}>
        {`${a.status.readyReplicas ?? 0}/${a.spec.replicas}`}
      </span>
    ),
  },
  {
    title: 'Phase',
    field: 'status.phase',
    // No phase yet: the controller has not reported on the App, so it is pending (as the card showed before).
    render: a =>
      a.status.phase ? (
        <StatusChip label={a.status.phase} />
      ) : (
        <StatusChip label="Pending" tone="pending" />
      ),
  },
];

/**
 * A team's Apps across clusters and its quota use. An action applied on one of its Apps (announced on the App's
 * component's signal channel) reloads both at once; polling stays for what the clusters do meanwhile.
 */
export function TeamCard() {
  const { entity } = useEntity();
  const api = useApi(computeApiRef);
  const team = useMemo(() => getCompoundEntityRef(entity), [entity]);
  const workloads = usePolledAsync(
    signal => api.getTeamWorkloads(team, { signal }),
    [api, team.namespace, team.name],
    15000,
  );
  const quota = usePolledAsync(
    signal => api.getTeamQuota(team, { signal }),
    [api, team.namespace, team.name],
    30000,
  );

  const { refresh: refreshWorkloads } = workloads;
  const { refresh: refreshQuota } = quota;
  const onSignal = useCallback(() => {
    refreshWorkloads();
    refreshQuota();
  }, [refreshWorkloads, refreshQuota]);

  const clusters = workloads.value?.clusters ?? [];
  const rows: AppRow[] = clusters.flatMap(c =>
    c.ok
      ? c.apps.map(a => ({ ...a, id: `${a.cluster}/${a.namespace}/${a.name}` }))
      : [],
  );

  return (
    <div data-testid={testIds.teamCard}>
      <ComputeSignals entityRefs={componentRefsOf(rows)} onSignal={onSignal} />
      <InfoCard
        title="Compute"
        subheader={
          workloads.value ? `namespace ${workloads.value.namespace}` : undefined
        }
      >
        {workloads.loading && <Progress />}
        {workloads.error && !workloads.value && (
          <ResponseErrorPanel
            title={describeError(workloads.error)}
            error={workloads.error}
          />
        )}
        {/* The clusters' last known Apps: said so, as the component's workloads do. */}
        <ClusterNotices clusters={clusters} />
        {workloads.value && (
          <Table<AppRow>
            title={`Apps (${rows.length})`}
            columns={columns}
            data={rows}
            options={{
              paging: rows.length > 10,
              pageSize: 10,
              search: false,
              padding: 'dense',
            }}
            emptyContent={<Box p={2}>This team runs no Apps.</Box>}
          />
        )}
        <Box mt={3}>
          <Typography variant="h6" gutterBottom>
            Quota use
          </Typography>
          {quota.loading && <Progress />}
          {quota.error && !quota.value && (
            <ResponseErrorPanel
              title={describeError(quota.error)}
              error={quota.error}
            />
          )}
          {quota.value && <QuotaBars quota={quota.value} />}
        </Box>
      </InfoCard>
    </div>
  );
}
