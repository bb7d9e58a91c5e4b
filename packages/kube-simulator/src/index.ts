/**
 * A Kubernetes API simulator for Atrium development and tests (not a cluster): simulated clusters that serve the
 * real REST paths for namespaces, nodes, pods, logs, events, quotas and the compute.atrium.dev resources, with a
 * reconciler; a registry simulator; simulated workload metrics for Prometheus; and a backend plugin that embeds
 * them.
 *
 * @packageDocumentation
 */
export { createKubeSimulator, listenOn } from './simulator';
export type {
  KubeSimulator,
  KubeSimulatorOptions,
  SimulatedCluster,
  SimulatedClusterOptions,
  ListeningServer,
  ServerTls,
} from './simulator';
export { loadOrCreateTls } from './tls';
export type { SimulatorTls, SimulatorTlsOptions } from './tls';
export type { Reconciler, ReconcilerOptions } from './reconciler';
export { CPU_UTILIZATION_ANNOTATION } from './controllers/scalers';
export type { BadImage } from './badImages';
export type { ClusterState } from './cluster';
export type { RequestHandler } from './http';
export { createRegistrySimulator, loadRegistrySeed } from './registry';
export type { RegistrySeed } from './registry';
export {
  ERROR_RATIO_ANNOTATION,
  LATENCY_BUCKETS,
  METRICS_CONTENT_TYPE,
  WorkloadMetrics,
  renderMetrics,
  trafficProfile,
} from './metrics';
export type { TrafficProfile, Sample } from './metrics';
export type { DeepReadonly, KubeObject, StoredObject } from './types';
export { kubeSimulatorPlugin, createKubeSimulatorRouter } from './plugin';
export { kubeSimulatorPlugin as default } from './plugin';
