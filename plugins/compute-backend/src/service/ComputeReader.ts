import type { BackstageCredentials } from '@backstage/backend-plugin-api';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import { stringifyEntityRef, type Entity } from '@backstage/catalog-model';
import { InputError, NotFoundError } from '@backstage/errors';
import {
  ANNOTATIONS,
  LABELS,
  LIMITS,
  NAME_PATTERN,
  TIERS,
  quotaNameOf,
  type App,
  type AppView,
  type ComponentEvents,
  type ComponentWorkloads,
  type ExcludedApp,
  type PodLogs,
  type TeamQuota,
  type TeamWorkloads,
  type TierQuota,
} from '@atrium/plugin-compute-common';
import type { ClusterSet } from '../cluster/ClusterSet';
import type { KubeCluster } from '../cluster/KubeCluster';
import { quantity } from '../cluster/quantity';
import { ownedApps, ownerTeam, scalerFor } from './ownership';
import { liftExcluded, toAppView, toEventView, toPodView } from './views';

/** Most events one component read returns per cluster, newest first. */
const MAX_EVENTS = 200;
/** Most bytes of log one request returns. */
const MAX_LOG_BYTES = 1024 * 1024;
/** Most components one batch read of workloads takes. */
export const MAX_BATCH = 100;
/** A Kubernetes label value. */
const LABEL_VALUE = /^[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$/;

const key = (app: App) => `${app.metadata.namespace}/${app.metadata.name}`;

/** A component as compute sees it: its name, its owning team, and the Apps its annotation names. */
interface ComponentTarget {
  entity: Entity;
  entityRef: string;
  name: string;
  team?: string;
  /** From the annotation: `{ namespace?, name }`; no namespace means the team's namespaces. */
  named: { namespace?: string; name: string }[];
}

/**
 * Reads workloads across the clusters. Every read starts from the catalog with the caller's credentials, so
 * what the caller may not see in the catalog they cannot read here either.
 */
export class ComputeReader {
  constructor(
    private readonly clusters: ClusterSet,
    private readonly catalog: CatalogService,
  ) {}

  async componentWorkloads(
    ref: { namespace: string; name: string },
    credentials: BackstageCredentials,
  ): Promise<ComponentWorkloads> {
    const target = await this.component(ref, credentials);
    const clusters = await this.clusters.fanOut(cluster =>
      this.appsOf(cluster, target, true),
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
    const { items } = await this.catalog.getEntitiesByRefs(
      { entityRefs },
      { credentials },
    );
    const targets = items.map(entity => {
      if (!entity || entity.kind.toLocaleLowerCase('en-US') !== 'component') {
        return undefined;
      }
      try {
        return this.targetOf(entity);
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
      const labelled = labelNames.length
        ? await cluster.list('apps', {
            labelSelector: `${LABELS.component} in (${labelNames.join(',')})`,
          })
        : [];
      const perTarget = await Promise.all(
        live.map(async t =>
          ownedApps(
            cluster,
            await this.withNamedApps(
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
        perTarget.flatMap(p => p.apps).map(a => [key(a), a]),
      );
      const views = await this.views(cluster, [...unique.values()], false);
      const viewOf = new Map(views.map(v => [`${v.namespace}/${v.name}`, v]));
      return {
        perTarget: perTarget.map(p => ({
          apps: p.apps.map(a => viewOf.get(key(a))!),
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
      const { apps } = await this.appsOf(cluster, target, false);
      const namespaces = [...new Set(apps.map(a => a.namespace))];
      const names = new Set(apps.map(a => a.name));
      const scalerNames = new Set(
        apps.flatMap(a => (a.scaler ? [a.scaler.name] : [])),
      );
      const lists = await Promise.all(
        namespaces.map(ns => cluster.listEvents(ns)),
      );
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
      const namespaces = await this.teamNamespaces(cluster, team.name);
      const lists = await Promise.all(
        namespaces.map(ns => cluster.list('apps', { namespace: ns })),
      );
      return {
        apps: lists.flat().map(app => toAppView(cluster.name, app, [])),
      };
    });
    return { entityRef: team.entityRef, namespace: team.name, clusters };
  }

  async teamQuota(
    ref: { namespace: string; name: string },
    credentials: BackstageCredentials,
  ): Promise<TeamQuota> {
    const team = await this.team(ref, credentials);
    const clusters = await this.clusters.fanOut(async cluster => {
      const namespaces = await this.teamNamespaces(cluster, team.name);
      const quotas = (
        await Promise.all(namespaces.map(ns => cluster.listResourceQuotas(ns)))
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

  /** The App's view with its pods (when asked) and the Scaler that targets it. */
  async view(cluster: KubeCluster, app: App, withPods: boolean) {
    return (await this.views(cluster, [app], withPods))[0];
  }

  /**
   * Views of several Apps of one cluster, with one request per namespace for their pods (a set-based label
   * selector) and one for the namespace's Scalers, rather than one of each per App.
   */
  async views(
    cluster: KubeCluster,
    apps: App[],
    withPods: boolean,
  ): Promise<AppView[]> {
    const byNamespace = new Map<string, App[]>();
    for (const app of apps) {
      const ns = app.metadata.namespace!;
      byNamespace.set(ns, [...(byNamespace.get(ns) ?? []), app]);
    }
    const [zones, perNamespace] = await Promise.all([
      withPods ? cluster.zonesByNode() : Promise.resolve(new Map()),
      Promise.all(
        [...byNamespace].map(async ([namespace, members]) => {
          const names = members.map(a => a.metadata.name).join(',');
          const [pods, scalers] = await Promise.all([
            withPods
              ? cluster.listPods(namespace, `${LABELS.app} in (${names})`)
              : Promise.resolve([]),
            cluster.list('scalers', { namespace }),
          ]);
          return { namespace, pods, scalers };
        }),
      ),
    ]);
    return apps.map(app => {
      const { pods, scalers } = perNamespace.find(
        n => n.namespace === app.metadata.namespace,
      )!;
      return toAppView(
        cluster.name,
        app,
        pods
          .filter(p => p.metadata?.labels?.[LABELS.app] === app.metadata.name)
          .map(p => toPodView(p, zones)),
        scalerFor(scalers, app),
      );
    });
  }

  /** The catalog Component behind an App, if the caller may see it; otherwise NotFoundError. */
  async checkVisible(app: App, credentials: BackstageCredentials) {
    const component = app.metadata.labels?.[LABELS.component];
    if (!component) return undefined;
    const entity = await this.catalog.getEntityByRef(
      { kind: 'component', namespace: 'default', name: component },
      { credentials },
    );
    if (!entity) {
      throw new NotFoundError(`No App ${app.metadata.name} visible to you`);
    }
    return entity;
  }

  /**
   * The Apps of a component in one cluster: by the component label, and those its annotation names, less those
   * in namespaces that are not its owner's (left out with the reason).
   */
  private async appsOf(
    cluster: KubeCluster,
    target: ComponentTarget,
    withPods: boolean,
  ): Promise<{ apps: AppView[]; excluded: ExcludedApp[] }> {
    const labelled = await cluster.list('apps', {
      labelSelector: `${LABELS.component}=${target.name}`,
    });
    const { apps, excluded } = await ownedApps(
      cluster,
      await this.withNamedApps(cluster, target, labelled),
      target.entity,
    );
    return { apps: await this.views(cluster, apps, withPods), excluded };
  }

  /** `labelled` (the component's Apps by label) and the Apps its annotation names, once each, in name order. */
  private async withNamedApps(
    cluster: KubeCluster,
    target: ComponentTarget,
    labelled: App[],
  ): Promise<App[]> {
    const found = new Map<string, App>();
    for (const app of labelled) found.set(key(app), app);
    if (target.named.length > 0) {
      const teamNamespaces = target.team
        ? await this.teamNamespaces(cluster, target.team)
        : [];
      const wanted = target.named.flatMap(n =>
        n.namespace
          ? [{ namespace: n.namespace, name: n.name }]
          : teamNamespaces.map(ns => ({ namespace: ns, name: n.name })),
      );
      const named = await Promise.all(
        wanted
          .filter(w => !found.has(`${w.namespace}/${w.name}`))
          .map(w =>
            cluster.get('apps', w.namespace, w.name).catch(error => {
              if (error instanceof NotFoundError) return undefined;
              throw error;
            }),
          ),
      );
      for (const app of named) if (app) found.set(key(app), app);
    }
    return [...found.values()].sort((a, b) => key(a).localeCompare(key(b)));
  }

  private async teamNamespaces(cluster: KubeCluster, team: string) {
    const namespaces = await cluster.listNamespaces(`${LABELS.team}=${team}`);
    return namespaces.map(ns => ns.metadata!.name!).sort();
  }

  private async component(
    ref: { namespace: string; name: string },
    credentials: BackstageCredentials,
  ): Promise<ComponentTarget> {
    return this.targetOf(await this.entity('component', ref, credentials));
  }

  private targetOf(entity: Entity): ComponentTarget {
    const annotation = entity.metadata.annotations?.[ANNOTATIONS.apps] ?? '';
    const named = annotation
      .split(',')
      .map(s => s.trim())
      .filter(Boolean)
      .map(s => {
        const [a, b] = s.split('/');
        const n = b === undefined ? { name: a } : { namespace: a, name: b };
        if (
          !NAME_PATTERN.test(n.name) ||
          (n.namespace && !NAME_PATTERN.test(n.namespace))
        ) {
          throw new InputError(
            `${stringifyEntityRef(entity)}: annotation ${
              ANNOTATIONS.apps
            } names ${JSON.stringify(s)}, which is not an App name`,
          );
        }
        return n;
      });
    return {
      entity,
      entityRef: stringifyEntityRef(entity),
      name: entity.metadata.name,
      team: ownerTeam(entity),
      named,
    };
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
      { kind, namespace: ref.namespace, name: ref.name },
      { credentials },
    );
    if (!entity) {
      throw new NotFoundError(
        `No ${kind} ${ref.namespace}/${ref.name} in the catalog`,
      );
    }
    return entity;
  }
}

/** Namespace and object names must be DNS labels; anything else is refused before a cluster sees it. */
export function checkNames(...names: string[]) {
  for (const name of names) {
    if (!NAME_PATTERN.test(name)) {
      throw new InputError(
        `${JSON.stringify(
          name.slice(0, 80),
        )} is not a valid name (lowercase letters, digits and dashes, at most 63)`,
      );
    }
  }
}
