import { NotFoundError } from '@backstage/errors';
import type { ClusterResult } from '@atrium/plugin-compute-common';
import type { ComputeConfig } from '../config';
import { ClusterUnavailableError, KubeCluster } from './KubeCluster';

/**
 * The configured clusters. `fanOut` asks all of them at once and gives each at most the deadline, so a slow
 * or unreachable cluster yields its own error and never holds up the others.
 */
export class ClusterSet {
  readonly clusters: KubeCluster[];
  private readonly deadlineMs: number;

  constructor(config: ComputeConfig) {
    this.clusters = config.clusters.map(
      c => new KubeCluster(c, config.requestTimeoutMs),
    );
    // A read makes a few requests in a row; the whole of it is bounded too.
    this.deadlineMs = config.requestTimeoutMs * 2;
  }

  get(name: string): KubeCluster {
    const cluster = this.clusters.find(c => c.name === name);
    if (!cluster) throw new NotFoundError(`No cluster named ${name}`);
    return cluster;
  }

  async fanOut<T extends object>(
    read: (cluster: KubeCluster) => Promise<T>,
  ): Promise<ClusterResult<T>[]> {
    return Promise.all(
      this.clusters.map(async cluster => {
        try {
          const data = await withDeadline(
            read(cluster),
            this.deadlineMs,
            cluster.name,
          );
          return { cluster: cluster.info, ok: true as const, ...data };
        } catch (error) {
          return {
            cluster: cluster.info,
            ok: false as const,
            error:
              error instanceof ClusterUnavailableError
                ? error.detail
                : {
                    reason: 'Error',
                    message: (error as Error)?.message ?? String(error),
                  },
          };
        }
      }),
    );
  }
}

function withDeadline<T>(work: Promise<T>, ms: number, cluster: string) {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () =>
        reject(
          new ClusterUnavailableError(cluster, {
            reason: 'Timeout',
            message: `no complete answer within ${ms} ms`,
          }),
        ),
      ms,
    );
  });
  return Promise.race([work, deadline]).finally(() => clearTimeout(timer));
}
