import { stringifyEntityRef, type Entity } from '@backstage/catalog-model';
import { NotFoundError } from '@backstage/errors';
import {
  LABELS,
  ownerGroupOf,
  ownerOf,
  type App,
  type ExcludedApp,
  type Scaler,
} from '@atrium/plugin-compute-common';
import type { ClusterReads } from '../cluster/CachedCluster';
import type { KubeCluster } from '../cluster/KubeCluster';

/** The ref of an entity's owner, e.g. `group:default/team-fleet`, or undefined without one. */
export function ownerRef(entity: Entity | undefined): string | undefined {
  const ref = ownerOf(entity);
  return ref ? stringifyEntityRef(ref) : undefined;
}

/** The name of the Group that owns an entity (`spec.owner`), or undefined when the owner is not a group. */
export function ownerTeam(entity: Entity | undefined): string | undefined {
  return ownerGroupOf(entity)?.name;
}

/** The team a namespace belongs to: its `compute.atrium.dev/team` label, which the platform sets. */
export async function namespaceTeam(
  cluster: KubeCluster,
  namespace: string,
): Promise<string | undefined> {
  return (await cluster.getNamespace(namespace)).metadata?.labels?.[
    LABELS.team
  ];
}

/**
 * The team of a namespace that an App path names, or NotFoundError when the namespace is no team's: Atrium reads
 * and changes Apps only in team namespaces (its service account may do nothing elsewhere, so asking the cluster
 * would only be refused).
 */
export async function requireTeamNamespace(
  cluster: KubeCluster,
  namespace: string,
): Promise<string> {
  const team = await namespaceTeam(cluster, namespace);
  if (!team) {
    throw new NotFoundError(
      `namespace ${namespace} is not a team namespace (it has no ${LABELS.team} label); Atrium manages Apps only in team namespaces`,
    );
  }
  return team;
}

/**
 * The tenancy rule that the actions and the reads share: an App is a component's only when the App's
 * namespace belongs to the component's owning team. A namespace without the team label belongs to no team,
 * so no component shows or operates its Apps (deny by default: the platform labels every team namespace).
 * The App's own labels are its word only, and a component's annotation is its owners' word only; neither
 * makes another team's App theirs. Returns why not, or undefined when the App is the component's.
 */
export function namespaceMismatch(
  namespace: string,
  team: string | undefined,
  component: Entity | undefined,
): string | undefined {
  if (!team) {
    return `namespace ${namespace} belongs to no team (it has no ${LABELS.team} label)`;
  }
  if (ownerTeam(component) === team) return undefined;
  return `namespace ${namespace} belongs to group:default/${team}, not to this component's owner ${
    ownerRef(component) ?? '(none)'
  }`;
}

/**
 * Splits a component's candidate Apps in one cluster by {@link namespaceMismatch}: those it shows, and those
 * it leaves out with the reason. The namespaces' teams come from the cluster's cache.
 */
export async function ownedApps(
  cluster: ClusterReads,
  apps: App[],
  component: Entity,
): Promise<{ apps: App[]; excluded: ExcludedApp[] }> {
  const namespaces = [...new Set(apps.map(a => a.metadata.namespace!))];
  const teams = new Map(
    await Promise.all(
      namespaces.map(
        async ns => [ns, await cluster.namespaceTeam(ns)] as const,
      ),
    ),
  );
  const owned: App[] = [];
  const excluded: ExcludedApp[] = [];
  for (const app of apps) {
    const namespace = app.metadata.namespace!;
    const reason = namespaceMismatch(
      namespace,
      teams.get(namespace),
      component,
    );
    if (reason) {
      excluded.push({
        cluster: cluster.name,
        namespace,
        name: app.metadata.name,
        reason,
      });
    } else {
      owned.push(app);
    }
  }
  return { apps: owned, excluded };
}

/** The Scaler (of those in the App's namespace) that targets the App. */
export function scalerFor(
  scalers: readonly Scaler[],
  app: App,
): Scaler | undefined {
  return scalers.find(s => s.spec.targetRef?.name === app.metadata.name);
}
