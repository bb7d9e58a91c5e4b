import type { LoggerService } from '@backstage/backend-plugin-api';
import type {
  CoreV1Event,
  V1Namespace,
  V1Node,
  V1Pod,
} from '@kubernetes/client-node';
import {
  LABELS,
  type App,
  type ClusterStale,
  type Scaler,
} from '@atrium/plugin-compute-common';
import { Feed, type Failure, type FeedState } from './Feed';
import type { KubeCluster } from './KubeCluster';

export interface CacheSettings {
  /** How often the cluster is asked whether it still answers; a failure marks its cache stale. */
  heartbeatMs: number;
  /** The API server ends each watch after this long, and the informer watches again from where it was. */
  watchTimeoutSeconds: number;
}

/**
 * One cluster's workloads in memory, fed by informers: Apps, Scalers, team namespaces and nodes cluster-wide,
 * and pods and events in each team namespace (a namespace with the `compute.atrium.dev/team` label). Pods and
 * events are watched per team namespace, not cluster-wide, so the service account needs no access to other
 * namespaces' pods and events (deploy/cluster/rbac.yaml binds its team role per namespace): least privilege,
 * for two watches per team namespace.
 *
 * A heartbeat (a list of the team namespaces every `heartbeatMs`, bounded by the request timeout) catches a
 * cluster that stops answering while its watches hang open; while it fails, every read of the cluster is
 * stale, and when it answers again every feed lists afresh.
 */
export class ClusterCache {
  readonly apps: Feed<App>;
  readonly scalers: Feed<Scaler>;
  readonly namespaces: Feed<V1Namespace>;
  readonly nodes: Feed<V1Node>;
  private readonly perNamespace = new Map<
    string,
    { pods: Feed<V1Pod>; events: Feed<CoreV1Event> }
  >();
  private heartbeat?: NodeJS.Timeout;
  private beating = false;
  private unanswered?: Failure;
  private started = false;

  constructor(
    readonly cluster: KubeCluster,
    private readonly settings: CacheSettings,
    private readonly logger: LoggerService,
  ) {
    const options = {
      watchTimeoutSeconds: settings.watchTimeoutSeconds,
      logger,
    };
    this.apps = new Feed<App>(cluster, { kind: 'apps' }, options);
    this.scalers = new Feed<Scaler>(cluster, { kind: 'scalers' }, options);
    this.nodes = new Feed<V1Node>(cluster, { kind: 'nodes' }, options);
    this.namespaces = new Feed<V1Namespace>(
      cluster,
      { kind: 'namespaces' },
      { ...options, onChange: () => this.followNamespaces() },
    );
  }

  /** Starts the informers and the heartbeat; a second call does nothing. */
  start() {
    if (this.started) return;
    this.started = true;
    for (const feed of this.feeds()) feed.start();
    this.heartbeat = setInterval(
      () => void this.beat(),
      this.settings.heartbeatMs,
    );
    this.heartbeat.unref?.();
  }

  async stop() {
    this.started = false;
    clearInterval(this.heartbeat);
    await Promise.all(this.feeds().map(f => f.stop()));
    this.perNamespace.clear();
  }

  /** The team namespaces' names and their teams, as last listed. */
  async namespaceTeams(): Promise<FeedState<V1Namespace>> {
    return this.withHeartbeat(await this.namespaces.read());
  }

  /** A team namespace's pods or events; none for a namespace that is not a team's (compute does not read it). */
  async inNamespace<K extends 'pods' | 'events'>(
    kind: K,
    namespace: string,
  ): Promise<
    FeedState<K extends 'pods' ? V1Pod : CoreV1Event> | { cache?: undefined }
  > {
    const feeds = this.perNamespace.get(namespace);
    if (!feeds) return {};
    const state = await (kind === 'pods' ? feeds.pods : feeds.events).read();
    return this.withHeartbeat(
      state as FeedState<K extends 'pods' ? V1Pod : CoreV1Event>,
    );
  }

  async read<T extends App | Scaler | V1Node>(
    feed: Feed<T>,
  ): Promise<FeedState<T>> {
    return this.withHeartbeat(await feed.read());
  }

  private withHeartbeat<T>(state: FeedState<T>): FeedState<T> {
    const failure = earliest(state.failure, this.unanswered);
    return failure ? { ...state, failure } : state;
  }

  private feeds(): Feed<any>[] {
    return [
      this.namespaces,
      this.apps,
      this.scalers,
      this.nodes,
      ...[...this.perNamespace.values()].flatMap(f => [f.pods, f.events]),
    ];
  }

  /** Starts the pod and event feeds of new team namespaces, and stops those of namespaces no longer a team's. */
  private followNamespaces() {
    if (!this.started || !this.namespaces.synced) return;
    void this.namespaces.read().then(({ cache }) => {
      const names = new Set(cache.list().map(ns => ns.metadata!.name!));
      for (const name of names) {
        if (this.perNamespace.has(name)) continue;
        const options = {
          watchTimeoutSeconds: this.settings.watchTimeoutSeconds,
          logger: this.logger,
        };
        const feeds = {
          pods: new Feed<V1Pod>(
            this.cluster,
            { kind: 'pods', namespace: name },
            options,
          ),
          events: new Feed<CoreV1Event>(
            this.cluster,
            { kind: 'events', namespace: name },
            options,
          ),
        };
        this.perNamespace.set(name, feeds);
        feeds.pods.start();
        feeds.events.start();
      }
      for (const [name, feeds] of this.perNamespace) {
        if (names.has(name)) continue;
        this.perNamespace.delete(name);
        void feeds.pods.stop();
        void feeds.events.stop();
      }
    });
  }

  private async beat() {
    if (this.beating || !this.started) return;
    this.beating = true;
    try {
      await this.cluster.listNamespaces(LABELS.team);
      if (this.unanswered) {
        this.logger.info(
          `Compute cache: ${this.cluster.name} answers again; listing everything afresh`,
        );
        this.unanswered = undefined;
        // A watch may have hung open while the cluster was away, missing changes.
        for (const feed of this.feeds()) feed.resync();
      }
    } catch (error) {
      const detail = this.cluster.describe(error);
      if (!this.unanswered) {
        this.logger.warn(
          `Compute cache: ${this.cluster.name} does not answer (${detail.reason}: ${detail.message}); its reads are stale`,
        );
      }
      this.unanswered = {
        since: this.unanswered?.since ?? Date.now(),
        error: detail,
      };
    } finally {
      this.beating = false;
    }
  }
}

function earliest(a?: Failure, b?: Failure): Failure | undefined {
  if (!a || !b) return a ?? b;
  return a.since <= b.since ? a : b;
}

/** A failure as the answer's `stale`. */
export function staleOf(failure: Failure): ClusterStale {
  return { since: new Date(failure.since).toISOString(), ...failure.error };
}
