import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { AlertEvent } from '@atrium/plugin-operations-common';
import { HttpOperationsService } from '@atrium/plugin-operations-node';
import { alertsSource } from './source';

const event = (
  id: number,
  type: 'fired' | 'resolved',
  at: string,
): AlertEvent => ({
  id,
  fingerprint: 'f1',
  name: 'HighErrorRate',
  severity: 'critical',
  type,
  occurredAt: at,
  summary: 'More than 5% of requests fail',
  labels: { alertname: 'HighErrorRate', component: 'payments-gateway' },
});

describe('the alerts source of the timeline', () => {
  const credentials = { principal: { userEntityRef: 'user:default/a' } } as any;
  const query = (from: string, to: string) => ({
    from: new Date(from),
    to: new Date(to),
    limit: 200,
    kinds: ['alert-firing', 'alert-resolved'] as any,
    credentials,
    entity: {} as any,
    signal: new AbortController().signal,
  });

  it("reads the component's alert events on the caller's behalf and tells firing from resolving", async () => {
    const calls: any[] = [];
    const source = alertsSource({
      operations: {
        getAlertEvents: async (entity, range, options) => {
          calls.push({ entity, range, onBehalfOf: options.credentials });
          return [
            event(1, 'fired', '2026-11-28T10:00:00Z'),
            event(2, 'resolved', '2026-11-28T10:20:00Z'),
          ];
        },
      },
    });
    const items = (await source.list(
      'component:default/payments-gateway',
      query('2026-11-21T00:00:00Z', '2026-11-28T12:00:00Z'),
    )) as any[];
    expect(calls).toEqual([
      {
        entity: {
          kind: 'component',
          namespace: 'default',
          name: 'payments-gateway',
        },
        range: {
          from: new Date('2026-11-21T00:00:00Z'),
          to: new Date('2026-11-28T12:00:00Z'),
        },
        onBehalfOf: credentials,
      },
    ]);
    expect(items).toEqual([
      {
        id: '1',
        kind: 'alert-firing',
        at: '2026-11-28T10:00:00Z',
        title: 'HighErrorRate (critical) fired',
        detail: 'More than 5% of requests fail',
      },
      {
        id: '2',
        kind: 'alert-resolved',
        at: '2026-11-28T10:20:00Z',
        title: 'HighErrorRate (critical) resolved',
        detail: 'More than 5% of requests fail',
      },
    ]);
  });

  it('reads at most the last 31 days of a longer range, and nothing for other kinds of entity', async () => {
    const ranges: any[] = [];
    const source = alertsSource({
      operations: {
        getAlertEvents: async (_e, range) => {
          ranges.push(range);
          return [];
        },
      },
    });
    await source.list(
      'component:default/x',
      query('2026-01-01T00:00:00Z', '2026-11-28T00:00:00Z'),
    );
    expect(ranges[0].from).toEqual(new Date('2026-10-28T00:00:00Z'));
    expect(
      await source.list(
        'group:default/team',
        query('2026-11-01T00:00:00Z', '2026-11-28T00:00:00Z'),
      ),
    ).toEqual([]);
    expect(ranges).toHaveLength(1);
  });

  it("fails with the operations plugin's reason, e.g. the component's matcher RE2 refuses, not only its status", async () => {
    const reason =
      'atrium.dev/alert-matchers of x: service=~"(a)\\\\1": invalid regular expression: invalid escape sequence: `\\1`';
    // A loopback stand-in answering as operations-backend does for a bad annotation: 400 with Backstage's error body.
    const server = http.createServer((req, res) => {
      res.writeHead(400, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({
          error: { name: 'InputError', message: reason },
          request: { method: req.method, url: req.url },
          response: { statusCode: 400 },
        }),
      );
    });
    await new Promise<void>(r => server.listen(0, '127.0.0.1', r));
    try {
      const port = (server.address() as AddressInfo).port;
      const source = alertsSource({
        operations: new HttpOperationsService(
          { getPluginRequestToken: async () => ({ token: 't' }) },
          { getBaseUrl: async () => `http://127.0.0.1:${port}` },
        ),
      });
      await expect(
        source.list(
          'component:default/x',
          query('2026-11-27T00:00:00Z', '2026-11-28T00:00:00Z'),
        ),
      ).rejects.toThrow(reason);
    } finally {
      await new Promise(r => server.close(r));
    }
  });
});
