import type {
  MetricError,
  MetricKind,
  MetricResult,
  MetricUnit,
} from '@atrium/plugin-operations-common';

/** The charts of the metrics card, in order; latency's three percentiles share one chart. */
export const CHARTS = [
  { id: 'requestRate', title: 'Request rate', metrics: ['requestRate'] },
  { id: 'errorRate', title: 'Error rate', metrics: ['errorRate'] },
  {
    id: 'latency',
    title: 'Latency',
    metrics: ['latencyP50', 'latencyP95', 'latencyP99'],
  },
  { id: 'cpu', title: 'CPU', metrics: ['cpu'] },
  { id: 'memory', title: 'Memory', metrics: ['memory'] },
] as const satisfies ReadonlyArray<{
  id: string;
  title: string;
  metrics: readonly MetricKind[];
}>;

export type ChartId = (typeof CHARTS)[number]['id'];

/** A metric's name in a legend or an error. */
export const METRIC_LABELS: Record<MetricKind, string> = {
  requestRate: 'Request rate',
  errorRate: 'Error rate',
  latencyP50: 'p50',
  latencyP95: 'p95',
  latencyP99: 'p99',
  cpu: 'CPU',
  memory: 'Memory',
};

/** One line of a chart. */
export interface ChartSeries {
  metric: MetricKind;
  label: string;
  /** The PromQL that was run. */
  query: string;
}

/**
 * One x position of a chart: `t` (unix seconds, as the API sent it) and the value of each metric that has a
 * point there, exactly as the API sent it (null where Prometheus had NaN or ±Inf). A metric without a point at
 * `t` has no key.
 */
export type ChartRow = { t: number } & Partial<
  Record<MetricKind, number | null>
>;

/** What one chart draws. */
export interface ChartModel {
  id: ChartId;
  title: string;
  unit: MetricUnit;
  /** The metrics that answered, each a line. */
  series: ChartSeries[];
  /** The metrics that failed: shown on this chart only. */
  errors: MetricError[];
  /** Sorted by `t`; recharts' `data`. */
  data: ChartRow[];
  /** The largest value drawn, in the API's unit (picks MiB or GiB); 0 when none. */
  max: number;
}

/**
 * The charts of an answer's metrics, in `CHARTS` order: values untouched (the axes convert units when they
 * draw), one row per timestamp. A chart none of whose metrics is in the answer is left out.
 */
export function toChartData(metrics: MetricResult[]): ChartModel[] {
  const byKind = new Map<MetricKind, MetricResult>();
  for (const m of metrics) byKind.set(m.metric, m);

  const charts: ChartModel[] = [];
  for (const chart of CHARTS) {
    const results = chart.metrics
      .map(kind => byKind.get(kind))
      .filter((r): r is MetricResult => r !== undefined);
    if (results.length === 0) continue;

    const rows = new Map<number, ChartRow>();
    const series: ChartSeries[] = [];
    const errors: MetricError[] = [];
    let max = 0;
    for (const result of results) {
      if (!result.ok) {
        const { ok: _ok, ...error } = result;
        errors.push(error);
        continue;
      }
      series.push({
        metric: result.metric,
        label: METRIC_LABELS[result.metric],
        query: result.query,
      });
      for (const [t, value] of result.points) {
        let row = rows.get(t);
        if (!row) {
          row = { t };
          rows.set(t, row);
        }
        row[result.metric] = value;
        if (value !== null && value > max) max = value;
      }
    }
    charts.push({
      id: chart.id,
      title: chart.title,
      unit: results[0].unit,
      series,
      errors,
      data: [...rows.values()].sort((a, b) => a.t - b.t),
      max,
    });
  }
  return charts;
}

/** A series' points back out of a chart's rows: what recharts draws for it. */
export function pointsOf(
  chart: ChartModel,
  metric: MetricKind,
): Array<[number, number | null]> {
  return chart.data
    .filter(row => metric in row)
    .map(row => [row.t, row[metric] ?? null]);
}
