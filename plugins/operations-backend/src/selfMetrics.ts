import type { RequestHandler } from 'express';
import {
  Counter,
  Histogram,
  Registry,
  collectDefaultMetrics,
} from 'prom-client';

/**
 * Atrium's own metrics, for Prometheus to scrape at `/api/operations/metrics`: Node's process metrics and the
 * backend's HTTP requests, all labelled `component="atrium"` (the catalog's Atrium component), so that Atrium's
 * own page charts them with the default queries.
 *
 * One registry per process, made on first use: the root HTTP router's middleware (in packages/backend) and the
 * operations plugin's route share it.
 */
export interface AtriumMetrics {
  registry: Registry;
  requests: Counter<'method' | 'code'>;
  duration: Histogram<'method' | 'code'>;
  /** Runs of the first-alert-rule task, by outcome (`ok`, `unavailable`), and the components it recorded. */
  firstAlertRuleRuns: Counter<'outcome'>;
  firstAlertRulesRecorded: Counter;
}

let metrics: AtriumMetrics | undefined;

export function atriumMetrics(): AtriumMetrics {
  if (metrics) return metrics;
  const registry = new Registry();
  registry.setDefaultLabels({ component: 'atrium' });
  collectDefaultMetrics({ register: registry });
  metrics = {
    registry,
    requests: new Counter({
      name: 'http_requests_total',
      help: "HTTP requests Atrium's backend answered, by method and status code",
      labelNames: ['method', 'code'],
      registers: [registry],
    }),
    duration: new Histogram({
      name: 'http_request_duration_seconds',
      help: "How long Atrium's backend took to answer HTTP requests, by method and status code",
      labelNames: ['method', 'code'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers: [registry],
    }),
    firstAlertRuleRuns: new Counter({
      name: 'atrium_first_alert_rule_runs_total',
      help: "Runs of the task that looks for new services' first alert rules in Prometheus, by outcome",
      labelNames: ['outcome'],
      registers: [registry],
    }),
    firstAlertRulesRecorded: new Counter({
      name: 'atrium_first_alert_rules_recorded_total',
      help: "Components whose first alert rule the task recorded in adoption (the new-service funnel's last step)",
      registers: [registry],
    }),
  };
  return metrics;
}

/** Methods counted by name; anything else (the label must stay small) as `other`. */
const METHODS = new Set([
  'GET',
  'HEAD',
  'POST',
  'PUT',
  'PATCH',
  'DELETE',
  'OPTIONS',
]);

/**
 * Counts and times every request, labelled by method and status code (never by path, which callers choose and
 * which would make the series unbounded). Install it first on the root router, so that it sees every
 * request, including those the default middleware answers (rate limits, 404s, errors).
 */
export function httpMetricsMiddleware(): RequestHandler {
  const { requests, duration } = atriumMetrics();
  return (req, res, next) => {
    const end = duration.startTimer();
    // `close` fires for answered and for aborted requests alike.
    res.once('close', () => {
      const labels = {
        method: METHODS.has(req.method) ? req.method : 'other',
        code: String(res.statusCode),
      };
      requests.inc(labels);
      end(labels);
    });
    next();
  };
}
