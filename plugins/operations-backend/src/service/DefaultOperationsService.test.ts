import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { ConfigReader } from '@backstage/config';
import type {
  AlertmanagerClient,
  AmAlert,
} from '../alertmanager/AlertmanagerClient';
import type { AlertStore } from '../alerts/AlertStore';
import { readOperationsConfig } from '../config';
import { CallerCatalog } from '@atrium/plugin-catalog-reads-node';
import { parseSilenceRequest } from '../request/silenceRequest';
import { DefaultOperationsService } from './DefaultOperationsService';

const gateway: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'payments-gateway', namespace: 'default' },
  spec: { owner: 'team-payments' },
};
const firing = (fingerprint: string, component: string): AmAlert => ({
  fingerprint,
  labels: { alertname: 'HighErrorRate', component, severity: 'critical' },
  annotations: { summary: 'Errors above 5%' },
  startsAt: '2026-12-01T10:00:00.000Z',
  status: { state: 'active', silencedBy: [] },
});

function setup(allow: boolean, catalogTtlMs = 0) {
  const created: any[] = [];
  const alertmanager = {
    baseUrl: 'http://am',
    async alerts() {
      // Alertmanager's own filter is not trusted: the service checks the labels again.
      return [firing('aa01', 'payments-gateway'), firing('bb02', 'fleet-api')];
    },
    async createSilence(s: any) {
      created.push(s);
      return { silenceID: `silence-${created.length}` };
    },
  } as unknown as AlertmanagerClient;
  const permissions = mockServices.permissions.mock({
    authorize: async () => [
      { result: allow ? AuthorizeResult.ALLOW : AuthorizeResult.DENY },
    ],
  });
  const catalog = catalogServiceMock({ entities: [gateway] });
  const catalogReads = jest.spyOn(catalog, 'getEntitiesByRefs');
  const service = new DefaultOperationsService({
    config: readOperationsConfig(
      new ConfigReader({
        operations: { alertmanager: { baseUrl: 'http://am' } },
      }),
    ),
    catalog: new CallerCatalog(catalog, {
      auth: mockServices.auth(),
      userInfo: mockServices.userInfo(),
      ttlMs: catalogTtlMs,
    }),
    permissions,
    store: { events: async () => [] } as unknown as AlertStore,
    logger: mockServices.logger.mock(),
    alertmanager,
  });
  return { service, created, permissions, catalogReads };
}

const alice = mockCredentials.user('user:default/alice.nakamura');
const ref = {
  namespace: 'default',
  kind: 'component',
  name: 'payments-gateway',
};
const NOW = new Date('2026-12-01T12:00:00.000Z');

describe('silences', () => {
  it('silence exactly the labels of one of the component’s alerts, created by the user', async () => {
    const { service, created, permissions } = setup(true);
    const result = await service.silence(
      ref,
      parseSilenceRequest({
        fingerprint: 'aa01',
        durationMinutes: 90,
        comment: ' deploying a fix ',
      }),
      alice,
      NOW,
    );
    expect(result.entityRef).toBe('component:default/payments-gateway');
    expect(result.silence.id).toBe('silence-1');
    expect(created).toEqual([
      {
        matchers: [
          {
            name: 'alertname',
            value: 'HighErrorRate',
            isRegex: false,
            isEqual: true,
          },
          {
            name: 'component',
            value: 'payments-gateway',
            isRegex: false,
            isEqual: true,
          },
          {
            name: 'severity',
            value: 'critical',
            isRegex: false,
            isEqual: true,
          },
        ],
        startsAt: '2026-12-01T12:00:00.000Z',
        endsAt: '2026-12-01T13:30:00.000Z',
        createdBy: 'user:default/alice.nakamura',
        comment: 'deploying a fix',
      },
    ]);
    expect(permissions.authorize).toHaveBeenCalledWith(
      [
        {
          permission: expect.objectContaining({
            name: 'operations.alert.silence',
          }),
          resourceRef: 'component:default/payments-gateway',
        },
      ],
      { credentials: alice },
    );
  });

  it("always add the component's matchers to given ones, so a silence stays within the component", async () => {
    const { service, created } = setup(true);
    await service.silence(
      ref,
      parseSilenceRequest({
        matchers: [{ name: 'alertname', value: 'High.*', isRegex: true }],
        durationMinutes: 5,
        comment: 'noisy',
      }),
      alice,
    );
    expect(created[0].matchers).toEqual([
      { name: 'alertname', value: 'High.*', isRegex: true, isEqual: true },
      {
        name: 'component',
        value: 'payments-gateway',
        isRegex: false,
        isEqual: true,
      },
    ]);
  });

  it.each([
    {
      refusal: "refuse another component's alert by fingerprint",
      owner: true,
      entity: ref,
      fingerprint: 'bb02',
      error: { message: expect.stringMatching(/has no firing alert bb02/) },
    },
    {
      refusal: 'refuse non-owners before anything reaches Alertmanager',
      owner: false,
      entity: ref,
      fingerprint: 'aa01',
      error: { name: 'NotAllowedError' },
    },
    {
      refusal: 'answer 404 for an entity the caller cannot see',
      owner: true,
      entity: { ...ref, name: 'no-such-service' },
      fingerprint: 'aa01',
      error: { name: 'NotFoundError' },
    },
  ])('$refusal', async ({ owner, entity, fingerprint, error }) => {
    const { service, created } = setup(owner);
    await expect(
      service.silence(
        entity,
        parseSilenceRequest({ fingerprint, durationMinutes: 5, comment: 'x' }),
        alice,
      ),
    ).rejects.toMatchObject(error);
    expect(created).toEqual([]);
  });
});

describe('alert events', () => {
  it('answer 400, not 500, for a ref made of hostile path parameters (found by tests/fuzz.test.ts)', async () => {
    const { service } = setup(true);
    // What GET /entities/team-storefront/..%2f..%2fetc%2fpasswd/x/alert-events composed: a kind with slashes.
    for (const bad of [
      '../../etc/passwd:team-storefront/x',
      ':default/x',
      'component:/x',
      'component:default/',
      'a:b:c/d/e',
    ]) {
      await expect(
        service.alertEvents(bad, { from: NOW, to: NOW }, alice),
      ).rejects.toMatchObject({ name: 'InputError' });
    }
  });
});

describe('catalog reads', () => {
  it('read the component once per caller within operations.catalogTtlMs, yet ask afresh for a silence', async () => {
    const { service, catalogReads } = setup(true, 60_000);
    await service.alerts(ref, alice);
    await service.alerts(ref, alice);
    await service.activeAlerts(['component:default/payments-gateway'], alice);
    expect(catalogReads).toHaveBeenCalledTimes(1);

    // Another caller gets an answer of their own.
    await service.alerts(ref, mockCredentials.user('user:default/bob.okafor'));
    expect(catalogReads).toHaveBeenCalledTimes(2);

    // A write never rests on a kept answer.
    await service.silence(
      ref,
      parseSilenceRequest({
        fingerprint: 'aa01',
        durationMinutes: 5,
        comment: 'x',
      }),
      alice,
    );
    expect(catalogReads).toHaveBeenCalledTimes(3);
  });

  it('ask the catalog on every read with operations.catalogTtlMs 0', async () => {
    const { service, catalogReads } = setup(true, 0);
    await service.alerts(ref, alice);
    await service.alerts(ref, alice);
    expect(catalogReads).toHaveBeenCalledTimes(2);
  });
});
