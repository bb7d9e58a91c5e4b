/**
 * Operations' metrics, end to end: Atrium's backend reads Debian's real Prometheus, which scrapes a small
 * exporter in this process with known values and Atrium's own /api/operations/metrics (the stack:
 * tests/lib/operations.ts). Alerts and silences are in operations.test.ts.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { METRIC_KINDS } from '../plugins/operations-common/src/api.ts';
import { waitFor } from './lib/proc.ts';
import { EXPORTED } from './lib/prometheus.ts';
import {
  GATEWAY,
  RATE_WINDOW_SECONDS,
  TUNED,
  useOperationsSuite,
  within,
} from './lib/operations.ts';

describe('operations: metrics from Prometheus, alerts from Alertmanager, silences by owners', () => {
  const suite = useOperationsSuite('operations-metrics');
  const { call, scrapedWindow } = suite;
  /** `path`'s metrics as Bob, over a window fully inside what Prometheus scraped. */
  const scrapedMetrics = async (path: string) => {
    const w = await scrapedWindow();
    const { status, body } = await call(
      'bob.okafor',
      `${path}/metrics?start=${w.start}&end=${w.end}&step=${w.step}`,
    );
    return { w, status, body };
  };

  test("charts payments-gateway's metrics with the exporter's values", async () => {
    const { w, status, body } = await scrapedMetrics(GATEWAY);
    assert.equal(status, 200, JSON.stringify(body));
    assert.equal(body.configured, true);
    assert.equal(body.entityRef, 'component:default/payments-gateway');
    assert.equal(body.selector, 'component="payments-gateway"');
    assert.deepEqual(
      [body.start, body.end, body.step],
      [w.start, w.end, w.step],
    );
    assert.equal(
      body.dashboardUrl,
      `https://grafana.larkspur.example/d/svc?var-name=payments-gateway&from=${
        w.start * 1000
      }&to=${w.end * 1000}`,
    );
    const byMetric = Object.fromEntries(
      body.metrics.map((m: any) => [m.metric, m]),
    );
    assert.deepEqual(Object.keys(byMetric), METRIC_KINDS);
    for (const m of body.metrics) {
      assert.equal(m.ok, true, JSON.stringify(m));
      assert.deepEqual(
        m.points.map((p: [number, number]) => p[0]),
        [0, 1, 2, 3, 4, 5].map(i => w.start + i * w.step),
        m.metric,
      );
    }
    // A gauge comes back exactly.
    assert.deepEqual(
      byMetric.memory.points.map((p: any) => p[1]),
      Array(6).fill(EXPORTED.memoryBytes),
    );
    assert.equal(byMetric.memory.unit, 'bytes');
    // Counters: the rates at which the exporter increases them.
    const expected: Record<string, number> = {
      requestRate: EXPORTED.okPerSecond + EXPORTED.errorsPerSecond,
      errorRate:
        EXPORTED.errorsPerSecond /
        (EXPORTED.okPerSecond + EXPORTED.errorsPerSecond),
      latencyP50: EXPORTED.p50,
      latencyP95: EXPORTED.p95,
      latencyP99: EXPORTED.p99,
      cpu: EXPORTED.cpuCores,
    };
    for (const [metric, value] of Object.entries(expected)) {
      for (const [, v] of byMetric[metric].points) {
        assert.ok(within(v, value), `${metric}: ${v}, expected ${value}`);
      }
    }
    assert.equal(
      byMetric.requestRate.query,
      `sum(rate(http_requests_total{component="payments-gateway"}[${RATE_WINDOW_SECONDS}s]))`,
    );

    // A preset range: its step is chosen to keep the series short.
    const preset = await call('bob.okafor', `${GATEWAY}/metrics?range=6h`);
    assert.equal(preset.status, 200);
    assert.equal(preset.body.step, 60);
    assert.equal(preset.body.end - preset.body.start, 6 * 3600);
    assert.ok(
      preset.body.metrics.every((m: any) => m.ok && m.points.length <= 400),
    );
  });

  test('annotations replace the selector and single queries; a failing query is reported alone', async () => {
    const { status, body } = await scrapedMetrics(TUNED);
    assert.equal(status, 200, JSON.stringify(body));
    assert.equal(body.selector, 'component="payments-gateway"');
    const byMetric = Object.fromEntries(
      body.metrics.map((m: any) => [m.metric, m]),
    );
    assert.deepEqual(
      byMetric.memory.points.map((p: any) => p[1]),
      Array(6).fill(EXPORTED.memoryBytes / 2),
    );
    assert.equal(byMetric.cpu.ok, false);
    assert.equal(byMetric.cpu.reason, 'BadQuery');
    assert.match(byMetric.cpu.message, /parse error/);
    assert.ok(within(byMetric.requestRate.points[0][1], 10));
  });

  test('refuses bad input, unknown entities and anonymous callers', async () => {
    assert.equal(
      (await call('bob.okafor', `${GATEWAY}/metrics?range=2h`)).status,
      400,
    );
    assert.equal(
      (await call('bob.okafor', `${GATEWAY}/metrics?start=100&end=50`)).status,
      400,
    );
    const missing = await call(
      'bob.okafor',
      '/api/operations/entities/default/component/no-such-service/metrics',
    );
    assert.equal(missing.status, 404);
    assert.equal((await call(undefined, `${GATEWAY}/metrics`)).status, 401);
    assert.equal((await call(undefined, `${GATEWAY}/alerts`)).status, 401);
  });

  test("serves Atrium's own metrics to Prometheus without a token, and charts Atrium from them", async () => {
    const res = await fetch(`${suite.backend.baseUrl}/api/operations/metrics`);
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type') ?? '', /^text\/plain/);
    const text = await res.text();
    assert.match(text, /^http_requests_total\{.*component="atrium".*\} \d+/m);
    assert.match(text, /^http_request_duration_seconds_bucket\{/m);
    assert.match(
      text,
      /^process_cpu_user_seconds_total\{component="atrium"\}/m,
    );
    // Requests of other plugins are counted too (the root router's middleware), e.g. this 401.
    await call(undefined, '/api/catalog/entities');
    const later = await (
      await fetch(`${suite.backend.baseUrl}/api/operations/metrics`)
    ).text();
    assert.match(
      later,
      /^http_requests_total\{method="GET",code="401",component="atrium"\} [1-9]/m,
    );

    // Prometheus scrapes Atrium every second: Atrium's own component charts its request rate.
    const rate = await waitFor(
      "Atrium's request rate from Prometheus",
      async () => {
        const { body } = await call(
          'bob.okafor',
          '/api/operations/entities/default/component/atrium/metrics',
        );
        const m = body.metrics.find((x: any) => x.metric === 'requestRate');
        const last = m.points.at(-1)?.[1];
        return last > 0 ? last : undefined;
      },
      { timeoutMs: 30_000, intervalMs: 1000 },
    );
    assert.ok(rate > 0);
  });
});
