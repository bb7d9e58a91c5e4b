import knexFactory, { type Knex } from 'knex';
import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import type { SignalPayload } from '@backstage/plugin-signals-node';
import {
  createKubeSimulator,
  type KubeSimulator,
} from '@atrium/kube-simulator';
import { CallerCatalog } from '@atrium/plugin-catalog-reads-node';
import type { ComputeActionSignal } from '@atrium/plugin-compute-common';
import { ComputeAuditStore } from '../audit/ComputeAuditStore';
import { ClusterSet } from '../cluster/ClusterSet';
import { TEST_CLUSTER_SEED } from '../cluster/testing/seed';
import { ComputeActions } from './ComputeActions';
import { ComputeReader } from './ComputeReader';
import { ComputeSignals } from './ComputeSignals';

// The Kubernetes API simulator (packages/kube-simulator, not a cluster) in this process; the real cluster
// client, cache, reader, actions and audit (SQLite in memory) over it. Only the signals bus and the permission
// decision are stand-ins: what the actions hand to Backstage's signals service is what is under test.
const TOKEN = 'signals-test-token';
const CLUSTER = 'sim-test';
const NS = 'team-payments';
const ADMINS = 'group:default/platform-admins';
/** The recipients of an owners-only component of team-payments. */
const OWNERS = {
  type: 'user',
  entityRef: ['group:default/team-payments', ADMINS],
};

jest.setTimeout(30_000);

const component = (name: string, annotations?: Record<string, string>) =>
  ({
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name, namespace: 'default', annotations },
    spec: { type: 'service', lifecycle: 'production', owner: 'team-payments' },
    relations: [{ type: 'ownedBy', targetRef: 'group:default/team-payments' }],
  } as Entity);

const alice = mockCredentials.user('user:default/alice.nakamura');
const bob = mockCredentials.user('user:default/bob.okafor');

describe('the signal of an applied action', () => {
  let simulator: KubeSimulator;
  let clusters: ClusterSet;
  let knex: Knex;
  let published: SignalPayload[];
  let publish: jest.Mock;
  let logger: ReturnType<typeof mockServices.logger.mock>;
  let actions: ComputeActions;
  let audit: ComputeAuditStore;
  /** ComputeSignals publishing to `publish`, with ADMINS as the platform admins. */
  const computeSignals = () =>
    new ComputeSignals({
      signals: { publish },
      logger,
      platformAdmins: [ADMINS],
    });

  beforeEach(async () => {
    simulator = createKubeSimulator({
      token: TOKEN,
      clusters: [{ name: CLUSTER, seed: [TEST_CLUSTER_SEED] }],
      autoStart: false,
    });
    const direct = await simulator.cluster(CLUSTER).listen();
    logger = mockServices.logger.mock();
    clusters = new ClusterSet(
      {
        requestTimeoutMs: 2000,
        cache: {
          heartbeatMs: 60_000,
          watchTimeoutSeconds: 60,
          catalogTtlMs: 0,
        },
        clusters: [
          {
            name: CLUSTER,
            url: direct.url,
            auth: { type: 'serviceAccountToken', token: TOKEN },
            skipTLSVerify: true,
          },
        ],
      },
      logger,
    );
    clusters.start();
    knex = knexFactory({
      client: 'better-sqlite3',
      connection: ':memory:',
      useNullAsDefault: true,
    });
    audit = await ComputeAuditStore.create(knex);
    const reader = new ComputeReader(
      clusters,
      new CallerCatalog(
        catalogServiceMock({
          entities: [
            component('payments-gateway'),
            // Owners-only: only team-payments' members and the platform admins see it.
            component('ledger-service', { 'atrium.dev/visibility': 'owners' }),
          ],
        }),
        {
          auth: mockServices.auth(),
          userInfo: mockServices.userInfo(),
          ttlMs: 0,
        },
      ),
    );
    const permissions = mockServices.permissions.mock();
    // The ownership rule's answer, as the policy gives it: team-payments (Alice) may operate, Bob may not.
    permissions.authorize.mockImplementation(async (_requests, options) => [
      {
        result:
          (options.credentials.principal as any).userEntityRef ===
          alice.principal.userEntityRef
            ? AuthorizeResult.ALLOW
            : AuthorizeResult.DENY,
      },
    ]);
    published = [];
    publish = jest.fn(async (signal: SignalPayload) => {
      published.push(signal);
    });
    actions = new ComputeActions({
      clusters,
      reader,
      permissions,
      audit,
      registry: {
        listTags: async () => [],
        hasTag: async () => false,
      },
      signals: computeSignals(),
      logger,
    });
  });

  afterEach(async () => {
    await clusters.stop();
    await simulator.stop();
    await knex.destroy();
  });

  const current = async (name: string) =>
    (await clusters.get(CLUSTER).get('apps', NS, name)).metadata
      .resourceVersion!;
  const ref = (name: string) => ({ cluster: CLUSTER, namespace: NS, name });
  /** Alice scales payments-gateway to `replicas`, from its current resourceVersion. */
  const scaleGateway = async (replicas: number) =>
    actions.scale(
      ref('payments-gateway'),
      { replicas, resourceVersion: await current('payments-gateway') },
      alice,
    );

  it('publishes once per applied action, to everyone signed in for a component they may all see, with what was done', async () => {
    const { record } = await scaleGateway(3);
    expect(publish).toHaveBeenCalledTimes(1);
    const expected: ComputeActionSignal = {
      type: 'action',
      action: 'scale',
      entityRef: 'component:default/payments-gateway',
      cluster: CLUSTER,
      namespace: NS,
      app: 'payments-gateway',
      actor: 'user:default/alice.nakamura',
      auditId: record.id,
      occurredAt: record.occurredAt,
    };
    expect(published).toEqual([
      {
        // Everyone signed in sees payments-gateway (and its Activity); anonymous WebSockets are refused.
        recipients: { type: 'broadcast' },
        channel: 'atrium:compute:component:default/payments-gateway',
        message: expected,
      },
    ]);
    // The id is the audit's: the Activity lists it.
    const { items } = await audit.list({
      entityRef: 'component:default/payments-gateway',
      limit: 5,
    });
    expect(items.map(i => [i.id, i.result])).toEqual([
      [record.id, 'succeeded'],
    ]);

    await actions.restart(
      ref('payments-gateway'),
      { resourceVersion: await current('payments-gateway') },
      alice,
    );
    expect(
      published.map(p => (p.message as ComputeActionSignal).action),
    ).toEqual(['scale', 'restart']);
  });

  it('records an action before the cluster is written: no record, no change; an outcome not recorded stays started', async () => {
    const replicas = async () =>
      (await clusters.get(CLUSTER).get('apps', NS, 'payments-gateway')).spec
        .replicas;
    const before = await replicas();
    // The database goes away before the action is recorded: the change is not made.
    const record = jest
      .spyOn(audit, 'record')
      .mockRejectedValueOnce(new Error('connection terminated'));
    await expect(scaleGateway(before + 1)).rejects.toThrow(
      'connection terminated',
    );
    expect(await replicas()).toBe(before);
    expect(publish).not.toHaveBeenCalled();
    record.mockRestore();

    // It goes away after the cluster was written: the change stands, and the record says started.
    jest
      .spyOn(audit, 'settle')
      .mockRejectedValueOnce(new Error('connection terminated'));
    await expect(scaleGateway(before + 1)).rejects.toThrow(
      'connection terminated',
    );
    expect(await replicas()).toBe(before + 1);
    const { items } = await audit.list({
      entityRef: 'component:default/payments-gateway',
      limit: 5,
    });
    expect(items.map(i => [i.result, i.after])).toEqual([
      ['started', { replicas: before + 1 }],
    ]);
    // An outcome is written once.
    await audit.settle(items[0], 'succeeded');
    await expect(audit.settle(items[0], 'failed')).rejects.toThrow(
      'not a started one',
    );
  });

  it("sends an owners-only component's actions to its owners and the platform admins only", async () => {
    await actions.restart(
      ref('ledger-service'),
      { resourceVersion: await current('ledger-service') },
      alice,
    );
    expect(published).toHaveLength(1);
    expect(published[0].channel).toBe(
      'atrium:compute:component:default/ledger-service',
    );
    expect(published[0].recipients).toEqual(OWNERS);
  });

  it('names the owner from spec.owner where relations are not stitched yet, in the lower case of ownership refs', () => {
    const signals = computeSignals();
    const entity = component('ledger-service', {
      'atrium.dev/visibility': 'owners',
    });
    expect(
      signals.recipients({
        ...entity,
        spec: { ...entity.spec, owner: 'Team-Payments' },
        relations: [],
      }),
    ).toEqual(OWNERS);
  });

  it('broadcasts only for a component without a visibility annotation: any value, or no component read, keeps it to the owners', () => {
    const signals = computeSignals();
    expect(signals.recipients(component('payments-gateway'))).toEqual({
      type: 'broadcast',
    });
    expect(
      signals.recipients(
        component('ledger-service', { 'atrium.dev/visibility': 'Owners' }),
      ),
    ).toEqual(OWNERS);
    expect(signals.recipients(undefined)).toEqual({
      type: 'user',
      entityRef: [ADMINS],
    });
  });

  it('publishes nothing for a refused or failed action', async () => {
    const version = await current('payments-gateway');
    // Another team: refused (and audited as denied).
    await expect(
      actions.scale(
        ref('payments-gateway'),
        { replicas: 3, resourceVersion: version },
        bob,
      ),
    ).rejects.toMatchObject({ name: 'NotAllowedError' });
    // A stale resourceVersion: failed, 409.
    await expect(
      actions.scale(
        ref('payments-gateway'),
        { replicas: 3, resourceVersion: `${version}0` },
        alice,
      ),
    ).rejects.toMatchObject({ name: 'ConflictError' });
    // Beyond the tier's quota: failed, 400.
    await expect(
      actions.scale(
        ref('payments-gateway'),
        { replicas: 40, resourceVersion: version },
        alice,
      ),
    ).rejects.toMatchObject({ name: 'InputError' });
    const { items } = await audit.list({
      entityRef: 'component:default/payments-gateway',
      limit: 5,
    });
    expect(items.map(i => i.result)).toEqual(['failed', 'failed', 'denied']);
    expect(publish).not.toHaveBeenCalled();
  });

  it('still applies and answers the action when publishing fails, and logs why', async () => {
    publish.mockRejectedValueOnce(new Error('events bus unreachable'));
    const { record, app } = await scaleGateway(3);
    expect(record.result).toBe('succeeded');
    expect(app.spec.replicas).toBe(3);
    expect(
      (await clusters.get(CLUSTER).get('apps', NS, 'payments-gateway')).spec
        .replicas,
    ).toBe(3);
    expect(publish).toHaveBeenCalledTimes(1);
    expect(logger.warn).toHaveBeenCalledWith(
      expect.stringMatching(
        /scale sim-test\/team-payments\/payments-gateway .*events bus unreachable/,
      ),
    );
  });
});
