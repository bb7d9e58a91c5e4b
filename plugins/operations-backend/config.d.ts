export interface Config {
  /**
   * Atrium operations: a component's metrics from Prometheus and its alerts from Alertmanager. Each part is off
   * (its cards say how to turn it on) until its baseUrl is set.
   */
  operations?: {
    /**
     * How long the catalog's answer to a caller (the component, or that they may not see it) is kept for reads
     * of metrics and alerts, in milliseconds: a change in the catalog or in someone's permissions shows at most
     * this much later. 0 asks the catalog on every read; silences always ask afresh. Default 5000, at most 60000.
     */
    catalogTtlMs?: number;
    prometheus?: {
      /** Prometheus's URL, e.g. http://prometheus.monitoring:9090 (the HTTP API is under /api/v1). */
      baseUrl?: string;
      /** How long one query may take, in milliseconds. Default 5000. */
      timeoutMs?: number;
      /** The window of the default queries' rate(), e.g. `5m`. Default: four steps, at least `1m`. */
      rateWindow?: string;
    };
    alertmanager?: {
      /** Alertmanager's URL, e.g. http://alertmanager.monitoring:9093 (the API is under /api/v2). */
      baseUrl?: string;
      /** How long one request may take, in milliseconds. Default 5000. */
      timeoutMs?: number;
    };
    dashboards?: {
      /**
       * A link to the component's dashboard (Grafana, Prometheus's graph page...), shown on its charts.
       * Placeholders: `{{name}}`, `{{namespace}}`, `{{kind}}`, `{{from}}` and `{{to}}` (the range, in unix
       * milliseconds), each URL-encoded.
       * @visibility frontend
       */
      urlTemplate?: string;
    };
    alerts?: {
      /** The alert label that names the component. Default `component`. */
      componentLabel?: string;
      /** How often Atrium reads Alertmanager to record alerts firing and resolving, in seconds. Default 30. */
      pollSeconds?: number;
      /** How long recorded alert events are kept, in days. Default 30. */
      retentionDays?: number;
    };
    funnel?: {
      /**
       * How often Atrium reads Prometheus's alerting rules (`/api/v1/rules`) to record each annotated
       * component's first alert rule, the new-service funnel's last step in adoption Insights, in seconds.
       * One replica runs it at a time. Default 300, at most 86400.
       */
      firstAlertRuleSeconds?: number;
    };
  };
}
