/**
 * Atrium's compute backend plugin: workloads on Kubernetes through the App and Scaler resources.
 *
 * @packageDocumentation
 */
export { computePlugin as default } from './plugin';
