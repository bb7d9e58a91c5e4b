import { mockServices } from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { createKubeSimulator } from '@atrium/kube-simulator';
import type {
  ComputeAuditRecord,
  CreateAppRequest,
  CreateAppResponse,
} from '@atrium/plugin-compute-common';
import { ClusterSet } from '../../cluster/ClusterSet';
import { TEST_CLUSTER_SEED } from '../../cluster/testing/seed';
import type { ComputeAuditLog } from '../../types';
import { ComputeCreation } from '../ComputeCreation';
import type { ComputeSignals } from '../ComputeSignals';
import type { Credentials } from '../ownerCheck';

// Two Kubernetes API simulators (packages/kube-simulator, not clusters) in this process, each seeded with the
// test cluster: a team-payments namespace with its tier quotas, payments-gateway and ledger-service.
const TOKEN = 'creation-test-token';
/** The team namespace's compute resources, as a path of the Kubernetes API. */
export const G = '/apis/compute.atrium.dev/v1alpha1/namespaces/team-payments';
/** The Apps each simulated cluster starts with. */
export const BEFORE = ['ledger-service', 'payments-gateway'];

const group: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Group',
  metadata: { name: 'team-payments', namespace: 'default' },
  spec: { type: 'team', children: [] },
};
const fleetComponent: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'fleet-tracker', namespace: 'default' },
  spec: { type: 'service', lifecycle: 'production', owner: 'team-fleet' },
};
const credentials = {
  $$type: '@backstage/BackstageCredentials',
  principal: { type: 'user', userEntityRef: 'user:default/alice.nakamura' },
} as unknown as Credentials;

/** A valid creation request for team-payments on both clusters, with `overrides`. */
export const request = (
  overrides: Partial<CreateAppRequest> = {},
): CreateAppRequest => ({
  name: 'ledger-reports',
  component: 'component:default/ledger-reports',
  tier: 'reserved',
  clusters: ['sim-a', 'sim-b'],
  replicas: 2,
  resources: { cpu: '250m', memory: '256Mi' },
  image: 'registry.test/payments/ledger-reports',
  scaler: { minReplicas: 1, maxReplicas: 4 },
  ...overrides,
});

/** ComputeCreation against two simulated clusters, with an audit in memory and a switch for the permission. */
export interface CreationHarness {
  creation: ComputeCreation;
  clusters: ClusterSet;
  /** What the creation audited. */
  records: ComputeAuditRecord[];
  /** Whether the permission framework allows `compute.app.create` (true until changed). */
  permission: { allow: boolean };
  /** Creates for team-payments as alice.nakamura, at once. */
  create(body: unknown): Promise<CreateAppResponse>;
  /** A request straight to a simulated cluster, as kubectl would: not through Atrium. */
  kube(
    cluster: string,
    method: string,
    path: string,
    body?: unknown,
  ): Promise<{ status: number; body: any }>;
  appNames(cluster: string): Promise<string[]>;
  scalerNames(cluster: string): Promise<string[]>;
  stop(): Promise<void>;
}

export async function startCreationHarness(): Promise<CreationHarness> {
  const simulator = createKubeSimulator({
    token: TOKEN,
    clusters: [
      { name: 'sim-a', seed: [TEST_CLUSTER_SEED] },
      { name: 'sim-b', seed: [TEST_CLUSTER_SEED] },
    ],
    autoStart: false,
  });
  const urls: Record<string, string> = {};
  for (const name of ['sim-a', 'sim-b']) {
    urls[name] = (await simulator.cluster(name).listen()).url;
  }
  const clusters = new ClusterSet(
    {
      requestTimeoutMs: 2000,
      cache: {
        heartbeatMs: 60_000,
        watchTimeoutSeconds: 60,
        catalogTtlMs: 0,
      },
      clusters: ['sim-a', 'sim-b'].map(name => ({
        name,
        url: urls[name],
        auth: { type: 'serviceAccountToken' as const, token: TOKEN },
        skipTLSVerify: true,
      })),
    },
    mockServices.logger.mock(),
  );
  const permission = { allow: true };
  const records: ComputeAuditRecord[] = [];
  const audit: Pick<ComputeAuditLog, 'record' | 'settle'> = {
    async record(entry) {
      const record = {
        ...entry,
        id: records.length + 1,
        occurredAt: new Date().toISOString(),
      };
      records.push(record);
      return record;
    },
    async settle(record, result, message) {
      const stored = records.find(r => r.id === record.id)!;
      if (stored.result !== 'started') throw new Error('settled twice');
      Object.assign(stored, { result, message });
      return { ...stored };
    },
  };
  const creation = new ComputeCreation({
    clusters,
    catalog: {
      getEntityByRef: async (ref: string) =>
        ({
          'group:default/team-payments': group,
          'component:default/fleet-tracker': fleetComponent,
        }[ref]),
    } as any,
    permissions: {
      authorize: async () => [
        {
          result: permission.allow
            ? AuthorizeResult.ALLOW
            : AuthorizeResult.DENY,
        },
      ],
      authorizeConditional: async () => [],
    } as any,
    audit: audit as ComputeAuditLog,
    registry: {
      listTags: async () => ['1.0.0'],
      hasTag: async (_image: string, tag: string) => tag === '1.0.0',
    },
    signals: {
      actionApplied: async () => undefined,
    } as unknown as ComputeSignals,
    logger: mockServices.logger.mock(),
  });

  const kube: CreationHarness['kube'] = async (cluster, method, path, body) => {
    const res = await fetch(`${urls[cluster]}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${TOKEN}`,
        'content-type': 'application/json',
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: res.status, body: await res.json() };
  };
  const team = { namespace: 'default', name: 'team-payments' };
  return {
    creation,
    clusters,
    records,
    permission,
    create: body => creation.create(team, body, credentials),
    kube,
    appNames: async cluster =>
      (await kube(cluster, 'GET', `${G}/apps`)).body.items
        .map((a: any) => a.metadata.name)
        .sort(),
    scalerNames: async cluster =>
      (await kube(cluster, 'GET', `${G}/scalers`)).body.items.map(
        (s: any) => s.metadata.name,
      ),
    async stop() {
      await clusters.stop();
      await simulator.stop();
    },
  };
}

/**
 * A fresh harness (`startCreationHarness`) before each test of the calling `describe`, stopped after it. The
 * returned object is the current test's harness.
 */
export function useCreationHarness(): CreationHarness {
  const h = {} as CreationHarness;
  beforeEach(async () => {
    Object.assign(h, await startCreationHarness());
  });
  afterEach(() => h.stop());
  return h;
}
