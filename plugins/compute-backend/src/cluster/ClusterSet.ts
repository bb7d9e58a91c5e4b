import type { LoggerService } from '@backstage/backend-plugin-api';
import { NotFoundError } from '@backstage/errors';
import type { ClusterInfo, ClusterResult } from '@atrium/plugin-compute-common';
import type { ComputeConfig } from '../config';
import { CachedCluster, type ClusterReads } from './CachedCluster';
import { ClusterCache } from './ClusterCache';
import { ClusterUnavailableError, KubeCluster } from './KubeCluster';

/** Where the reads of one cluster come from: a new view of its cache per read. */
export interface ReadSource {
  readonly info: ClusterInfo;
  reads(): ClusterReads;
  start?(): void;
  stop?(): Promise<void>;
}

/**
 * The configured clusters: each one's client (the actions write through it) and its cache (the reads come
 * from it). `fanOut` reads all of them at once and gives each at most the deadline, so a cluster whose cache
 * has not listed yet yields its own error and never holds up the others.
 */
export class ClusterSet {
  readonly clusters: KubeCluster[];
  readonly sources: ReadSource[];
  private readonly deadlineMs: number;

  constructor(config: ComputeConfig, logger: LoggerService) {
    this.clusters = config.clusters.map(
      c => new KubeCluster(c, config.requestTimeoutMs),
    );
    this.sources = this.clusters.map(cluster => {
      const cache = new ClusterCache(cluster, config.cache, logger);
      return {
        info: cluster.info,
        reads: () => new CachedCluster(cache),
        start: () => cache.start(),
        stop: () => cache.stop(),
      };
    });
    // The first read after start waits for the cluster's first lists, at most this long.
    this.deadlineMs = config.requestTimeoutMs * 2;
  }

  /** Starts every cluster's informers. */
  start() {
    for (const source of this.sources) source.start?.();
  }

  async stop() {
    await Promise.all(this.sources.map(s => s.stop?.()));
  }

  get(name: string): KubeCluster {
    const cluster = this.clusters.find(c => c.name === name);
    if (!cluster) throw new NotFoundError(`No cluster named ${name}`);
    return cluster;
  }

  /** One cluster's cache, for one read. */
  reads(name: string): ClusterReads {
    const source = this.sources.find(s => s.info.name === name);
    if (!source) throw new NotFoundError(`No cluster named ${name}`);
    return source.reads();
  }

  async fanOut<T extends object>(
    read: (cluster: ClusterReads) => Promise<T>,
  ): Promise<ClusterResult<T>[]> {
    return Promise.all(
      this.sources.map(async source => {
        const cluster = source.reads();
        try {
          const data = await withDeadline(
            read(cluster),
            this.deadlineMs,
            source.info.name,
          );
          const { stale } = cluster;
          return {
            cluster: source.info,
            ok: true as const,
            ...(stale ? { stale } : {}),
            ...data,
          };
        } catch (error) {
          return {
            cluster: source.info,
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
