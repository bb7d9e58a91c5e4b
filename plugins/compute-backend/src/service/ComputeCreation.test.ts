import { mockServices } from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  createKubeSimulator,
  type KubeSimulator,
  type ListeningServer,
} from '@atrium/kube-simulator';
import type {
  ComputeAuditRecord,
  CreateAppRequest,
} from '@atrium/plugin-compute-common';
import type { ComputeAuditStore } from '../audit/ComputeAuditStore';
import { ClusterSet } from '../cluster/ClusterSet';
import { TEST_CLUSTER_SEED } from '../cluster/testing/seed';
import { ComputeCreation } from './ComputeCreation';
import type { ComputeSignals } from './ComputeSignals';
import type { Credentials } from './ownerCheck';

// Two Kubernetes API simulators (packages/kube-simulator, not clusters) in this process, each seeded with the
// test cluster: a team-payments namespace with its tier quotas, payments-gateway and ledger-service.
const TOKEN = 'creation-test-token';
const G = '/apis/compute.atrium.dev/v1alpha1/namespaces/team-payments';

jest.setTimeout(30_000);

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

const request = (
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

describe('ComputeCreation (against two simulated clusters)', () => {
  let simulator: KubeSimulator;
  const servers: Record<string, ListeningServer> = {};
  let clusters: ClusterSet;
  let audit: { records: ComputeAuditRecord[] };
  let allow: boolean;
  let creation: ComputeCreation;

  /** A request straight to a simulated cluster, as kubectl would: not through Atrium. */
  const kube = async (
    cluster: string,
    method: string,
    path: string,
    body?: unknown,
  ) => {
    const res = await fetch(`${servers[cluster].url}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${TOKEN}`,
        'content-type': 'application/json',
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: res.status, body: await res.json() };
  };
  const appNames = async (cluster: string) =>
    (await kube(cluster, 'GET', `${G}/apps`)).body.items
      .map((a: any) => a.metadata.name)
      .sort();
  const scalerNames = async (cluster: string) =>
    (await kube(cluster, 'GET', `${G}/scalers`)).body.items.map(
      (s: any) => s.metadata.name,
    );
  const before = ['ledger-service', 'payments-gateway'];

  beforeEach(async () => {
    simulator = createKubeSimulator({
      token: TOKEN,
      clusters: [
        { name: 'sim-a', seed: [TEST_CLUSTER_SEED] },
        { name: 'sim-b', seed: [TEST_CLUSTER_SEED] },
      ],
      autoStart: false,
    });
    for (const name of ['sim-a', 'sim-b']) {
      servers[name] = await simulator.cluster(name).listen();
    }
    clusters = new ClusterSet(
      {
        requestTimeoutMs: 2000,
        cache: {
          heartbeatMs: 60_000,
          watchTimeoutSeconds: 60,
          catalogTtlMs: 0,
        },
        clusters: ['sim-a', 'sim-b'].map(name => ({
          name,
          url: servers[name].url,
          auth: { type: 'serviceAccountToken' as const, token: TOKEN },
          skipTLSVerify: true,
        })),
      },
      mockServices.logger.mock(),
    );
    allow = true;
    const records: ComputeAuditRecord[] = [];
    audit = { records };
    const store = {
      async record(entry: Omit<ComputeAuditRecord, 'id' | 'occurredAt'>) {
        const record = {
          ...entry,
          id: records.length + 1,
          occurredAt: new Date().toISOString(),
        };
        records.push(record);
        return record;
      },
      async settle(
        record: ComputeAuditRecord,
        result: 'succeeded' | 'failed',
        message?: string,
      ) {
        const stored = records.find(r => r.id === record.id)!;
        if (stored.result !== 'started') throw new Error('settled twice');
        Object.assign(stored, { result, message });
        return { ...stored };
      },
    };
    creation = new ComputeCreation({
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
          { result: allow ? AuthorizeResult.ALLOW : AuthorizeResult.DENY },
        ],
        authorizeConditional: async () => [],
      } as any,
      audit: store as unknown as ComputeAuditStore,
      registry: {
        listTags: async () => ['1.0.0'],
        hasTag: async (_image: string, tag: string) => tag === '1.0.0',
      },
      signals: {
        actionApplied: jest.fn(async () => undefined),
      } as unknown as ComputeSignals,
      logger: mockServices.logger.mock(),
    });
  });

  afterEach(async () => {
    await clusters.stop();
    await simulator.stop();
  });

  const team = { namespace: 'default', name: 'team-payments' };
  const create = (body: unknown) => creation.create(team, body, credentials);

  it('creates the App and its Scaler in the team namespace on every chosen cluster, audited first', async () => {
    const answer = await create(request());
    expect(answer.dryRun).toBe(false);
    expect(answer.apps.map(a => [a.cluster, a.namespace, a.name])).toEqual([
      ['sim-a', 'team-payments', 'ledger-reports'],
      ['sim-b', 'team-payments', 'ledger-reports'],
    ]);
    expect(answer.scalers).toHaveLength(2);
    expect(answer.apps.every(a => a.resourceVersion !== '')).toBe(true);
    for (const cluster of ['sim-a', 'sim-b']) {
      const { body: app } = await kube(
        cluster,
        'GET',
        `${G}/apps/ledger-reports`,
      );
      expect(app.metadata.labels).toEqual({
        'compute.atrium.dev/component': 'ledger-reports',
        'compute.atrium.dev/team': 'team-payments',
      });
      // No tag: nothing runs until the first deploy, which gives it the 2 replicas.
      expect(app.spec).toMatchObject({
        image: 'registry.test/payments/ledger-reports',
        version: 'undeployed',
        replicas: 0,
        tier: 'reserved',
        resources: { cpu: '250m', memory: '256Mi' },
      });
      expect(
        app.metadata.annotations['compute.atrium.dev/first-deploy-replicas'],
      ).toBe('2');
      const { body: scaler } = await kube(
        cluster,
        'GET',
        `${G}/scalers/ledger-reports`,
      );
      expect(scaler.spec).toMatchObject({
        targetRef: { name: 'ledger-reports' },
        minReplicas: 1,
        maxReplicas: 4,
      });
    }
    expect(
      audit.records.map(r => [r.action, r.cluster, r.entityRef, r.result]),
    ).toEqual([
      ['create', 'sim-a', 'component:default/ledger-reports', 'succeeded'],
      ['create', 'sim-b', 'component:default/ledger-reports', 'succeeded'],
    ]);
  });

  it('creates an App that runs a given tag at once, and refuses a tag the registry lacks', async () => {
    await expect(
      create(request({ clusters: ['sim-a'], tag: '9.9.9' })),
    ).rejects.toThrow('registry.test/payments/ledger-reports has no tag 9.9.9');
    await create(request({ clusters: ['sim-a'], tag: '1.0.0' }));
    const { body: app } = await kube(
      'sim-a',
      'GET',
      `${G}/apps/ledger-reports`,
    );
    expect(app.spec).toMatchObject({ version: '1.0.0', replicas: 2 });
    expect(app.metadata.annotations).toEqual({
      'compute.atrium.dev/change-cause': 'deploy 1.0.0',
    });
  });

  it.each([
    [{ name: 'Ledger_Reports' }, 'name "Ledger_Reports" is not a DNS label'],
    [{ name: 'x'.repeat(64) }, 'is not a DNS label'],
    [
      { tier: 'gold' as any },
      'tier "gold" is unknown; the tiers are reserved, on-demand, preemptible',
    ],
    [
      { clusters: ['sim-a', 'sim-z'] },
      'Unknown cluster "sim-z"; the clusters are sim-a, sim-b',
    ],
    [{ clusters: [] }, 'clusters must be a list of one or more cluster names'],
    [{ replicas: 101 }, 'replicas must be a whole number from 0 to 100'],
    [{ replicas: 1.5 }, 'replicas must be a whole number from 0 to 100'],
    [
      { resources: { cpu: '64', memory: '256Mi' } },
      'resources.cpu must be above 0 and at most 16 (got 64)',
    ],
    [
      { resources: { cpu: '0m', memory: '256Mi' } },
      'resources.cpu must be above 0',
    ],
    [
      { resources: { cpu: '250m', memory: '1Ti' } },
      'resources.memory must be from 1Mi to 64Gi (got 1Ti)',
    ],
    [
      { resources: { cpu: 'lots', memory: '256Mi' } },
      'resources.cpu "lots" is not a CPU quantity',
    ],
    [
      { image: 'registry.test/payments/ledger:1.0' },
      'is not <registry>/<repository> without a tag',
    ],
    [
      { component: 'api:default/ledger-reports' },
      'is not component:default/<name>',
    ],
    [
      { scaler: { minReplicas: 3, maxReplicas: 2 } },
      'scaler.minReplicas (3) is above scaler.maxReplicas (2)',
    ],
    [{ replicas: 8 }, "replicas (8) must lie within the scaler's bounds 1–4"],
    [
      { component: 'component:default/fleet-tracker' },
      'component:default/fleet-tracker is owned by team-fleet, not by group:default/team-payments',
    ],
  ])(
    'refuses %j with a clear 400, and creates nothing',
    async (change, message) => {
      const error = await create(request(change)).catch(e => e);
      expect(error.name).toBe('InputError');
      expect(error.message).toContain(message);
      expect(await appNames('sim-a')).toEqual(before);
      expect(await appNames('sim-b')).toEqual(before);
      expect(audit.records).toEqual([]);
    },
  );

  it('checks the quota on every cluster first: over on the second means nothing on the first', async () => {
    // sim-a has no on-demand quota (no limit); sim-b gets a small one.
    const quota = await kube(
      'sim-b',
      'POST',
      '/api/v1/namespaces/team-payments/resourcequotas',
      {
        apiVersion: 'v1',
        kind: 'ResourceQuota',
        metadata: { name: 'tier-on-demand', namespace: 'team-payments' },
        spec: {
          hard: { 'requests.cpu': '300m', 'requests.memory': '4Gi' },
          scopeSelector: {
            matchExpressions: [
              {
                scopeName: 'PriorityClass',
                operator: 'In',
                values: ['atrium-on-demand'],
              },
            ],
          },
        },
      },
    );
    expect(quota.status).toBe(201);
    const error = await create(request({ tier: 'on-demand' })).catch(e => e);
    expect(error.name).toBe('InputError');
    // Tier, cluster, resource, what was asked and what is free.
    expect(error.message).toMatch(
      /2 replicas need 500m CPU more, and the on-demand quota of team-payments in sim-b has 300m CPU free/,
    );
    expect(await appNames('sim-a')).toEqual(before);
    expect(await scalerNames('sim-a')).toEqual([]);
    expect(audit.records).toEqual([]);
  });

  it('undoes a partial creation: a write failing on the second cluster deletes what the first got', async () => {
    const second = clusters.get('sim-b');
    const spy = jest
      .spyOn(second, 'create')
      .mockRejectedValueOnce(new Error('the API server went away'));
    await expect(create(request())).rejects.toThrow('the API server went away');
    spy.mockRestore();
    expect(await appNames('sim-a')).toEqual(before);
    expect(await scalerNames('sim-a')).toEqual([]);
    expect(await appNames('sim-b')).toEqual(before);
    expect(audit.records.map(r => [r.cluster, r.result, r.message])).toEqual([
      [
        'sim-a',
        'failed',
        'not created: creating it in sim-b failed (the API server went away); deleted again',
      ],
      ['sim-b', 'failed', 'the API server went away'],
    ]);
  });

  it('answers 409 when the name is taken on any chosen cluster, before writing anywhere', async () => {
    await kube('sim-b', 'POST', `${G}/apps`, {
      apiVersion: 'compute.atrium.dev/v1alpha1',
      kind: 'App',
      metadata: { name: 'ledger-reports', namespace: 'team-payments' },
      spec: {
        image: 'registry.test/other',
        version: '1.0.0',
        replicas: 1,
        tier: 'reserved',
        resources: { cpu: '100m', memory: '64Mi' },
      },
    });
    const error = await create(request()).catch(e => e);
    expect(error.name).toBe('ConflictError');
    expect(error.message).toBe(
      'An App named ledger-reports already exists in team-payments on cluster sim-b',
    );
    expect(await appNames('sim-a')).toEqual(before);
  });

  it('a dry run answers the objects it would create and writes and audits nothing', async () => {
    const answer = await create(request({ dryRun: true }));
    expect(answer.dryRun).toBe(true);
    expect(answer.apps.map(a => [a.cluster, a.resourceVersion])).toEqual([
      ['sim-a', ''],
      ['sim-b', ''],
    ]);
    expect(answer.manifests?.map(m => m.kind)).toEqual([
      'App',
      'Scaler',
      'App',
      'Scaler',
    ]);
    expect(answer.manifests?.[0]).toMatchObject({
      apiVersion: 'compute.atrium.dev/v1alpha1',
      metadata: { name: 'ledger-reports', namespace: 'team-payments' },
    });
    expect(await appNames('sim-a')).toEqual(before);
    expect(await appNames('sim-b')).toEqual(before);
    expect(await scalerNames('sim-a')).toEqual([]);
    expect(audit.records).toEqual([]);
  });

  it('refuses a caller who may not create for the team (403), audited as denied, and creates nothing', async () => {
    allow = false;
    const error = await create(request()).catch(e => e);
    expect(error.name).toBe('NotAllowedError');
    expect(error.message).toBe(
      'user:default/alice.nakamura may not create Apps for group:default/team-payments: only its members and platform admins may',
    );
    expect(audit.records.map(r => [r.cluster, r.result])).toEqual([
      ['sim-a', 'denied'],
      ['sim-b', 'denied'],
    ]);
    expect(await appNames('sim-a')).toEqual(before);
  });
});
