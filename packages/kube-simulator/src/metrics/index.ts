/**
 * Simulated workload metrics: what a real cluster's services and cAdvisor would give Prometheus, made up from
 * the simulator's state so that the Operations tab has something true-to-life to chart in the embedded default.
 * There is no traffic behind it: each App gets a request rate, error ratio, latency and resource use derived from
 * its component's name (traffic.ts), and the reconciler's state decides how much of it is served (workload.ts);
 * exposition.ts writes it in the Prometheus text format.
 *
 * Counters advance a reconciler tick at a time (`advance`), never from the wall clock or a random source, so a
 * test that ticks gets the same numbers every run.
 */
export * from './traffic';
export { METRICS_CONTENT_TYPE, renderMetrics } from './exposition';
export type { Sample } from './exposition';
export { WorkloadMetrics } from './workload';
