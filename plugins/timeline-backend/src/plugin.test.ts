import {
  mockCredentials,
  mockServices,
  startTestBackend,
  type TestBackend,
} from '@backstage/backend-test-utils';
import {
  createBackendModule,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import type { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import type { ComputeAuditRecord } from '@atrium/plugin-compute-common';
import {
  computeServiceRef,
  type ComputeService,
} from '@atrium/plugin-compute-node';
import { timelineSourcesExtensionPoint } from '@atrium/plugin-timeline-node';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { documentedRoutes, servedRoutes } from '@atrium/backend-test-utils';
import { timelinePlugin } from './plugin';
import { createRouter } from './router';
import type { TimelineEntities, TimelineService } from './types';

/**
 * The timeline plugin in Backstage's test backend with in-memory SQLite, over Backstage's catalog mock, a fake
 * compute service (named so: fixed workloads and audit records, as the compute backend would answer) and a
 * fake alerts source added through the extension point. tests/timeline.test.ts runs it in Atrium's backend.
 */
const ENTITIES: Entity[] = [
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name: 'payments-gateway', namespace: 'default' },
    spec: { type: 'service', owner: 'team-payments' },
  },
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'System',
    metadata: { name: 'payments', namespace: 'default' },
    spec: { owner: 'team-payments' },
  },
];

const minutesAgo = (m: number) =>
  new Date(Date.now() - m * 60_000).toISOString();

const record = (
  id: number,
  minutes: number,
  action: ComputeAuditRecord['action'],
  result: ComputeAuditRecord['result'],
  before: Record<string, unknown>,
  after: Record<string, unknown>,
): ComputeAuditRecord => ({
  id,
  occurredAt: minutesAgo(minutes),
  actor: 'user:default/alice',
  action,
  entityRef: 'component:default/payments-gateway',
  cluster: 'eu',
  namespace: 'team-payments',
  app: 'payments-gateway',
  before,
  after,
  result,
  ...(result === 'succeeded' ? {} : { message: 'not an owner' }),
});

const AUDIT: ComputeAuditRecord[] = [
  record(
    5,
    10,
    'rollback',
    'succeeded',
    { version: '2.5.0' },
    { version: '2.4.1', revision: 1 },
  ),
  record(4, 20, 'deploy', 'denied', {}, { version: '2.6.0' }),
  record(
    3,
    30,
    'deploy',
    'succeeded',
    { version: '2.4.1' },
    { version: '2.5.0' },
  ),
  record(2, 40, 'scale', 'succeeded', { replicas: 2 }, { replicas: 4 }),
  record(
    1,
    60 * 24 * 30,
    'scale',
    'succeeded',
    { replicas: 1 },
    { replicas: 2 },
  ),
];

const fakeCompute: ComputeService = {
  async getComponentsWorkloads(entityRefs) {
    return entityRefs.map(entityRef => ({
      entityRef,
      clusters: [
        {
          cluster: { name: 'eu' },
          ok: true,
          apps: [
            {
              cluster: 'eu',
              namespace: 'team-payments',
              name: 'payments-gateway',
              status: {
                revisions: [
                  {
                    revision: 1,
                    version: '2.4.1',
                    image: 'pg',
                    createdAt: minutesAgo(60 * 24 * 20),
                    changeCause: 'deploy 2.4.1',
                  },
                  {
                    revision: 2,
                    version: '2.5.0',
                    image: 'pg',
                    createdAt: minutesAgo(29.9),
                    changeCause: 'deploy 2.5.0',
                  },
                  {
                    revision: 3,
                    version: '2.4.1',
                    image: 'pg',
                    createdAt: minutesAgo(9.9),
                    changeCause: 'rollback to revision 1',
                  },
                  {
                    revision: 4,
                    version: '2.4.1',
                    image: 'pg',
                    createdAt: minutesAgo(5),
                    changeCause: 'update',
                  },
                ],
              },
            } as any,
          ],
        },
        {
          cluster: { name: 'us' },
          ok: false,
          error: { reason: 'Unreachable', message: 'connect ECONNREFUSED' },
        },
      ],
      excluded: [],
    }));
  },
  async getComponentActivity(_component, page) {
    const items = AUDIT.filter(r => !page.before || r.id < page.before).slice(
      0,
      2,
    );
    const last = items.at(-1);
    return {
      items,
      nextBefore: last && last.id > 1 ? last.id : undefined,
    };
  },
  getComponentWorkloads: async () => {
    throw new Error('the timeline reads the batched workloads, without pods');
  },
  getTeamWorkloads: async () => {
    throw new Error('unused');
  },
  getTeamQuota: async () => {
    throw new Error('unused');
  },
  createApp: async () => {
    throw new Error('unused');
  },
  deleteApp: async () => {
    throw new Error('unused');
  },
  listApprovals: async () => {
    throw new Error('unused');
  },
  getApproval: async () => {
    throw new Error('unused');
  },
  approve: async () => {
    throw new Error('unused');
  },
  reject: async () => {
    throw new Error('unused');
  },
};

const alertsModule = createBackendModule({
  pluginId: 'timeline',
  moduleId: 'fake-alerts',
  register(reg) {
    reg.registerInit({
      deps: { timeline: timelineSourcesExtensionPoint },
      async init({ timeline }) {
        timeline.addSource({
          id: 'alerts',
          kinds: ['alert-firing', 'alert-resolved'],
          async list(entityRef) {
            return [
              {
                id: 'a1',
                kind: 'alert-firing',
                at: minutesAgo(15),
                title: `HighErrorRate on ${entityRef}`,
              },
            ];
          },
        });
      },
    });
  },
});

describe('the timeline plugin', () => {
  let backend: TestBackend;
  let base: string;

  beforeAll(async () => {
    backend = await startTestBackend({
      features: [
        timelinePlugin,
        alertsModule,
        catalogServiceMock.factory({ entities: ENTITIES }),
        createServiceFactory({
          service: computeServiceRef,
          deps: {},
          factory: () => fakeCompute,
        }),
        mockServices.rootConfig.factory({
          data: { timeline: { catalogPollSeconds: 3600 } },
        }),
      ],
    });
    base = `http://localhost:${
      (backend.server.address() as AddressInfo).port
    }/api/timeline`;
  });
  afterAll(() => backend.stop());

  const get = async (path: string, principal = 'user:default/bob') => {
    const res = await fetch(`${base}${path}`, {
      headers: { authorization: mockCredentials.user.header(principal) },
    });
    return { status: res.status, body: await res.json() };
  };
  const PG = '/entities/default/component/payments-gateway/events';

  it('merges rollouts with their actors, scaling, refused actions and added sources, newest first', async () => {
    const { status, body } = await get(PG);
    expect(status).toBe(200);
    expect(
      body.items.map((e: any) => [
        e.id,
        e.kind,
        e.actor ?? null,
        e.result ?? null,
      ]),
    ).toEqual([
      [
        'compute:revision:eu/team-payments/payments-gateway/4',
        'deploy',
        null,
        null,
      ],
      [
        'compute:revision:eu/team-payments/payments-gateway/3',
        'rollback',
        'user:default/alice',
        'succeeded',
      ],
      ['alerts:a1', 'alert-firing', null, null],
      ['compute:audit:4', 'action', 'user:default/alice', 'denied'],
      [
        'compute:revision:eu/team-payments/payments-gateway/2',
        'deploy',
        'user:default/alice',
        'succeeded',
      ],
      ['compute:audit:2', 'scale', 'user:default/alice', 'succeeded'],
    ]);
    expect(body.items[0]).toMatchObject({
      title: 'Deployed 2.4.1 to payments-gateway in eu',
      detail: 'revision 4, image pg:2.4.1, rollout: update',
      cluster: 'eu',
      app: 'payments-gateway',
      source: 'compute',
    });
    expect(body.items[1].title).toBe(
      'Rolled payments-gateway in eu back to revision 1 (2.4.1)',
    );
    expect(body.items[3]).toMatchObject({
      title: 'Deploying 2.6.0 to payments-gateway in eu denied',
      detail: 'version – → 2.6.0; not an owner',
    });
    expect(body.items[5]).toMatchObject({
      title: 'Scaled payments-gateway in eu to 4 replicas',
      detail: 'replicas 2 → 4',
    });
    expect(body.errors).toEqual([
      { source: 'compute', message: 'us: Unreachable: connect ECONNREFUSED' },
    ]);
  });

  it('filters by kind and range, and limits', async () => {
    const scale = await get(`${PG}?kinds=scale`);
    expect(scale.body.items.map((e: any) => e.id)).toEqual(['compute:audit:2']);
    const older = await get(
      `${PG}?kinds=scale,deploy&from=${minutesAgo(
        60 * 24 * 40,
      )}&to=${minutesAgo(60 * 24)}`,
    );
    expect(older.body.items.map((e: any) => e.id)).toEqual([
      'compute:revision:eu/team-payments/payments-gateway/1',
      'compute:audit:1',
    ]);
    const one = await get(`${PG}?limit=1`);
    expect(one.body.items).toHaveLength(1);
    const alerts = await get(`${PG}?kinds=alert-firing`);
    expect(alerts.body).toEqual({
      items: [expect.objectContaining({ id: 'alerts:a1' })],
      errors: [],
    });
  });

  it('answers other kinds of entity from the other sources, 404 for entities not in the catalog, 400 for bad input', async () => {
    const system = await get('/entities/default/system/payments/events');
    expect(system.status).toBe(200);
    expect(system.body.items.map((e: any) => e.source)).toEqual(['alerts']);
    expect((await get('/entities/default/component/nope/events')).status).toBe(
      404,
    );
    expect((await get(`${PG}?kinds=boom`)).status).toBe(400);
    expect((await get(`${PG}?from=last-week`)).status).toBe(400);
    expect((await get(`${PG}?limit=1000`)).status).toBe(400);
    const service = await fetch(`${base}${PG}`, {
      headers: { authorization: mockCredentials.service.header() },
    });
    expect(service.status).toBe(403);
    // (The test backend's auth treats a request without credentials as a mock user; tests/timeline.test.ts
    // checks the 401 in Atrium's backend.)
  });
});

describe('the timeline router', () => {
  it('serves exactly the routes its OpenAPI spec describes', () => {
    const unused = () => Promise.reject(new Error('not called'));
    const catalog: TimelineEntities = { getEntityByRef: unused };
    const timeline: TimelineService = { list: unused };
    const router = createRouter({
      httpAuth: mockServices.httpAuth(),
      catalog,
      timeline,
    });
    expect(servedRoutes(router)).toEqual(
      documentedRoutes(join(__dirname, 'schema', 'openapi.yaml')),
    );
  });
});
