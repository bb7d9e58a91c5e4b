/**
 * Atrium's operations backend plugin: metrics from Prometheus and alerts from Alertmanager on a component's
 * page, silences by its owners, and Atrium's own metrics for Prometheus.
 *
 * @packageDocumentation
 */
export { operationsPlugin as default } from './plugin';
export { atriumMetrics, httpMetricsMiddleware } from './selfMetrics';
export type { OperationsService } from './service/types';
export type { SilenceRequest } from './request/silenceRequest';
