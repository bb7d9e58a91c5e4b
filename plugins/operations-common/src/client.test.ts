import { OperationsClient } from './client';
import { promqlAnnotation } from './annotations';
import { compareAlerts, METRIC_KINDS } from './api';

describe('OperationsClient', () => {
  const calls: Array<{ url: string; init: RequestInit }> = [];
  const client = new OperationsClient({
    discoveryApi: { getBaseUrl: async id => `http://atrium/api/${id}` },
    fetchApi: {
      fetch: (async (url: string, init: RequestInit) => {
        calls.push({ url, init });
        if (url.includes('missing')) {
          return new Response(
            JSON.stringify({
              error: { name: 'NotFoundError', message: 'No such entity' },
              response: { statusCode: 404 },
            }),
            { status: 404, headers: { 'content-type': 'application/json' } },
          );
        }
        return new Response('{"configured":false}', { status: 200 });
      }) as typeof fetch,
    },
  });
  const gateway = {
    namespace: 'default',
    kind: 'Component',
    name: 'payments-gateway',
  };

  beforeEach(() => (calls.length = 0));

  it('calls the routes with the query, the token and the body', async () => {
    await client.getMetrics(gateway, { range: '6h' }, { token: 't0k' });
    await client.getMetrics(gateway, { start: 10, end: 70, step: 5 });
    await client.getAlerts(gateway);
    await client.createSilence(gateway, {
      fingerprint: 'ab12',
      durationMinutes: 60,
      comment: 'deploying',
    });
    const base =
      'http://atrium/api/operations/entities/default/component/payments-gateway';
    expect(calls.map(c => `${c.init.method} ${c.url}`)).toEqual([
      `GET ${base}/metrics?range=6h`,
      `GET ${base}/metrics?start=10&end=70&step=5`,
      `GET ${base}/alerts`,
      `POST ${base}/silences`,
    ]);
    expect((calls[0].init.headers as any).authorization).toBe('Bearer t0k');
    expect(JSON.parse(calls[3].init.body as string)).toEqual({
      fingerprint: 'ab12',
      durationMinutes: 60,
      comment: 'deploying',
    });
  });

  it('asks for the active alerts of many entities in one POST, with the token', async () => {
    await client.getActiveAlerts(
      {
        entityRefs: [
          'component:default/payments-gateway',
          'component:default/ledger',
        ],
      },
      { token: 't0k' },
    );
    expect(calls.map(c => `${c.init.method} ${c.url}`)).toEqual([
      'POST http://atrium/api/operations/alerts/active',
    ]);
    expect(calls[0].init.headers).toEqual({
      authorization: 'Bearer t0k',
      'content-type': 'application/json',
    });
    expect(JSON.parse(calls[0].init.body as string)).toEqual({
      entityRefs: [
        'component:default/payments-gateway',
        'component:default/ledger',
      ],
    });
  });

  it('throws the backend error', async () => {
    await expect(
      client.getAlerts({ ...gateway, name: 'missing' }),
    ).rejects.toMatchObject({ name: 'ResponseError', statusCode: 404 });
  });
});

describe('compareAlerts', () => {
  it('puts the most severe first, unknown severities last, then the oldest', () => {
    const a = (severity: string, startsAt: string) => ({ severity, startsAt });
    expect(
      [
        a('page', '2026-12-01T09:00:00Z'),
        a('warning', '2026-12-01T10:00:00Z'),
        a('critical', '2026-12-01T11:00:00Z'),
        a('warning', '2026-12-01T08:00:00Z'),
      ].sort(compareAlerts),
    ).toEqual([
      a('critical', '2026-12-01T11:00:00Z'),
      a('warning', '2026-12-01T08:00:00Z'),
      a('warning', '2026-12-01T10:00:00Z'),
      a('page', '2026-12-01T09:00:00Z'),
    ]);
  });
});

describe('promqlAnnotation', () => {
  it('names each metric in kebab case', () => {
    expect(METRIC_KINDS.map(promqlAnnotation)).toEqual([
      'atrium.dev/promql-request-rate',
      'atrium.dev/promql-error-rate',
      'atrium.dev/promql-latency-p50',
      'atrium.dev/promql-latency-p95',
      'atrium.dev/promql-latency-p99',
      'atrium.dev/promql-cpu',
      'atrium.dev/promql-memory',
    ]);
  });
});
