import { LABELS, parseQuantity } from '@atrium/plugin-compute-common';
import { ClusterState } from './cluster';
import { CORE } from './coreTypes';
import { stableHash } from './logs';
import { CPU_UTILIZATION_ANNOTATION } from './controllers/scalers';
import { Reconciler } from './reconciler';
import { StoredObject } from './types';

/**
 * Simulated workload metrics: what a real cluster's services and cAdvisor would give Prometheus, made up from
 * the simulator's state so that the Operations tab has something true-to-life to chart in the embedded default.
 * There is no traffic behind it: each App gets a request rate, error ratio, latency and resource use derived from
 * its component's name (the same in every run), and the reconciler's state decides how much of it is served.
 *
 * - Requests grow with the App's ready pods; a crash-looping pod still gets its share, and answers 503.
 * - A ready pod answers 500 to a small share of requests, or to the share the App's
 *   `sim.compute.atrium.dev/error-ratio` annotation sets (the demo gives one App a high one, to fire an alert).
 * - Latency is a fixed shape around the App's median, which grows with the share of crash-looping pods.
 * - CPU and memory are per ready pod, a share of its main container's requests.
 *
 * Counters advance a reconciler tick at a time (`advance`), never from the wall clock or a random source, so a
 * test that ticks gets the same numbers every run.
 */

/** Simulator-only App annotation: the share (0 to 1) of its ready pods' requests answered with 500. */
export const ERROR_RATIO_ANNOTATION = 'sim.compute.atrium.dev/error-ratio';

/** The latency histogram's upper bounds, in seconds: the same as Atrium's own (operations-backend's selfMetrics). */
export const LATENCY_BUCKETS = [
  0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10,
];

/** An App's simulated traffic, before the slow swing over time (`trafficFactor`). */
export interface TrafficProfile {
  /** Requests per second each ready pod serves. */
  requestsPerPod: number;
  /** Share of a ready pod's requests answered with 500. */
  errorRatio: number;
  /** Median latency in seconds with every pod healthy. */
  medianLatency: number;
  /** Share of the main container's CPU request a ready pod uses. */
  cpuUtilization: number;
  /** Share of the main container's memory request a ready pod uses. */
  memoryUtilization: number;
  /** Where in the swing of `trafficFactor` the App starts (0 to 1), so Apps do not move in step. */
  phase: number;
}

/** A number in [min, max) from a name, stable across runs; `salt` makes independent draws from one name. */
function draw(name: string, salt: string, min: number, max: number) {
  return (
    min + ((stableHash(`${salt}:${name}`) % 10_000) / 10_000) * (max - min)
  );
}

const annotationNumber = (app: StoredObject, key: string) => {
  const raw = app.metadata.annotations?.[key];
  const value = raw === undefined ? NaN : Number(raw);
  return Number.isFinite(value) ? value : undefined;
};

/**
 * The traffic of an App, from its component's name (an App in two clusters behaves alike) and its simulator-only
 * annotations. `cpuPercent` is the utilisation a Scaler sees, when the reconciler simulates one.
 */
export function trafficProfile(
  app: StoredObject,
  cpuPercent?: number,
): TrafficProfile {
  const name = app.metadata.labels?.[LABELS.component] ?? app.metadata.name;
  const errorRatio = annotationNumber(app, ERROR_RATIO_ANNOTATION);
  const cpu = cpuPercent ?? annotationNumber(app, CPU_UTILIZATION_ANNOTATION);
  return {
    requestsPerPod: draw(name, 'rps', 2, 12),
    errorRatio:
      errorRatio === undefined
        ? draw(name, 'errors', 0.001, 0.01)
        : Math.min(1, Math.max(0, errorRatio)),
    medianLatency: draw(name, 'latency', 0.015, 0.12),
    cpuUtilization:
      cpu === undefined ? draw(name, 'cpu', 0.2, 0.6) : Math.max(0, cpu / 100),
    memoryUtilization: draw(name, 'memory', 0.4, 0.75),
    phase: draw(name, 'phase', 0, 1),
  };
}

/** Traffic swings by ±20% over ten simulated minutes, so charts show movement rather than flat lines. */
export function trafficFactor(seconds: number, phase: number): number {
  return 1 + 0.2 * Math.sin(2 * Math.PI * (seconds / 600 + phase));
}

/**
 * The latency distribution, as a cumulative share of requests at multiples of the median: half within the
 * median, 90% within twice it, 99% within five times, all within ten times; linear in between.
 */
const LATENCY_SHAPE: Array<[multiple: number, share: number]> = [
  [0, 0],
  [1, 0.5],
  [2, 0.9],
  [5, 0.99],
  [10, 1],
];

/** Share of requests answered within `seconds` when the median latency is `median`. */
export function latencyShare(seconds: number, median: number): number {
  const x = seconds / median;
  for (let i = 1; i < LATENCY_SHAPE.length; i++) {
    const [x1, y1] = LATENCY_SHAPE[i];
    if (x <= x1) {
      const [x0, y0] = LATENCY_SHAPE[i - 1];
      return y0 + ((x - x0) / (x1 - x0)) * (y1 - y0);
    }
  }
  return 1;
}

/** The mean latency of the shape above: each segment's share times its midpoint. */
export function meanLatency(median: number): number {
  let mean = 0;
  for (let i = 1; i < LATENCY_SHAPE.length; i++) {
    const [x0, y0] = LATENCY_SHAPE[i - 1];
    const [x1, y1] = LATENCY_SHAPE[i];
    mean += (y1 - y0) * ((x0 + x1) / 2) * median;
  }
  return mean;
}

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

/** A sample in the Prometheus text format: a series name with labels, and its value. */
export interface Sample {
  name: string;
  labels: Labels;
  value: number;
}

/** A metric family: its samples come under one HELP and one TYPE line. */
interface MetricFamily {
  name: string;
  help: string;
  type: 'counter' | 'gauge' | 'histogram';
}

const FAMILIES: MetricFamily[] = [
  {
    name: 'http_requests_total',
    help: 'Requests the simulated App answered, by status code (kube-simulator: no real traffic)',
    type: 'counter',
  },
  {
    name: 'http_request_duration_seconds',
    help: 'How long the simulated App took to answer (kube-simulator: no real traffic)',
    type: 'histogram',
  },
  {
    name: 'container_cpu_usage_seconds_total',
    help: "CPU time the simulated pod's main container used, in seconds (kube-simulator)",
    type: 'counter',
  },
  {
    name: 'container_memory_working_set_bytes',
    help: "Working set of the simulated pod's main container, in bytes (kube-simulator)",
    type: 'gauge',
  },
  {
    name: 'kube_pod_container_status_restarts_total',
    help: "Restarts of the simulated pod's main container (kube-simulator)",
    type: 'counter',
  },
];

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

const escapeLabel = (value: string) =>
  value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');

function formatSample(sample: Sample): string {
  const labels = Object.entries(sample.labels)
    .map(([k, v]) => `${k}="${escapeLabel(v)}"`)
    .join(',');
  return `${sample.name}${labels ? `{${labels}}` : ''} ${sample.value}`;
}

/** The content type of the Prometheus text exposition format. */
export const METRICS_CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8';

/**
 * The workload metrics of every cluster in the Prometheus text format, each sample labelled with its `cluster`;
 * a family's samples stay together under one HELP and TYPE, as the format requires.
 */
export function renderMetrics(
  clusters: Iterable<{ metrics: WorkloadMetrics }>,
): string {
  const collected = [...clusters].map(c => c.metrics.collect());
  const lines: string[] = [];
  for (const family of FAMILIES) {
    lines.push(`# HELP ${family.name} ${family.help}`);
    lines.push(`# TYPE ${family.name} ${family.type}`);
    for (const samples of collected) {
      lines.push(...(samples.get(family.name) ?? []).map(formatSample));
    }
  }
  return `${lines.join('\n')}\n`;
}
