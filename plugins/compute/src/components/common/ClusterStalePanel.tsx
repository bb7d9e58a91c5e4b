import { WarningPanel } from '@backstage/core-components';
import type { ClusterInfo, ClusterStale } from '@atrium/plugin-compute-common';
import { testIds } from '../../lib/testIds';

/** One cluster's part of an answer is its last known state: say since when and why, inline. */
export function ClusterStalePanel({
  cluster,
  stale,
  testId = testIds.clusterStale(cluster.name),
}: {
  cluster: ClusterInfo;
  stale: ClusterStale;
  /** Its `data-testid`; `compute-cluster-stale-<cluster>` unless a page shows it twice. */
  testId?: string;
}) {
  const since = new Date(stale.since);
  return (
    <div data-testid={testId}>
      <WarningPanel
        severity="warning"
        title={`Cluster ${
          cluster.name
        } has not answered since ${since.toLocaleTimeString()} (${
          stale.reason
        }): showing what it last reported`}
        message={stale.message}
      />
    </div>
  );
}
