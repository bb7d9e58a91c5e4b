import type { CoreV1Event, V1Pod } from '@kubernetes/client-node';
import {
  LABELS,
  type App,
  type ClusterInfo,
  type ClusterStale,
  type Scaler,
} from '@atrium/plugin-compute-common';
import { staleOf, type ClusterCache } from './ClusterCache';
import type { Failure } from './Feed';

/** What the reads ask of one cluster (ComputeReader); served from memory by {@link CachedCluster}. */
export interface ClusterReads {
  readonly name: string;
  readonly info: ClusterInfo;
  readonly stale?: ClusterStale;
  apps(namespace?: string): Promise<readonly App[]>;
  app(namespace: string, name: string): Promise<App | undefined>;
  scalers(namespace: string): Promise<readonly Scaler[]>;
  pods(namespace: string): Promise<readonly V1Pod[]>;
  events(namespace: string): Promise<readonly CoreV1Event[]>;
  namespaceTeam(namespace: string): Promise<string | undefined>;
  teamNamespaces(team: string): Promise<string[]>;
  zonesByNode(): Promise<Map<string, string>>;
  caughtUp(app: App, ms: number): Promise<boolean>;
}

/**
 * What one read sees of one cluster: its cache, in memory. It remembers the oldest failure of anything it read,
 * so the read's answer for this cluster says it is stale (and since when). A feed that never listed makes the
 * read fail with the cluster's error, as an unreachable cluster did before the cache.
 */
export class CachedCluster implements ClusterReads {
  private failure?: Failure;

  constructor(private readonly cache: ClusterCache) {}

  get name(): string {
    return this.cache.cluster.name;
  }

  get info(): ClusterInfo {
    return this.cache.cluster.info;
  }

  /** Set when anything this read used is the cluster's last known state rather than its current one. */
  get stale(): ClusterStale | undefined {
    return this.failure ? staleOf(this.failure) : undefined;
  }

  /** Apps in every namespace, or in one. */
  async apps(namespace?: string): Promise<readonly App[]> {
    return this.note(await this.cache.read(this.cache.apps)).list(namespace);
  }

  async app(namespace: string, name: string): Promise<App | undefined> {
    return this.note(await this.cache.read(this.cache.apps)).get(
      name,
      namespace,
    );
  }

  async scalers(namespace: string): Promise<readonly Scaler[]> {
    return this.note(await this.cache.read(this.cache.scalers)).list(namespace);
  }

  /** The pods of Atrium's Apps in a team namespace; none elsewhere. */
  async pods(namespace: string): Promise<readonly V1Pod[]> {
    const state = await this.cache.inNamespace('pods', namespace);
    return state.cache ? this.note(state).list(namespace) : [];
  }

  /** The events of a team namespace; none elsewhere. */
  async events(namespace: string): Promise<readonly CoreV1Event[]> {
    const state = await this.cache.inNamespace('events', namespace);
    return state.cache ? this.note(state).list(namespace) : [];
  }

  /** The team a namespace belongs to (its `compute.atrium.dev/team` label), or undefined. */
  async namespaceTeam(namespace: string): Promise<string | undefined> {
    const ns = this.note(await this.cache.namespaceTeams()).get(namespace);
    return ns?.metadata?.labels?.[LABELS.team];
  }

  /** The team's namespaces, in name order. */
  async teamNamespaces(team: string): Promise<string[]> {
    return this.note(await this.cache.namespaceTeams())
      .list()
      .filter(ns => ns.metadata?.labels?.[LABELS.team] === team)
      .map(ns => ns.metadata!.name!)
      .sort();
  }

  /**
   * Waits until the cache holds the App at `resourceVersion` (one just written or read from the API server),
   * at most `ms`: a read after an action then shows the action. Polls every 20 ms, a bounded number of times.
   */
  async caughtUp(app: App, ms: number): Promise<boolean> {
    const { namespace, name, resourceVersion } = app.metadata;
    for (let i = 0; i <= ms / 20; i++) {
      const cached = await this.app(namespace!, name);
      if (cached?.metadata.resourceVersion === resourceVersion) return true;
      await new Promise(resolve => setTimeout(resolve, 20));
    }
    return false;
  }

  /** Node name → zone, from the nodes' topology labels. */
  async zonesByNode(): Promise<Map<string, string>> {
    const zones = new Map<string, string>();
    for (const node of this.note(
      await this.cache.read(this.cache.nodes),
    ).list()) {
      const zone = node.metadata?.labels?.[LABELS.zone];
      if (node.metadata?.name && zone) zones.set(node.metadata.name, zone);
    }
    return zones;
  }

  private note<T>(state: { cache: T; failure?: Failure }): T {
    if (
      state.failure &&
      (!this.failure || state.failure.since < this.failure.since)
    ) {
      this.failure = state.failure;
    }
    return state.cache;
  }
}
