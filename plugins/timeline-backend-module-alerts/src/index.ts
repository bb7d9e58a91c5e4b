/**
 * The service timeline's alerts: a component's alerts firing and resolving, from the operations plugin.
 *
 * @packageDocumentation
 */
export { timelineModuleAlerts as default } from './module';
export { alertsSource, toTimelineEvent } from './source';
