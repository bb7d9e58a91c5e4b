/**
 * The workload metrics of one simulated cluster: counters a reconciler tick at a time (`advance`) from what the
 * reconciler made of each App, and its samples (`collect`).
 *
 * - Requests grow with the App's ready pods; a crash-looping pod still gets its share, and answers 503.
 * - A ready pod answers 500 to a small share of requests, or to the share the App's
 *   `sim.compute.atrium.dev/error-ratio` annotation sets (the demo gives one App a high one, to fire an alert).
 * - Latency is a fixed shape around the App's median, which grows with the share of crash-looping pods.
 * - CPU and memory are per ready pod, a share of its main container's requests.
 */
import { LABELS, parseQuantity } from '@atrium/plugin-compute-common';
import { ClusterState } from '../cluster';
import { CORE } from '../coreTypes';
import { Reconciler } from '../reconciler';
import { StoredObject } from '../types';
import { FAMILIES, Sample } from './exposition';
import {
  LATENCY_BUCKETS,
  latencyShare,
  meanLatency,
  trafficFactor,
  trafficProfile,
} from './traffic';

const isReady = (pod: StoredObject) =>
  ((pod.status as any)?.conditions ?? []).some(
    (c: any) => c.type === 'Ready' && c.status === 'True',
  );

/** The main container's status (the App's own container comes first in the pod). */
const mainStatus = (pod: StoredObject): any => {
  const main = (pod.spec as any)?.containers?.[0]?.name;
  return ((pod.status as any)?.containerStatuses ?? []).find(
    (c: any) => c.name === main,
  );
};

/** Not ready after its main container has restarted: what `CrashLoopBackOff` looks like between back-offs too. */
const isCrashLooping = (pod: StoredObject) =>
  !isReady(pod) && (mainStatus(pod)?.restartCount ?? 0) > 0;

const mainRequest = (pod: StoredObject, resource: 'cpu' | 'memory') =>
  parseQuantity(
    (pod.spec as any)?.containers?.[0]?.resources?.requests?.[resource],
  ) || 0;

type Labels = Record<string, string>;

/** One App's counters since the simulator started. */
interface AppCounters {
  labels: Labels;
  ok: number;
  serverErrors: number;
  unavailable: number;
  buckets: number[];
  latencySum: number;
  requests: number;
}

/** The workload metrics of one simulated cluster; it only reads the store, without copies (`scan`). */
export class WorkloadMetrics {
  private seconds = 0;
  private readonly apps = new Map<string, AppCounters>();
  /** CPU seconds per pod uid; a pod's series ends with the pod. */
  private readonly cpu = new Map<string, number>();

  constructor(
    private readonly cluster: ClusterState,
    private readonly reconciler?: Reconciler,
  ) {}

  /** Serves `seconds` of simulated traffic with the cluster as it is now (the simulator calls it every tick). */
  advance(seconds: number) {
    const apps = this.cluster.store.scan(this.appType());
    const liveApps = new Set(apps.map(a => a.metadata.uid!));
    for (const uid of this.apps.keys()) {
      if (!liveApps.has(uid)) this.apps.delete(uid);
    }
    const podsByApp = this.podsByApp();
    const livePods = new Set<string>();
    for (const app of apps) {
      const pods = podsByApp.get(app.metadata.uid!) ?? [];
      pods.forEach(p => livePods.add(p.metadata.uid!));
      this.serve(app, pods, seconds);
    }
    for (const uid of this.cpu.keys()) {
      if (!livePods.has(uid)) this.cpu.delete(uid);
    }
    this.seconds += seconds;
  }

  /** The cluster's samples per family name; counts are whole numbers, as client libraries count them. */
  collect(): Map<string, Sample[]> {
    const out = new Map<string, Sample[]>(FAMILIES.map(f => [f.name, []]));
    const add = (family: string, samples: Sample[]) =>
      out.get(family)!.push(...samples);
    const podsByApp = this.podsByApp();
    for (const app of this.cluster.store.scan(this.appType())) {
      const counters = this.apps.get(app.metadata.uid!);
      if (!counters) continue;
      add('http_requests_total', requestSamples(counters));
      add('http_request_duration_seconds', histogramSamples(counters));
      const pods = podsByApp.get(app.metadata.uid!) ?? [];
      for (const [family, sample] of this.podSamples(
        app,
        pods,
        counters.labels,
      )) {
        add(family, [sample]);
      }
    }
    return out;
  }

  private appType() {
    return this.cluster.customType('apps');
  }

  private profile(app: StoredObject) {
    return trafficProfile(app, this.reconciler?.cpuUtilization(app));
  }

  /** Pods by the uid of the App that owns them, from one scan of the store. */
  private podsByApp(): Map<string, StoredObject[]> {
    const byApp = new Map<string, StoredObject[]>();
    for (const pod of this.cluster.store.scan(CORE.pods)) {
      const owner = (pod.metadata.ownerReferences ?? []).find(
        r => r.kind === 'App',
      );
      if (owner) byApp.set(owner.uid, [...(byApp.get(owner.uid) ?? []), pod]);
    }
    return byApp;
  }

  private counters(app: StoredObject): AppCounters {
    const uid = app.metadata.uid!;
    let counters = this.apps.get(uid);
    if (!counters) {
      const component = app.metadata.labels?.[LABELS.component];
      counters = {
        labels: {
          ...(component ? { component } : {}),
          cluster: this.cluster.name,
          namespace: app.metadata.namespace ?? '',
          app: app.metadata.name,
        },
        ok: 0,
        serverErrors: 0,
        unavailable: 0,
        buckets: LATENCY_BUCKETS.map(() => 0),
        latencySum: 0,
        requests: 0,
      };
      this.apps.set(uid, counters);
    }
    return counters;
  }

  private serve(app: StoredObject, pods: StoredObject[], seconds: number) {
    const profile = this.profile(app);
    const factor = trafficFactor(this.seconds, profile.phase);
    const ready = pods.filter(isReady);
    const perPod = profile.requestsPerPod * factor * seconds;
    const served = ready.length * perPod;
    const failed = pods.filter(isCrashLooping).length * perPod;
    const total = served + failed;
    const counters = this.counters(app);
    counters.ok += served * (1 - profile.errorRatio);
    counters.serverErrors += served * profile.errorRatio;
    counters.unavailable += failed;
    if (total > 0) {
      // Callers wait on the crash-looping pods' connections: the more of them, the slower.
      const median = profile.medianLatency * (1 + (3 * failed) / total);
      LATENCY_BUCKETS.forEach((le, i) => {
        counters.buckets[i] += total * latencyShare(le, median);
      });
      counters.latencySum += total * meanLatency(median);
      counters.requests += total;
    }
    for (const pod of ready) {
      const uid = pod.metadata.uid!;
      const cores = mainRequest(pod, 'cpu') * profile.cpuUtilization * factor;
      this.cpu.set(uid, (this.cpu.get(uid) ?? 0) + cores * seconds);
    }
  }

  /** Each pod's restarts, and CPU and memory while it is (or was) ready, as [family, sample]. */
  private podSamples(
    app: StoredObject,
    pods: StoredObject[],
    appLabels: Labels,
  ) {
    const memoryShare = this.profile(app).memoryUtilization;
    const samples: Array<[string, Sample]> = [];
    for (const pod of pods) {
      const labels = {
        ...appLabels,
        pod: pod.metadata.name,
        container:
          (pod.spec as any)?.containers?.[0]?.name ?? app.metadata.name,
      };
      const sample = (name: string, value: number): [string, Sample] => [
        name,
        { name, labels, value },
      ];
      samples.push(
        sample(
          'kube_pod_container_status_restarts_total',
          mainStatus(pod)?.restartCount ?? 0,
        ),
      );
      const cpu = this.cpu.get(pod.metadata.uid!);
      if (cpu !== undefined) {
        samples.push(sample('container_cpu_usage_seconds_total', cpu));
      }
      if (isReady(pod)) {
        samples.push(
          sample(
            'container_memory_working_set_bytes',
            Math.round(mainRequest(pod, 'memory') * memoryShare),
          ),
        );
      }
    }
    return samples;
  }
}

function requestSamples(c: AppCounters): Sample[] {
  const byCode: Array<[string, number]> = [
    ['200', c.ok],
    ['500', c.serverErrors],
    ['503', c.unavailable],
  ];
  return byCode.map(([code, n]) => ({
    name: 'http_requests_total',
    labels: { ...c.labels, code },
    value: Math.floor(n),
  }));
}

function histogramSamples(c: AppCounters): Sample[] {
  const name = 'http_request_duration_seconds';
  const count = Math.floor(c.requests);
  return [
    ...LATENCY_BUCKETS.map((le, i) => ({
      name: `${name}_bucket`,
      labels: { ...c.labels, le: String(le) },
      value: Math.floor(c.buckets[i]),
    })),
    {
      name: `${name}_bucket`,
      labels: { ...c.labels, le: '+Inf' },
      value: count,
    },
    { name: `${name}_sum`, labels: c.labels, value: c.latencySum },
    { name: `${name}_count`, labels: c.labels, value: count },
  ];
}
