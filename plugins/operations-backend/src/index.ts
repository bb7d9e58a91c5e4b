/**
 * Atrium's operations backend plugin: metrics from Prometheus and alerts from Alertmanager on a component's
 * page, silences by its owners, and Atrium's own metrics for Prometheus.
 *
 * @packageDocumentation
 */
export { operationsPlugin as default } from './plugin';
export { atriumMetrics, httpMetricsMiddleware } from './selfMetrics';
export {
  OperationsService,
  type EntityName,
} from './service/OperationsService';
