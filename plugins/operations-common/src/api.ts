/**
 * The operations backend's REST API (`/api/operations`): what it answers and what it accepts. The OpenAPI spec
 * of the same API is `plugins/operations-backend/src/schema/openapi.yaml`; `OperationsClient` is its typed
 * client.
 */

/** The metrics a component's charts show, in this order. */
export const METRIC_KINDS = [
  'requestRate',
  'errorRate',
  'latencyP50',
  'latencyP95',
  'latencyP99',
  'cpu',
  'memory',
] as const;

export type MetricKind = (typeof METRIC_KINDS)[number];

/** The unit of each metric's values. */
export type MetricUnit = 'requests/s' | 'ratio' | 'seconds' | 'cores' | 'bytes';

export const METRIC_UNITS: Record<MetricKind, MetricUnit> = {
  requestRate: 'requests/s',
  errorRate: 'ratio',
  latencyP50: 'seconds',
  latencyP95: 'seconds',
  latencyP99: 'seconds',
  cpu: 'cores',
  memory: 'bytes',
};

/** The ranges the charts offer; `start`/`end`/`step` may be given instead. */
export const METRIC_RANGES = ['1h', '6h', '24h', '7d'] as const;
export type MetricRange = (typeof METRIC_RANGES)[number];

/** One metric over the range: `[unix seconds, value]` pairs, oldest first. NaN and ±Inf become null. */
export interface MetricSeries {
  metric: MetricKind;
  unit: MetricUnit;
  /** The PromQL that was run. */
  query: string;
  points: Array<[number, number | null]>;
}

/** Why one metric is missing; the other metrics of the answer are still there. */
export interface MetricError {
  metric: MetricKind;
  unit: MetricUnit;
  query: string;
  /** `BadQuery` (Prometheus refused the PromQL), `Timeout` or `Error`. */
  reason: string;
  message: string;
}

export type MetricResult =
  | ({ ok: true } & MetricSeries)
  | ({ ok: false } & MetricError);

/** The answer when `operations.prometheus.baseUrl` is not set: the cards say how to set it. */
export interface MetricsNotConfigured {
  configured: false;
  entityRef: string;
  howTo: string;
}

export interface ComponentMetrics {
  configured: true;
  entityRef: string;
  /** The label matchers every default query uses, e.g. `component="payments-gateway"`. */
  selector: string;
  /** Unix seconds. */
  start: number;
  end: number;
  /** Seconds between points. */
  step: number;
  /** From `operations.dashboards.urlTemplate`, when configured. */
  dashboardUrl?: string;
  metrics: MetricResult[];
}

export type MetricsResponse = ComponentMetrics | MetricsNotConfigured;

/** A label matcher, as Alertmanager's API has it. */
export interface Matcher {
  name: string;
  value: string;
  isRegex: boolean;
  /** False for `!=` and `!~`. Default true. */
  isEqual?: boolean;
}

export type AlertState = 'active' | 'suppressed' | 'resolved';

export interface Alert {
  fingerprint: string;
  /** The `alertname` label. */
  name: string;
  /** The `severity` label, or `none`. */
  severity: string;
  state: AlertState;
  /** ISO 8601. */
  startsAt: string;
  /** ISO 8601; for resolved alerts, when Atrium saw them resolved. */
  endsAt?: string;
  /** The `summary` annotation (or `description`, or the name). */
  summary: string;
  labels: Record<string, string>;
  annotations?: Record<string, string>;
  /** Ids of the silences that mute it. */
  silencedBy: string[];
  /** Alertmanager's link to the rule or graph that fired it. */
  generatorURL?: string;
}

/** The answer when `operations.alertmanager.baseUrl` is not set. */
export interface AlertsNotConfigured {
  configured: false;
  entityRef: string;
  howTo: string;
}

export interface ComponentAlerts {
  configured: true;
  entityRef: string;
  /** The matchers that select the component's alerts. */
  matchers: Matcher[];
  /** Firing now (active or silenced), straight from Alertmanager. */
  active: Alert[];
  /** Resolved in the last 24 hours, as Atrium recorded them. */
  resolved: Alert[];
}

export type AlertsResponse = ComponentAlerts | AlertsNotConfigured;

/** `POST /alerts/active`: the alerts firing now for many entities at once (Home's open alerts). */
export interface ActiveAlertsRequest {
  /** Full entity refs (`kind:namespace/name`), 1 to `OPERATIONS_LIMITS.maxActiveAlertsBatch`. */
  entityRefs: string[];
}

/** One entity's alerts firing now (active or silenced), most severe first. */
export interface EntityActiveAlerts {
  entityRef: string;
  alerts: Alert[];
}

export type ActiveAlertsResponse =
  | {
      configured: true;
      /** In the order asked; null where the entity does not exist or the caller may not see it. */
      items: Array<EntityActiveAlerts | null>;
    }
  | { configured: false; howTo: string };

/** Alerts most severe first (critical, error, warning, info, then any other), then oldest first. */
export function compareAlerts(
  a: Pick<Alert, 'severity' | 'startsAt'>,
  b: Pick<Alert, 'severity' | 'startsAt'>,
): number {
  return (
    severityRank(a.severity) - severityRank(b.severity) ||
    a.startsAt.localeCompare(b.startsAt)
  );
}

const SEVERITY_ORDER = ['critical', 'error', 'warning', 'info'];
function severityRank(severity: string): number {
  const i = SEVERITY_ORDER.indexOf(severity);
  return i < 0 ? SEVERITY_ORDER.length : i;
}

/** One recorded transition of an alert: the component's timeline. */
export interface AlertEvent {
  id: number;
  fingerprint: string;
  name: string;
  severity: string;
  type: 'fired' | 'resolved';
  /** ISO 8601. */
  occurredAt: string;
  summary: string;
  labels: Record<string, string>;
}

export interface SilenceRequest {
  /** The alert to silence: the silence matches exactly its labels. */
  fingerprint?: string;
  /** Or matchers; the component's own matchers are always added, so a silence never reaches other components. */
  matchers?: Matcher[];
  /** 1 to 10080 (a week). */
  durationMinutes: number;
  comment: string;
}

export interface Silence {
  id: string;
  matchers: Matcher[];
  startsAt: string;
  endsAt: string;
  createdBy: string;
  comment: string;
  /** `active`, `pending` or `expired`. */
  state?: string;
}

export interface SilenceResponse {
  entityRef: string;
  silence: Silence;
}

/** Limits the API enforces; the frontend shows them. */
export const OPERATIONS_LIMITS = {
  maxSilenceMinutes: 10080,
  maxCommentLength: 1000,
  maxMatchers: 20,
  /** Most entities one read of active alerts takes. */
  maxActiveAlertsBatch: 100,
  /** Most points one series has; the step grows with the range to keep under it. */
  maxPoints: 400,
} as const;
