import type { Entity } from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import {
  METRIC_KINDS,
  METRIC_RANGES,
  OPERATIONS_ANNOTATIONS,
  OPERATIONS_LIMITS,
  promqlAnnotation,
  type MetricKind,
  type MetricRange,
} from '@atrium/plugin-operations-common';

/**
 * The default query of each metric. `$selector` is the component's label matchers (no braces), `$window` the
 * rate window. Requests and their latency follow the Prometheus client libraries' conventions
 * (`http_requests_total` with a `code` label, `http_request_duration_seconds` histogram); CPU and memory are
 * cAdvisor's container metrics.
 */
export const DEFAULT_QUERIES: Record<MetricKind, string> = {
  requestRate: 'sum(rate(http_requests_total{$selector}[$window]))',
  // `or vector(0)`: no 5xx series at all means no errors, not no data.
  errorRate:
    '(sum(rate(http_requests_total{$selector,code=~"5.."}[$window])) or vector(0)) / sum(rate(http_requests_total{$selector}[$window]))',
  latencyP50: quantile(0.5),
  latencyP95: quantile(0.95),
  latencyP99: quantile(0.99),
  cpu: 'sum(rate(container_cpu_usage_seconds_total{$selector}[$window]))',
  memory: 'sum(container_memory_working_set_bytes{$selector})',
};

function quantile(q: number) {
  return `histogram_quantile(${q}, sum by (le) (rate(http_request_duration_seconds_bucket{$selector}[$window])))`;
}

const RANGE_SECONDS: Record<MetricRange, number> = {
  '1h': 3600,
  '6h': 6 * 3600,
  '24h': 24 * 3600,
  '7d': 7 * 24 * 3600,
};

/** Steps the charts use: round numbers of seconds, so that points line up across reloads. */
const STEPS = [
  1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 10800, 21600,
  43200, 86400,
];

/** The longest range one read may cover. */
export const MAX_RANGE_SECONDS = 31 * 24 * 3600;

/** The smallest round step that keeps a range under `maxPoints` points (and at least `minStep`). */
export function chooseStep(
  rangeSeconds: number,
  maxPoints: number = OPERATIONS_LIMITS.maxPoints,
  minStep = 15,
): number {
  const want = Math.max(minStep, rangeSeconds / maxPoints);
  return STEPS.find(s => s >= want) ?? Math.ceil(want);
}

export interface QueryWindow {
  /** Unix seconds. */
  start: number;
  end: number;
  step: number;
}

/**
 * The range of a metrics read from its query string: `range` (a preset, default 1h), or `start` and `end`
 * (unix seconds) with an optional `step` (seconds). Presets end now, rounded down to the step.
 */
export function parseWindow(
  query: Record<string, unknown>,
  nowSeconds = Date.now() / 1000,
): QueryWindow {
  const { range, start, end, step } = query;
  const one = (v: unknown, name: string) => {
    if (v === undefined) return undefined;
    const n =
      typeof v === 'string' && /^\d+(\.\d+)?$/.test(v) ? Number(v) : NaN;
    if (!Number.isFinite(n)) {
      throw new InputError(`${name} must be a number of seconds`);
    }
    return n;
  };
  if (start !== undefined || end !== undefined) {
    if (range !== undefined) {
      throw new InputError('Give either range, or start and end');
    }
    const s = one(start, 'start');
    const e = one(end, 'end');
    if (s === undefined || e === undefined) {
      throw new InputError('Give both start and end (unix seconds)');
    }
    if (e <= s) throw new InputError('end must be after start');
    if (e - s > MAX_RANGE_SECONDS) {
      throw new InputError(
        `A range may cover at most ${MAX_RANGE_SECONDS / 86400} days`,
      );
    }
    const st = one(step, 'step') ?? chooseStep(e - s);
    if (st < 1) throw new InputError('step must be at least 1 second');
    if ((e - s) / st > OPERATIONS_LIMITS.maxPoints) {
      throw new InputError(
        `At most ${
          OPERATIONS_LIMITS.maxPoints
        } points per series: make step at least ${Math.ceil(
          (e - s) / OPERATIONS_LIMITS.maxPoints,
        )}`,
      );
    }
    return { start: s, end: e, step: st };
  }
  if (step !== undefined) {
    throw new InputError('step goes with start and end');
  }
  const preset = range ?? '1h';
  if (
    typeof preset !== 'string' ||
    !(METRIC_RANGES as readonly string[]).includes(preset)
  ) {
    throw new InputError(`range must be one of ${METRIC_RANGES.join(', ')}`);
  }
  const seconds = RANGE_SECONDS[preset as MetricRange];
  const st = chooseStep(seconds);
  const e = Math.floor(nowSeconds / st) * st;
  return { start: e - seconds, end: e, step: st };
}

/** The rate window for a step: four steps, at least a minute, unless configured. */
export function rateWindow(step: number, configured?: string): string {
  return configured ?? `${Math.max(60, 4 * step)}s`;
}

/** A PromQL string literal. */
export function promString(value: string): string {
  return JSON.stringify(value);
}

/**
 * The component's label matchers, without braces: `component="<name>"`, or the
 * `atrium.dev/prometheus-selector` annotation (with or without braces).
 */
export function selectorFor(entity: Entity): string {
  const annotation =
    entity.metadata.annotations?.[OPERATIONS_ANNOTATIONS.prometheusSelector];
  if (annotation !== undefined && annotation.trim() !== '') {
    const inner = annotation
      .trim()
      .replace(/^\{\s*/, '')
      .replace(/\s*\}$/, '');
    if (/[{}]/.test(inner) || inner === '') {
      throw new InputError(
        `${OPERATIONS_ANNOTATIONS.prometheusSelector} of ${entity.metadata.name} must be label matchers like job="payments", not ${annotation}`,
      );
    }
    return inner;
  }
  return `component=${promString(entity.metadata.name)}`;
}

/** Every metric's query for the component, with the annotations' overrides, placeholders filled in. */
export function queriesFor(
  entity: Entity,
  window: string,
): Array<{ metric: MetricKind; query: string }> {
  const selector = selectorFor(entity);
  return METRIC_KINDS.map(metric => {
    const override =
      entity.metadata.annotations?.[promqlAnnotation(metric)]?.trim();
    const template = override || DEFAULT_QUERIES[metric];
    return {
      metric,
      query: template
        .replace(/\$selector\b/g, () => selector)
        .replace(/\$window\b/g, () => window),
    };
  });
}

/** The dashboard link from `operations.dashboards.urlTemplate`, placeholders URL-encoded. */
export function dashboardUrl(
  template: string | undefined,
  entity: Entity,
  w: QueryWindow,
): string | undefined {
  if (!template) return undefined;
  const values: Record<string, string> = {
    name: entity.metadata.name,
    namespace: entity.metadata.namespace ?? 'default',
    kind: entity.kind.toLocaleLowerCase('en-US'),
    from: String(Math.round(w.start * 1000)),
    to: String(Math.round(w.end * 1000)),
  };
  return template.replace(/\{\{\s*(\w+)\s*\}\}/g, (all, key: string) =>
    key in values ? encodeURIComponent(values[key]) : all,
  );
}
