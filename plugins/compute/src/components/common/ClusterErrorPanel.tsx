import { WarningPanel } from '@backstage/core-components';
import type { ClusterError, ClusterInfo } from '@atrium/plugin-compute-common';
import { testIds } from '../../lib/testIds';

/** One cluster's part of an answer is missing: say why, inline. */
export function ClusterErrorPanel({
  cluster,
  error,
  testId = true,
}: {
  cluster: ClusterInfo;
  error: ClusterError;
  /** Whether to carry `compute-cluster-error-<cluster>` (only once on a page). */
  testId?: boolean;
}) {
  return (
    <div data-testid={testId ? testIds.clusterError(cluster.name) : undefined}>
      <WarningPanel
        severity="warning"
        title={`Cluster ${cluster.name} did not answer (${error.reason})`}
        message={error.message}
      />
    </div>
  );
}
