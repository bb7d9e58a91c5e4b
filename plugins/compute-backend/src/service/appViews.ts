import { LABELS, type App, type AppView } from '@atrium/plugin-compute-common';
import type { ClusterReads } from '../cluster/CachedCluster';
import type { ExcludedApp } from '@atrium/plugin-compute-common';
import { ownedApps, scalerFor } from './ownership';
import { appKey, type ComponentTarget } from './targets';
import { toAppView, toPodView } from './views';

/** Views of Apps of one cluster with their pods (when asked) and the Scaler that targets each. */
export async function appViews(
  cluster: ClusterReads,
  apps: App[],
  withPods: boolean,
): Promise<AppView[]> {
  const zones = withPods ? await cluster.zonesByNode() : new Map();
  return Promise.all(
    apps.map(async app => {
      const namespace = app.metadata.namespace!;
      const [pods, scalers] = await Promise.all([
        withPods ? cluster.pods(namespace) : Promise.resolve([]),
        cluster.scalers(namespace),
      ]);
      return toAppView(
        cluster.name,
        app,
        pods
          .filter(p => p.metadata?.labels?.[LABELS.app] === app.metadata.name)
          .map(p => toPodView(p, zones)),
        scalerFor(scalers, app),
      );
    }),
  );
}

/**
 * The candidate Apps of a component in one cluster: `labelled` (those with its component label) and those its
 * annotation names (in a namespace, or else in each of its team's namespaces), once each, in name order.
 */
export async function withNamedApps(
  cluster: ClusterReads,
  target: ComponentTarget,
  labelled: readonly App[],
): Promise<App[]> {
  const found = new Map<string, App>();
  for (const app of labelled) found.set(appKey(app), app);
  if (target.named.length > 0) {
    const teamNamespaces = target.team
      ? await cluster.teamNamespaces(target.team)
      : [];
    const wanted = target.named.flatMap(n =>
      n.namespace
        ? [{ namespace: n.namespace, name: n.name }]
        : teamNamespaces.map(ns => ({ namespace: ns, name: n.name })),
    );
    for (const w of wanted) {
      const app = await cluster.app(w.namespace, w.name);
      if (app) found.set(appKey(app), app);
    }
  }
  return [...found.values()].sort((a, b) => appKey(a).localeCompare(appKey(b)));
}

/**
 * The Apps of a component in one cluster: by the component label, and those its annotation names, less those in
 * namespaces that are not its owner's (left out with the reason).
 */
export async function componentApps(
  cluster: ClusterReads,
  target: ComponentTarget,
  withPods: boolean,
): Promise<{ apps: AppView[]; excluded: ExcludedApp[] }> {
  const labelled = (await cluster.apps()).filter(
    a => a.metadata.labels?.[LABELS.component] === target.name,
  );
  const { apps, excluded } = await ownedApps(
    cluster,
    await withNamedApps(cluster, target, labelled),
    target.entity,
  );
  return { apps: await appViews(cluster, apps, withPods), excluded };
}
