/**
 * Atrium operations frontend: a component's metrics (Prometheus) and alerts (Alertmanager) on its Operations
 * tab, with silences for its owners, and the alerts card for its overview.
 *
 * @packageDocumentation
 */
export { default } from './plugin';
export {
  operationsApi,
  operationsEntityContent,
  operationsAlertsEntityCard,
  OPERATIONS_TAB_PATH,
} from './plugin';
export { formatAgo } from './lib/format';
export { AlertBadges, severityTone } from './components/AlertBadges';
export { operationsApiRef } from './api';
export { toChartData } from './lib/chartData';
export type { ChartModel, ChartRow, ChartSeries } from './lib/chartData';
