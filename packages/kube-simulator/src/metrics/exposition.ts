/**
 * The Prometheus text exposition format of the simulated workload metrics: the metric families with their HELP
 * and TYPE, and every cluster's samples under them.
 */
import type { WorkloadMetrics } from './workload';

/** A sample in the Prometheus text format: a series name with labels, and its value. */
export interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

/** A metric family: its samples come under one HELP and one TYPE line. */
interface MetricFamily {
  name: string;
  help: string;
  type: 'counter' | 'gauge' | 'histogram';
}

export const FAMILIES: MetricFamily[] = [
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
