import type { MetricKind } from './api';

/**
 * Catalog annotations that tune how a component's metrics and alerts are found. Without them, the metrics are
 * those labelled `component="<entity name>"` and the alerts those whose component label (config
 * `operations.alerts.componentLabel`, default `component`) is the entity's name.
 */
export const OPERATIONS_ANNOTATIONS = {
  /**
   * The label matchers of every default query, with or without braces: `job="payments", env="prod"`.
   * Replaces `component="<entity name>"`.
   */
  prometheusSelector: 'atrium.dev/prometheus-selector',
  /**
   * Prefix of the annotations that replace one metric's whole query, e.g. `atrium.dev/promql-request-rate`.
   * `$selector` and `$window` in the query are replaced by the selector and the rate window.
   */
  promqlPrefix: 'atrium.dev/promql-',
  /**
   * Alertmanager matchers that select the component's alerts (`service="payments", env=~"prod|staging"`),
   * instead of the component label.
   */
  alertMatchers: 'atrium.dev/alert-matchers',
} as const;

/** The annotation that replaces one metric's query: `requestRate` → `atrium.dev/promql-request-rate`. */
export function promqlAnnotation(metric: MetricKind): string {
  return `${OPERATIONS_ANNOTATIONS.promqlPrefix}${metric
    .replace(/([a-z])([A-Z0-9])/g, '$1-$2')
    .toLowerCase()}`;
}
