import type { BackstageCredentials } from '@backstage/backend-plugin-api';
import { stringifyEntityRef, type Entity } from '@backstage/catalog-model';
import { InputError, NotFoundError } from '@backstage/errors';
import {
  LABELS,
  LIMITS,
  TIERS,
  quotaNameOf,
  type App,
  type AppView,
  type ComponentEvents,
  type ComponentWorkloads,
  type PodLogs,
  type TeamQuota,
  type TeamWorkloads,
  type TierQuota,
} from '@atrium/plugin-compute-common';
import type { ClusterSet } from '../cluster/ClusterSet';
import type { CallerCatalog } from '@atrium/plugin-catalog-reads-node';
import { quantity } from '../cluster/quantity';
import { appViews, componentApps, withNamedApps } from './appViews';
import { ownedApps, requireTeamNamespace } from './ownership';
import {
  appKey,
  checkNames,
  LABEL_VALUE,
  targetOf,
  type ComponentTarget,
} from './targets';
import { liftExcluded, toAppView, toEventView } from './views';
import { visibleApps } from './visibleApps';
import type { ComputeAppViews, ComputeReads } from '../types';

/** Most events one component read returns per cluster, newest first. */
const MAX_EVENTS = 200;
/** Most bytes of log one request returns. */
const MAX_LOG_BYTES = 1024 * 1024;
/** How long a read of one App waits for the cache to hold the version the API server gave. */
const CATCH_UP_MS = 1000;
/** Most components one batch read of workloads takes. */
export const MAX_BATCH = 100;

/**
 * Reads workloads across the clusters. Every read starts from the catalog with the caller's credentials, so
 * what the caller may not see in the catalog they cannot read here either (the answer kept a few seconds per
 * caller, CallerCatalog.ts); then each cluster's part comes from its watch-fed cache (ClusterSet,
 * cluster/ClusterCache.ts), in memory. A single App (the rollout a dialog follows) and pod logs are read from
 * the API server.
 */
export class ComputeReader implements ComputeReads, ComputeAppViews {
  constructor(
    private readonly clusters: ClusterSet,
    private readonly catalog: CallerCatalog,
  ) {}

  async componentWorkloads(
    ref: { namespace: string; name: string },
    credentials: BackstageCredentials,
  ): Promise<ComponentWorkloads> {
    const target = await this.component(ref, credentials);
    const clusters = await this.clusters.fanOut(cluster =>
      componentApps(cluster, target, true),
    );
    return { entityRef: target.entityRef, ...liftExcluded(clusters) };
  }

  /**
   * The workloads (without pods) of many components in one read: one list of Apps per cluster for all of them
   * (a set-based selector on the component label) rather than one per component. An item is null where the
   * caller may not see that component, it is not a component, or its Apps annotation is malformed.
   */
  async componentsWorkloads(
    entityRefs: string[],
    credentials: BackstageCredentials,
  ): Promise<Array<ComponentWorkloads | null>> {
    if (entityRefs.length > MAX_BATCH) {
      throw new InputError(
        `At most ${MAX_BATCH} components per read, not ${entityRefs.length}`,
      );
    }
    if (entityRefs.length === 0) return [];
    const items = await this.catalog.getEntitiesByRefs(entityRefs, credentials);
    const targets = items.map(entity => {
      if (!entity || entity.kind.toLocaleLowerCase('en-US') !== 'component') {
        return undefined;
      }
      try {
        return targetOf(entity);
      } catch {
        return undefined;
      }
    });
    const live = targets.filter((t): t is ComponentTarget => t !== undefined);
    // Names that cannot be label values cannot carry the label either; they only have named Apps.
    const labelNames = [...new Set(live.map(t => t.name))].filter(n =>
      LABEL_VALUE.test(n),
    );
    const clusters = await this.clusters.fanOut(async cluster => {
      const wanted = new Set(labelNames);
      const labelled = labelNames.length
        ? (await cluster.apps()).filter(a =>
            wanted.has(a.metadata.labels?.[LABELS.component] ?? ''),
          )
        : [];
      const perTarget = await Promise.all(
        live.map(async t =>
          ownedApps(
            cluster,
            await withNamedApps(
              cluster,
              t,
              labelled.filter(
                a => a.metadata.labels?.[LABELS.component] === t.name,
              ),
            ),
            t.entity,
          ),
        ),
      );
      const unique = new Map(
        perTarget.flatMap(p => p.apps).map(a => [appKey(a), a]),
      );
      const views = await appViews(cluster, [...unique.values()], false);
      const viewOf = new Map(views.map(v => [`${v.namespace}/${v.name}`, v]));
      return {
        perTarget: perTarget.map(p => ({
          apps: p.apps.map(a => viewOf.get(appKey(a))!),
          excluded: p.excluded,
        })),
      };
    });
    return targets.map(target => {
      if (!target) return null;
      const index = live.indexOf(target);
      return {
        entityRef: target.entityRef,
        ...liftExcluded(
          clusters.map(c =>
            c.ok
              ? {
                  cluster: c.cluster,
                  ok: true as const,
                  ...(c.stale ? { stale: c.stale } : {}),
                  ...c.perTarget[index],
                }
              : c,
          ),
        ),
      };
    });
  }

  /** The component's entity ref, if the caller may see it; otherwise NotFoundError. */
  async componentEntityRef(
    ref: { namespace: string; name: string },
    credentials: BackstageCredentials,
  ): Promise<string> {
    return (await this.component(ref, credentials)).entityRef;
  }

  async componentEvents(
    ref: { namespace: string; name: string },
    credentials: BackstageCredentials,
  ): Promise<ComponentEvents> {
    const target = await this.component(ref, credentials);
    const clusters = await this.clusters.fanOut(async cluster => {
      const { apps } = await componentApps(cluster, target, false);
      const namespaces = [...new Set(apps.map(a => a.namespace))];
      const names = new Set(apps.map(a => a.name));
      const scalerNames = new Set(
        apps.flatMap(a => (a.scaler ? [a.scaler.name] : [])),
      );
      const lists = await Promise.all(namespaces.map(ns => cluster.events(ns)));
      const events = lists
        .flat()
        .map(toEventView)
        .filter(e => {
          const { kind, name } = e.object;
          if (kind === 'App') return names.has(name);
          if (kind === 'Scaler') return scalerNames.has(name);
          // Pods are named after their App: <app>-<template hash>-<suffix>.
          if (kind === 'Pod')
            return [...names].some(app => name.startsWith(`${app}-`));
          return false;
        })
        .sort((a, b) => (b.lastSeen ?? '').localeCompare(a.lastSeen ?? ''))
        .slice(0, MAX_EVENTS);
      return { events };
    });
    return { entityRef: target.entityRef, clusters };
  }

  async teamWorkloads(
    ref: { namespace: string; name: string },
    credentials: BackstageCredentials,
  ): Promise<TeamWorkloads> {
    const team = await this.team(ref, credentials);
    const clusters = await this.clusters.fanOut(async cluster => {
      const namespaces = await cluster.teamNamespaces(team.name);
      const lists = await Promise.all(namespaces.map(ns => cluster.apps(ns)));
      // Only the Apps whose components the caller may see (owners-only ones stay hidden from non-owners).
      const apps = await visibleApps(this.catalog, lists.flat(), credentials);
      return { apps: apps.map(app => toAppView(cluster.name, app, [])) };
    });
    return { entityRef: team.entityRef, namespace: team.name, clusters };
  }

  async teamQuota(
    ref: { namespace: string; name: string },
    credentials: BackstageCredentials,
  ): Promise<TeamQuota> {
    const team = await this.team(ref, credentials);
    const clusters = await this.clusters.fanOut(async cluster => {
      // Quotas are not cached: the team card reads them seldom, straight from the API server. They name no App;
      // their `used` is Kubernetes' sum over the namespace, hidden Apps' pods included (the team's budget).
      const live = this.clusters.get(cluster.name);
      const namespaces = await cluster.teamNamespaces(team.name);
      const quotas = (
        await Promise.all(namespaces.map(ns => live.listResourceQuotas(ns)))
      ).flat();
      const tiers: TierQuota[] = [];
      for (const tier of TIERS) {
        const mine = quotas.filter(q => q.metadata?.name === quotaNameOf(tier));
        if (mine.length === 0) continue;
        const sum = (
          pick: (
            q: (typeof mine)[number],
          ) => Record<string, string> | undefined,
        ) => {
          const total = { cpu: 0, memory: 0, pods: 0 };
          for (const q of mine) {
            const r = pick(q) ?? {};
            total.cpu += quantity(r['requests.cpu'] ?? r.cpu);
            total.memory += quantity(r['requests.memory'] ?? r.memory);
            total.pods += quantity(r.pods);
          }
          return total;
        };
        tiers.push({
          tier,
          hard: sum(
            q => (q.status?.hard ?? q.spec?.hard) as Record<string, string>,
          ),
          used: sum(q => q.status?.used as Record<string, string>),
        });
      }
      return { tiers };
    });
    return { entityRef: team.entityRef, namespace: team.name, clusters };
  }

  /** One App with its pods and Scaler; used by the rollout progress of the action dialogs. */
  async app(
    ref: { cluster: string; namespace: string; name: string },
    credentials: BackstageCredentials,
  ): Promise<AppView> {
    checkNames(ref.namespace, ref.name);
    const cluster = this.clusters.get(ref.cluster);
    await requireTeamNamespace(cluster, ref.namespace);
    const app = await cluster.get('apps', ref.namespace, ref.name);
    await this.checkVisible(app, credentials);
    return this.view(cluster, app, true);
  }

  async podLogs(
    ref: { cluster: string; namespace: string; pod: string },
    query: { container?: string; tailLines?: number },
    credentials: BackstageCredentials,
  ): Promise<PodLogs> {
    checkNames(ref.namespace, ref.pod);
    const tailLines = query.tailLines ?? 200;
    if (
      !Number.isInteger(tailLines) ||
      tailLines < 1 ||
      tailLines > LIMITS.maxLogLines
    ) {
      throw new InputError(
        `tailLines must be a whole number from 1 to ${LIMITS.maxLogLines}`,
      );
    }
    const cluster = this.clusters.get(ref.cluster);
    await requireTeamNamespace(cluster, ref.namespace);
    const pod = await cluster.getPod(ref.namespace, ref.pod);
    const appName = pod.metadata?.labels?.[LABELS.app];
    if (!appName) {
      throw new NotFoundError(
        `Pod ${ref.pod} does not belong to an App that Atrium manages`,
      );
    }
    const app = await cluster.get('apps', ref.namespace, appName);
    await this.checkVisible(app, credentials);
    const containers = (pod.spec?.containers ?? []).map(c => c.name);
    const container = query.container ?? containers[0];
    if (!container || !containers.includes(container)) {
      throw new InputError(
        `Pod ${ref.pod} has no container ${JSON.stringify(
          query.container,
        )}; it has ${containers.join(', ')}`,
      );
    }
    const text = await cluster.readLog(
      ref.namespace,
      ref.pod,
      container,
      tailLines,
      MAX_LOG_BYTES,
    );
    const lines = text.split('\n');
    if (lines[lines.length - 1] === '') lines.pop();
    return {
      cluster: cluster.name,
      namespace: ref.namespace,
      pod: ref.pod,
      container,
      lines,
    };
  }

  /**
   * The App's view (the App as given, e.g. just read from the API server) with its pods (when asked) and its
   * Scaler from the cluster's cache.
   */
  async view(
    cluster: { name: string },
    app: App,
    withPods: boolean,
  ): Promise<AppView> {
    const reads = this.clusters.reads(cluster.name);
    // After an action, let the cache see the write first, so the next read of the component shows it.
    await reads.caughtUp(app, CATCH_UP_MS).catch(() => false);
    const [view] = await appViews(reads, [app], withPods);
    return view;
  }

  /**
   * The catalog Component behind an App, if the caller may see it; otherwise NotFoundError. `fresh` asks the
   * catalog now rather than take a recent answer (the actions do).
   */
  async checkVisible(
    app: App,
    credentials: BackstageCredentials,
    options?: { fresh?: boolean },
  ): Promise<Entity | undefined> {
    const component = app.metadata.labels?.[LABELS.component];
    if (!component) return undefined;
    const entity = await this.catalog.getEntityByRef(
      stringifyEntityRef({
        kind: 'component',
        namespace: 'default',
        name: component,
      }),
      credentials,
      options,
    );
    if (!entity) {
      throw new NotFoundError(`No App ${app.metadata.name} visible to you`);
    }
    return entity;
  }

  private async component(
    ref: { namespace: string; name: string },
    credentials: BackstageCredentials,
  ): Promise<ComponentTarget> {
    return targetOf(await this.entity('component', ref, credentials));
  }

  private async team(
    ref: { namespace: string; name: string },
    credentials: BackstageCredentials,
  ) {
    const entity = await this.entity('group', ref, credentials);
    return {
      entityRef: stringifyEntityRef(entity),
      name: entity.metadata.name,
    };
  }

  private async entity(
    kind: 'component' | 'group',
    ref: { namespace: string; name: string },
    credentials: BackstageCredentials,
  ): Promise<Entity> {
    const entity = await this.catalog.getEntityByRef(
      stringifyEntityRef({ kind, namespace: ref.namespace, name: ref.name }),
      credentials,
    );
    if (!entity) {
      throw new NotFoundError(
        `No ${kind} ${ref.namespace}/${ref.name} in the catalog`,
      );
    }
    return entity;
  }
}
