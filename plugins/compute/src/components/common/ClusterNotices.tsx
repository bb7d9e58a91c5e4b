import type { ClusterResult } from '@atrium/plugin-compute-common';
import { testIds } from '../../lib/testIds';
import { ClusterErrorPanel } from './ClusterErrorPanel';
import { ClusterStalePanel } from './ClusterStalePanel';

/**
 * What a card must say about the clusters of its answer, inline: a panel for each cluster that did not answer,
 * and one for each that answered with its last known state. Nothing for the clusters that answered.
 */
export function ClusterNotices({
  clusters,
  errorTestId = true,
  staleTestId = testIds.clusterStale,
}: {
  clusters: ClusterResult<{}>[];
  /** Whether the error panels carry `compute-cluster-error-<cluster>` (only once on a page). */
  errorTestId?: boolean;
  /** The stale panels' `data-testid`s; `compute-cluster-stale-<cluster>` unless a page shows them twice. */
  staleTestId?: (cluster: string) => string;
}) {
  return (
    <>
      {clusters.map(c => {
        if (!c.ok) {
          return (
            <ClusterErrorPanel
              key={c.cluster.name}
              cluster={c.cluster}
              error={c.error}
              testId={errorTestId}
            />
          );
        }
        return c.stale ? (
          <ClusterStalePanel
            key={c.cluster.name}
            cluster={c.cluster}
            stale={c.stale}
            testId={staleTestId(c.cluster.name)}
          />
        ) : null;
      })}
    </>
  );
}
