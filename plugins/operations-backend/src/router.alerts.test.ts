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
          component('any-case', {
            'atrium.dev/alert-matchers': 'component=~"(?i)PAYMENTS-GATEWAY"',
          }),
          component('catastrophic', {
            'atrium.dev/alert-matchers': 'component=~"(a+)+$"',
          }),
          // As written in YAML: component=~"(a)\\1", a backreference.
          component('backreference', {
            'atrium.dev/alert-matchers': 'component=~"(a)\\\\1"',
          }),
          component('lookahead', {
            'atrium.dev/alert-matchers': 'component=~"(?=p)p.*"',
          }),
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
  const alertsOf = async (name: string) => {
    const res = await fetch(
      `${base}/entities/default/component/${name}/alerts`,
      { headers: { authorization: mockCredentials.user.header() } },
    );
    return { status: res.status, body: await res.json() };
  };
  return { backend, post, alertsOf };
}

/** A label value on which a backtracking engine takes seconds to refuse `(a+)+$` (RE2: microseconds). */
const CATASTROPHIC_VALUE = `${'a'.repeat(26)}b`;

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
          alert('d4', CATASTROPHIC_VALUE, 'warning'),
          alert('e5', 'aaaa', 'info'),
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

  it('GET alerts matches with RE2, as Alertmanager: (?i) works, and a catastrophic pattern answers at once', async () => {
    const { backend, alertsOf } = await start({
      alertmanager: { baseUrl: url },
      alerts: { pollSeconds: 3600 },
    });
    try {
      const anyCase = await alertsOf('any-case');
      expect(anyCase.status).toBe(200);
      expect(anyCase.body.active.map((a: any) => a.fingerprint)).toEqual([
        'b22',
        'a1',
      ]);

      const started = performance.now();
      const catastrophic = await alertsOf('catastrophic');
      expect(performance.now() - started).toBeLessThan(2000);
      expect(catastrophic.status).toBe(200);
      expect(catastrophic.body.active.map((a: any) => a.fingerprint)).toEqual([
        'e5',
      ]);
    } finally {
      await backend.stop();
    }
  });

  it('GET alerts answers 400 naming the matcher RE2 refuses (backreference, lookahead); the batch read skips only that entity', async () => {
    const { backend, post, alertsOf } = await start({
      alertmanager: { baseUrl: url },
      alerts: { pollSeconds: 3600 },
    });
    try {
      const backreference = await alertsOf('backreference');
      expect(backreference.status).toBe(400);
      expect(backreference.body.error).toEqual(
        expect.objectContaining({
          name: 'InputError',
          message:
            'atrium.dev/alert-matchers of backreference: component=~"(a)\\\\1": invalid regular expression: invalid escape sequence: `\\1`',
        }),
      );
      const lookahead = await alertsOf('lookahead');
      expect(lookahead.status).toBe(400);
      expect(lookahead.body.error.message).toMatch(
        /^atrium\.dev\/alert-matchers of lookahead: component=~"\(\?=p\)p\.\*": invalid regular expression: invalid or unsupported Perl syntax/,
      );

      const batch = await post({
        entityRefs: [
          'component:default/backreference',
          'component:default/payments-gateway',
        ],
      });
      expect(batch.status).toBe(200);
      expect(batch.body.items[0]).toBeNull();
      expect(batch.body.items[1].alerts.map((a: any) => a.fingerprint)).toEqual(
        ['b22', 'a1'],
      );
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
