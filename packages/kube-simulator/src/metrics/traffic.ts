/**
 * The simulated traffic of an App: a request rate, error ratio, median latency and resource use drawn from its
 * component's name (the same in every run, and alike in every cluster) or set by its simulator-only annotations;
 * a slow swing over time; and the latency distribution's shape around the median.
 */
import { LABELS } from '@atrium/plugin-compute-common';
import { CPU_UTILIZATION_ANNOTATION } from '../controllers/scalers';
import { stableHash } from '../logs';
import { StoredObject } from '../types';

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
