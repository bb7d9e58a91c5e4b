import { PatchStrategy, setHeaderOptions } from '@kubernetes/client-node';
import type {
  KubeSimulator,
  KubeSimulatorOptions,
  ListeningServer,
  SimulatedCluster,
} from '../simulator';
import { clientsFor, GROUP, NS, startTestCluster, VERSION } from './client';

/** The seed's Apps in the test namespace, for the custom objects client. */
export const apps = {
  group: GROUP,
  version: VERSION,
  namespace: NS,
  plural: 'apps',
};
export const merge = setHeaderOptions('Content-Type', PatchStrategy.MergePatch);
/** A new App for the test namespace: one reserved pod of refunds-worker 0.8.2 unless `spec` says otherwise. */
export const newApp = (name: string, spec: Record<string, unknown> = {}) => ({
  apiVersion: `${GROUP}/${VERSION}`,
  kind: 'App',
  metadata: { name, labels: { 'compute.atrium.dev/team': 'team-payments' } },
  spec: {
    image: 'registry.test/payments/refunds-worker',
    version: '0.8.2',
    replicas: 1,
    tier: 'reserved',
    resources: { cpu: '100m', memory: '128Mi' },
    ...spec,
  },
});

/** The test namespace's Scalers, for the custom objects client. */
export const scalers = { ...apps, plural: 'scalers' };
/** A new Scaler of the App `name` in the test namespace: bounds 1–2 unless `spec` says otherwise. */
export const newScaler = (
  name: string,
  spec: Record<string, unknown> = {},
) => ({
  apiVersion: `${GROUP}/${VERSION}`,
  kind: 'Scaler',
  metadata: { name },
  spec: { targetRef: { name }, minReplicas: 1, maxReplicas: 2, ...spec },
});

/** Whether an object's Ready condition is True. */
export const ready = (p: object): boolean =>
  (((p as any).status?.conditions ?? []) as any[]).some(
    c => c.type === 'Ready' && c.status === 'True',
  );

export interface TestCluster {
  simulator: KubeSimulator;
  cluster: SimulatedCluster;
  server: ListeningServer;
  api: ReturnType<typeof clientsFor>;
  /** The pods of an App in the test namespace. */
  pods(app: string): ReturnType<SimulatedCluster['list']>;
  /** An App in the test namespace, as stored. */
  app(name: string): any;
  /** The test namespace's events, of one reason if given. */
  events(reason?: string): any[];
}

/**
 * A fresh test cluster (`startTestCluster` with `options`) before each test of the calling `describe`, stopped
 * after it; the reconciler runs only when a test ticks it. A test may replace the fields (a cluster on its own
 * timer).
 */
export function useTestCluster(
  options: Omit<KubeSimulatorOptions, 'token' | 'clusters'> = {},
): TestCluster {
  const t = {
    pods: (app: string) =>
      t.cluster
        .list('pods', NS)
        .filter(p => p.metadata.labels?.['compute.atrium.dev/app'] === app),
    app: (name: string) =>
      t.cluster.list('apps', NS).find(a => a.metadata.name === name)! as any,
    events: (reason?: string) =>
      t.cluster
        .list('events', NS)
        .filter(e => !reason || e.reason === reason) as any[],
  } as TestCluster;

  beforeEach(async () => {
    Object.assign(t, await startTestCluster(options));
  });

  afterEach(async () => {
    await t.simulator.stop();
  });

  return t;
}
