import type {
  CoreV1Event,
  V1ContainerStatus,
  V1Pod,
} from '@kubernetes/client-node';
import {
  LABELS,
  type App,
  type AppView,
  type ClusterResult,
  type ComponentWorkloads,
  type ContainerView,
  type EventView,
  type ExcludedApp,
  type PodView,
  type Scaler,
  type ScalerView,
} from '@atrium/plugin-compute-common';

/** The API's view of a pod: what an owner looks at, not the whole object. */
export function toPodView(pod: V1Pod, zones: Map<string, string>): PodView {
  const statuses = pod.status?.containerStatuses ?? [];
  const containers: ContainerView[] = (pod.spec?.containers ?? []).map(c => {
    const s = statuses.find(x => x.name === c.name);
    const state = containerState(s);
    return {
      name: c.name,
      image: s?.image ?? c.image ?? '',
      ready: s?.ready ?? false,
      restartCount: s?.restartCount ?? 0,
      state,
      reason: s?.state?.waiting?.reason ?? s?.state?.terminated?.reason,
    };
  });
  const node = pod.spec?.nodeName;
  const revision = Number(pod.metadata?.labels?.[LABELS.revision]);
  return {
    name: pod.metadata?.name ?? '',
    namespace: pod.metadata?.namespace ?? '',
    phase: pod.status?.phase ?? 'Unknown',
    ready:
      pod.status?.conditions?.some(
        c => c.type === 'Ready' && c.status === 'True',
      ) ?? false,
    restarts: containers.reduce((n, c) => n + c.restartCount, 0),
    node,
    zone: node ? zones.get(node) : undefined,
    image: containers[0]?.image,
    revision: Number.isFinite(revision) ? revision : undefined,
    createdAt: toIso(pod.metadata?.creationTimestamp),
    containers,
  };
}

function containerState(
  status: V1ContainerStatus | undefined,
): ContainerView['state'] {
  if (status?.state?.running) return 'running';
  if (status?.state?.waiting) return 'waiting';
  if (status?.state?.terminated) return 'terminated';
  return 'unknown';
}

export function toScalerView(scaler: Scaler): ScalerView {
  return {
    name: scaler.metadata.name,
    namespace: scaler.metadata.namespace ?? '',
    resourceVersion: scaler.metadata.resourceVersion ?? '',
    minReplicas: scaler.spec.minReplicas,
    maxReplicas: scaler.spec.maxReplicas,
    metrics: scaler.spec.metrics ?? [],
    schedules: scaler.spec.schedules ?? [],
    status: scaler.status ?? {},
  };
}

export function toAppView(
  cluster: string,
  app: App,
  pods: PodView[],
  scaler?: Scaler,
): AppView {
  return {
    cluster,
    namespace: app.metadata.namespace ?? '',
    name: app.metadata.name,
    resourceVersion: app.metadata.resourceVersion ?? '',
    generation: app.metadata.generation ?? 0,
    component: app.metadata.labels?.[LABELS.component],
    team: app.metadata.labels?.[LABELS.team],
    spec: app.spec,
    status: app.status ?? {},
    pods: [...pods].sort((a, b) => a.name.localeCompare(b.name)),
    scaler: scaler ? toScalerView(scaler) : undefined,
  };
}

export function toEventView(event: CoreV1Event): EventView {
  const last =
    event.lastTimestamp ?? event.eventTime ?? event.metadata?.creationTimestamp;
  return {
    namespace: event.metadata?.namespace ?? '',
    type: event.type ?? 'Normal',
    reason: event.reason ?? '',
    message: event.message ?? '',
    object: {
      kind: event.involvedObject?.kind ?? '',
      name: event.involvedObject?.name ?? '',
    },
    count: event.count ?? 1,
    firstSeen: toIso(event.firstTimestamp ?? last),
    lastSeen: toIso(last),
  };
}

function toIso(value: Date | string | undefined): string | undefined {
  if (value === undefined || value === null) return undefined;
  const date = value instanceof Date ? value : new Date(value);
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
}

/**
 * Moves each answering cluster's left-out Apps into one list for the whole answer, so a cluster's part holds
 * only the Apps shown.
 */
export function liftExcluded(
  results: ClusterResult<{ apps: AppView[]; excluded: ExcludedApp[] }>[],
): Pick<ComponentWorkloads, 'clusters' | 'excluded'> {
  return {
    clusters: results.map(r => {
      if (!r.ok) return r;
      const { excluded: _, ...rest } = r;
      return rest;
    }),
    excluded: results.flatMap(r => (r.ok ? r.excluded : [])),
  };
}
