import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { operationsPlugin } from './plugin';

/**
 * `POST /alerts/active` in Backstage's test backend: the real plugin and router, Backstage's catalog mock (named
 * so), and a loopback stand-in for Alertmanager's API v2 answering hand-written alerts (not captured).
 */
const component = (name: string, annotations = {}): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name, namespace: 'default', annotations },
  spec: { owner: 'team-payments' },
});

const alert = (
  fingerprint: string,
  componentName: string,
  severity: string,
) => ({
  fingerprint,
  labels: {
    alertname: `Alert${fingerprint}`,
    component: componentName,
    severity,
  },
  annotations: { summary: `${componentName} is ${severity}` },
  startsAt: `2026-12-01T10:00:0${fingerprint.length % 10}.000Z`,
  status: { state: 'active', silencedBy: [] },
});

async function start(operations: object) {
  const backend = await startTestBackend({
    features: [
      operationsPlugin,
      catalogServiceMock.factory({
        entities: [
          component('payments-gateway'),
          component('ledger'),
          component('odd', { 'atrium.dev/alert-matchers': 'not a matcher' }),
        ],
      }),
      mockServices.rootConfig.factory({ data: { operations } }),
    ],
  });
  const base = `http://localhost:${
    (backend.server.address() as AddressInfo).port
  }/api/operations`;
  const post = async (body: unknown, valid = true) => {
    const res = await fetch(`${base}/alerts/active`, {
      method: 'POST',
      headers: {
        authorization: valid
          ? mockCredentials.user.header('user:default/a')
          : mockCredentials.user.invalidHeader(),
        'content-type': 'application/json',
      },
      body: JSON.stringify(body),
    });
    return { status: res.status, body: await res.json() };
  };
  return { backend, post };
}

describe('POST /alerts/active', () => {
  let alertmanager: http.Server;
  let url: string;
  let down = false;

  beforeAll(async () => {
    alertmanager = http.createServer((_req, res) => {
      if (down) {
        res.writeHead(500).end('boom');
        return;
      }
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify([
          alert('a1', 'payments-gateway', 'warning'),
          alert('b22', 'payments-gateway', 'critical'),
          alert('c3', 'fleet-api', 'critical'),
        ]),
      );
    });
    await new Promise<void>(r => alertmanager.listen(0, '127.0.0.1', r));
    url = `http://127.0.0.1:${(alertmanager.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise(r => alertmanager.close(r)));

  it('answers each entity’s firing alerts in the order asked, most severe first, null where not found', async () => {
    const { backend, post } = await start({
      alertmanager: { baseUrl: url },
      alerts: { pollSeconds: 3600 },
    });
    try {
      const { status, body } = await post({
        entityRefs: [
          'component:default/no-such',
          'Component:default/payments-gateway',
          'component:default/ledger',
          'component:default/odd',
        ],
      });
      expect(status).toBe(200);
      expect(body.configured).toBe(true);
      expect(body.items[0]).toBeNull();
      expect(body.items[1].entityRef).toBe(
        'component:default/payments-gateway',
      );
      expect(
        body.items[1].alerts.map((a: any) => [a.fingerprint, a.severity]),
      ).toEqual([
        ['b22', 'critical'],
        ['a1', 'warning'],
      ]);
      expect(body.items[2]).toEqual({
        entityRef: 'component:default/ledger',
        alerts: [],
      });
      expect(body.items[3]).toBeNull();

      down = true;
      const failing = await post({
        entityRefs: ['component:default/payments-gateway'],
      });
      expect(failing.status).toBe(503);
      expect(failing.body.error.message).toMatch(/Alertmanager at .* 500/);
    } finally {
      down = false;
      await backend.stop();
    }
  });

  it('refuses bad bodies with 400, and a bad token with 401', async () => {
    const { backend, post } = await start({
      alertmanager: { baseUrl: url },
      alerts: { pollSeconds: 3600 },
    });
    try {
      const many = Array.from(
        { length: 101 },
        (_, i) => `component:default/c${i}`,
      );
      for (const body of [
        {},
        { entityRefs: [] },
        { entityRefs: 'component:default/ledger' },
        { entityRefs: [42] },
        { entityRefs: ['ledger'] },
        { entityRefs: many },
      ]) {
        const res = await post(body);
        expect({
          body,
          status: res.status,
          error: res.body.error.name,
        }).toEqual({ body, status: 400, error: 'InputError' });
      }
      expect(
        (await post({ entityRefs: ['component:default/ledger'] }, false))
          .status,
      ).toBe(401);
    } finally {
      await backend.stop();
    }
  });

  it('says how to configure Alertmanager when it is not', async () => {
    const { backend, post } = await start({});
    try {
      const { status, body } = await post({
        entityRefs: ['component:default/ledger'],
      });
      expect(status).toBe(200);
      expect(body).toEqual({
        configured: false,
        howTo: expect.stringContaining('operations.alertmanager.baseUrl'),
      });
    } finally {
      await backend.stop();
    }
  });
});
