/**
 * Operations, end to end: Atrium's backend reads Debian's real Prometheus (scraping a small exporter in this
 * process with known values, and Atrium's own /api/operations/metrics) and Debian's real Alertmanager (fed by
 * Prometheus's alerting rule), each on a spare loopback port (tests/lib/prometheus.ts). Users sign in through
 * the embedded OpenID provider.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { signIn } from './lib/auth.ts';
import { startBackend, waitForCatalog, type Backend } from './lib/backend.ts';
import { demoCatalogWith, demoKindCounts } from './lib/demo.ts';
import { freePort, sleep, waitFor } from './lib/proc.ts';
import {
  EXPORTED,
  startAlertmanager,
  startExporter,
  startPrometheus,
  type MonitoringServer,
  type TestExporter,
} from './lib/prometheus.ts';

const GATEWAY = '/api/operations/entities/default/component/payments-gateway';
const TRACKER = '/api/operations/entities/default/component/shipment-tracker';
/** A test component whose annotations replace the defaults (written below). */
const TUNED =
  '/api/operations/entities/default/component/payments-gateway-tuned';
const DASHBOARD =
  'https://grafana.larkspur.example/d/svc?var-name={{name}}&from={{from}}&to={{to}}';
const RATE_WINDOW_SECONDS = 10;

const TUNED_ENTITY = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'payments-gateway-tuned',
    description: "payments-gateway's metrics and alerts through annotations",
    annotations: {
      'atrium.dev/prometheus-selector': '{component="payments-gateway"}',
      // Half the memory, so the override is visible; CPU as a broken query, reported alone.
      'atrium.dev/promql-memory':
        'sum(container_memory_working_set_bytes{$selector}) / 2',
      'atrium.dev/promql-cpu': 'sum(rate(container_cpu_usage_seconds_total{',
      'atrium.dev/alert-matchers': `alertname="${EXPORTED.alertName}", severity=~"critical|page"`,
    },
  },
  spec: { type: 'service', lifecycle: 'experimental', owner: 'team-payments' },
};

const within = (actual: number | null, expected: number, tolerance = 0.02) =>
  actual !== null &&
  Math.abs(actual - expected) <= Math.abs(expected) * tolerance;

describe('operations: metrics from Prometheus, alerts from Alertmanager, silences by owners', () => {
  let exporter: TestExporter;
  let alertmanager: MonitoringServer;
  let prometheus: MonitoringServer;
  let backend: Backend | undefined;
  let dir: string;
  const tokens: Record<string, string> = {};

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'atrium-operations-test-'));
    exporter = await startExporter();
    alertmanager = await startAlertmanager();
    const port = await freePort();
    prometheus = await startPrometheus({
      targets: [
        { job: 'exporter', address: `127.0.0.1:${exporter.port}` },
        // Atrium itself, once it is up.
        {
          job: 'atrium',
          address: `127.0.0.1:${port}`,
          metricsPath: '/api/operations/metrics',
        },
      ],
      alertmanagerPort: alertmanager.port,
    });
    const tuned = join(dir, 'tuned.yaml');
    writeFileSync(tuned, JSON.stringify(TUNED_ENTITY));
    const config = join(dir, 'app-config.operations-test.yaml');
    writeFileSync(
      config,
      JSON.stringify({
        operations: {
          prometheus: {
            baseUrl: prometheus.url,
            timeoutMs: 3000,
            rateWindow: `${RATE_WINDOW_SECONDS}s`,
          },
          alertmanager: { baseUrl: alertmanager.url, timeoutMs: 3000 },
          dashboards: { urlTemplate: DASHBOARD },
          alerts: { pollSeconds: 1 },
        },
        ...demoCatalogWith([{ target: tuned, allow: ['Component'] }]),
      }),
    );
    backend = await startBackend({
      name: 'operations',
      configs: [config],
      port,
    });
    const counts = demoKindCounts();
    await waitForCatalog(backend.baseUrl, backend.serviceToken, {
      ...counts,
      Component: counts.Component + 1,
    });
    for (const user of ['alice.nakamura', 'bob.okafor', 'ravi.subramanian']) {
      tokens[user] = (await signIn(backend.baseUrl, user)).token;
    }
  });

  after(async () => {
    await backend?.stop();
    await Promise.all([
      prometheus?.remove(),
      alertmanager?.remove(),
      exporter?.stop(),
    ]);
    rmSync(dir, { recursive: true, force: true });
  });

  const call = async (
    user: string | undefined,
    path: string,
    body?: unknown,
  ): Promise<{ status: number; body: any }> => {
    const headers: Record<string, string> = {};
    if (user) headers.authorization = `Bearer ${tokens[user]}`;
    if (body !== undefined) headers['content-type'] = 'application/json';
    const res = await fetch(`${backend!.baseUrl}${path}`, {
      method: body === undefined ? 'GET' : 'POST',
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = JSON.parse(text);
    } catch {
      /* not JSON */
    }
    return { status: res.status, body: parsed };
  };
  const am = async (path: string) =>
    (await fetch(`${alertmanager.url}${path}`)).json() as Promise<any>;

  /**
   * The auditor's events of the operations plugin in the backend's log. Outside production the root logger
   * writes `message key=<JSON> key=<JSON>` (with colours); each field's value is read as JSON.
   */
  const auditEvents = () =>
    readFileSync(backend!.process.logFile, 'utf8')
      // eslint-disable-next-line no-control-regex -- the terminal colour codes in the log
      .replace(/\x1b\[[0-9;]*m/g, '')
      .split('\n')
      .filter(l => l.includes(' operations.alert-silence '))
      .map(l => ({
        isAuditEvent: logField(l, 'isAuditEvent'),
        status: logField(l, 'status'),
        severityLevel: logField(l, 'severityLevel'),
        actor: logField(l, 'actor'),
        meta: logField(l, 'meta'),
      }))
      .filter(e => e.isAuditEvent === true);

  /** A window fully inside what Prometheus scraped, so that every point's rate window is covered. */
  const scrapedWindow = async () => {
    const first = await waitFor('Prometheus to scrape the exporter', async () =>
      exporter.firstScrapeAt(),
    );
    const ready = first + (2 * RATE_WINDOW_SECONDS + 6) * 1000;
    if (Date.now() < ready) await sleep(Math.min(40_000, ready - Date.now()));
    const end = Math.floor(Date.now() / 1000) - 2;
    return { start: end - 10, end, step: 2 };
  };

  let fingerprint = '';

  test("charts payments-gateway's metrics with the exporter's values", async () => {
    const w = await scrapedWindow();
    const { status, body } = await call(
      'bob.okafor',
      `${GATEWAY}/metrics?start=${w.start}&end=${w.end}&step=${w.step}`,
    );
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
    assert.deepEqual(Object.keys(byMetric), [
      'requestRate',
      'errorRate',
      'latencyP50',
      'latencyP95',
      'latencyP99',
      'cpu',
      'memory',
    ]);
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
    const w = await scrapedWindow();
    const { status, body } = await call(
      'bob.okafor',
      `${TUNED}/metrics?start=${w.start}&end=${w.end}&step=${w.step}`,
    );
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

  test("shows the firing rule as payments-gateway's alert, and records that it fired", async () => {
    const alert = await waitFor(
      "the rule's alert on payments-gateway",
      async () => {
        const { status, body } = await call('bob.okafor', `${GATEWAY}/alerts`);
        assert.equal(status, 200, JSON.stringify(body));
        return body.active.find((a: any) => a.name === EXPORTED.alertName);
      },
      { timeoutMs: 30_000 },
    );
    fingerprint = alert.fingerprint;
    assert.equal(alert.state, 'active');
    assert.equal(alert.severity, 'critical');
    assert.equal(alert.summary, EXPORTED.alertSummary);
    assert.equal(alert.labels.component, 'payments-gateway');
    assert.deepEqual(alert.silencedBy, []);
    assert.ok(!Number.isNaN(Date.parse(alert.startsAt)));

    const { body } = await call('bob.okafor', `${GATEWAY}/alerts`);
    assert.deepEqual(body.matchers, [
      {
        name: 'component',
        value: 'payments-gateway',
        isRegex: false,
        isEqual: true,
      },
    ]);
    // Another team's component has none; the annotated one finds it by its matchers.
    assert.deepEqual(
      (await call('bob.okafor', `${TRACKER}/alerts`)).body.active,
      [],
    );
    const tuned = await call('bob.okafor', `${TUNED}/alerts`);
    assert.deepEqual(
      tuned.body.active.map((a: any) => a.fingerprint),
      [fingerprint],
    );

    // The poll (every second here) recorded it.
    const events = await waitFor(
      'the fired event',
      async () => {
        const { body: b } = await call('bob.okafor', `${GATEWAY}/alert-events`);
        return b.items.some((e: any) => e.fingerprint === fingerprint)
          ? b.items
          : undefined;
      },
      { timeoutMs: 20_000 },
    );
    assert.deepEqual(
      events
        .filter((e: any) => e.fingerprint === fingerprint)
        .map((e: any) => e.type),
      ['fired'],
    );
  });

  test("the owner's Home shows it among her open alerts, through the gateway; another team's does not", async () => {
    assert.ok(fingerprint, 'the alert fired');
    const openAlerts = async (user: string) => {
      const { status, body } = await call(user, '/api/graphql', {
        query: `{ viewer { openAlerts { configured howTo items {
          fingerprint name severity summary silenced startsAt
          entity { ref name title }
        } } } }`,
      });
      assert.equal(status, 200, JSON.stringify(body));
      assert.equal(body.errors, undefined, JSON.stringify(body.errors));
      return body.data.viewer.openAlerts;
    };

    // alice.nakamura is in team-payments, which owns payments-gateway (and the tuned test component, whose
    // matchers select the same alert).
    const alice = await openAlerts('alice.nakamura');
    assert.equal(alice.configured, true);
    assert.equal(alice.howTo, null);
    const onGateway = alice.items.filter(
      (a: any) => a.entity.ref === 'component:default/payments-gateway',
    );
    assert.deepEqual(onGateway, [
      {
        fingerprint,
        name: EXPORTED.alertName,
        severity: 'critical',
        summary: EXPORTED.alertSummary,
        silenced: false,
        startsAt: onGateway[0]?.startsAt,
        entity: {
          ref: 'component:default/payments-gateway',
          name: 'payments-gateway',
          title: 'Payments Gateway',
        },
      },
    ]);
    assert.ok(!Number.isNaN(Date.parse(onGateway[0].startsAt)));
    assert.deepEqual(
      alice.items
        .filter(
          (a: any) => a.entity.ref !== 'component:default/payments-gateway',
        )
        .map((a: any) => [a.entity.name, a.fingerprint]),
      [['payments-gateway-tuned', fingerprint]],
    );

    // bob.okafor is in team-fleet: the alert is not on any of his services.
    const bob = await openAlerts('bob.okafor');
    assert.equal(bob.configured, true);
    assert.equal(
      bob.items.some((a: any) => a.fingerprint === fingerprint),
      false,
      JSON.stringify(bob.items),
    );
  });

  test('an owner silences the alert: in Alertmanager with her as creator, audited, and the alert shows silenced', async () => {
    assert.ok(fingerprint, 'the alert fired');
    const requestedAt = Date.now();
    const { status, body } = await call(
      'alice.nakamura',
      `${GATEWAY}/silences`,
      {
        fingerprint,
        durationMinutes: 30,
        comment: 'Rolling back the release that broke card captures',
      },
    );
    assert.equal(status, 201, JSON.stringify(body));
    const id = body.silence.id;
    assert.ok(id);

    const silence = await am(`/api/v2/silence/${id}`);
    assert.equal(silence.createdBy, 'user:default/alice.nakamura');
    assert.equal(
      silence.comment,
      'Rolling back the release that broke card captures',
    );
    assert.equal(silence.status.state, 'active');
    const minutes =
      (Date.parse(silence.endsAt) - Date.parse(silence.startsAt)) / 60_000;
    assert.ok(Math.abs(minutes - 30) < 0.1, `${minutes} minutes`);
    assert.ok(Date.parse(silence.startsAt) >= requestedAt - 5000);
    // Exactly the alert's labels.
    const alert = (await am('/api/v2/alerts')).find(
      (a: any) => a.fingerprint === fingerprint,
    );
    assert.deepEqual(
      Object.fromEntries(
        silence.matchers.map((m: any) => {
          assert.equal(m.isRegex, false);
          assert.equal(m.isEqual, true);
          return [m.name, m.value];
        }),
      ),
      alert.labels,
    );

    const audited = await waitFor(
      'the audit of the silence',
      async () =>
        auditEvents().find(
          e => e.status === 'succeeded' && e.meta?.silenceId === id,
        ),
      { timeoutMs: 15_000 },
    );
    assert.equal(audited.actor.actorId, 'user:default/alice.nakamura');
    assert.equal(audited.meta.entityRef, 'component:default/payments-gateway');
    assert.equal(audited.meta.fingerprint, fingerprint);
    assert.equal(audited.severityLevel, 'medium');

    const silenced = await waitFor('the alert to show silenced', async () => {
      const { body: b } = await call('bob.okafor', `${GATEWAY}/alerts`);
      const a = b.active.find((x: any) => x.fingerprint === fingerprint);
      return a?.state === 'suppressed' ? a : undefined;
    });
    assert.deepEqual(silenced.silencedBy, [id]);
  });

  test('another team may not silence: 403, nothing in Alertmanager, and the refusal is audited', async () => {
    const count = async () => (await am('/api/v2/silences')).length;
    const countBefore = await count();
    const { status, body } = await call('bob.okafor', `${GATEWAY}/silences`, {
      fingerprint,
      durationMinutes: 30,
      comment: 'not mine',
    });
    assert.equal(status, 403, JSON.stringify(body));
    assert.equal(body.error.name, 'NotAllowedError');
    assert.equal(await count(), countBefore);
    await waitFor(
      'the audit of the refusal',
      async () =>
        auditEvents().find(
          e =>
            e.status === 'failed' &&
            e.actor?.actorId === 'user:default/bob.okafor' &&
            e.meta?.fingerprint === fingerprint,
        ),
      { timeoutMs: 15_000 },
    );

    // A platform admin may, and matchers of their own are narrowed to the component.
    const admin = await call('ravi.subramanian', `${GATEWAY}/silences`, {
      matchers: [
        { name: 'alertname', value: EXPORTED.alertName, isRegex: false },
      ],
      durationMinutes: 5,
      comment: 'Admin on call',
    });
    assert.equal(admin.status, 201, JSON.stringify(admin.body));
    const made = await am(`/api/v2/silence/${admin.body.silence.id}`);
    assert.equal(made.createdBy, 'user:default/ravi.subramanian');
    assert.deepEqual(
      made.matchers.map((m: any) => `${m.name}=${m.value}`).sort(),
      [`alertname=${EXPORTED.alertName}`, 'component=payments-gateway'],
    );
    assert.equal(await count(), countBefore + 1);
  });

  test('refuses bad silences with 400, and an alert of another component with 404', async () => {
    const bad = [
      { fingerprint, durationMinutes: 0, comment: 'x' },
      { fingerprint, durationMinutes: 10081, comment: 'x' },
      { fingerprint, durationMinutes: 5 },
      { durationMinutes: 5, comment: 'x' },
      { fingerprint, matchers: [], durationMinutes: 5, comment: 'x' },
      {
        matchers: [{ name: 'alertname', value: '.*', isRegex: true }],
        durationMinutes: 5,
        comment: 'x',
      },
    ];
    for (const body of bad) {
      const res = await call('alice.nakamura', `${GATEWAY}/silences`, body);
      assert.equal(
        res.status,
        400,
        `${JSON.stringify(body)}: ${JSON.stringify(res.body)}`,
      );
    }
    const other = await call('bob.okafor', `${TRACKER}/silences`, {
      fingerprint,
      durationMinutes: 5,
      comment: 'x',
    });
    assert.equal(other.status, 404, JSON.stringify(other.body));
  });

  test("serves Atrium's own metrics to Prometheus without a token, and charts Atrium from them", async () => {
    const res = await fetch(`${backend!.baseUrl}/api/operations/metrics`);
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
      await fetch(`${backend!.baseUrl}/api/operations/metrics`)
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

  test('records the alert resolving, and lists it as recently resolved', async () => {
    exporter.setFiring(false);
    const resolved = await waitFor(
      'the alert to resolve',
      async () => {
        const { body } = await call('bob.okafor', `${GATEWAY}/alerts`);
        if (body.active.some((a: any) => a.fingerprint === fingerprint))
          return undefined;
        return body.resolved.find((a: any) => a.fingerprint === fingerprint);
      },
      { timeoutMs: 45_000, intervalMs: 1000 },
    );
    assert.equal(resolved.state, 'resolved');
    assert.equal(resolved.name, EXPORTED.alertName);
    assert.ok(Date.parse(resolved.endsAt) > Date.parse(resolved.startsAt));
    const { body } = await call('bob.okafor', `${GATEWAY}/alert-events`);
    assert.deepEqual(
      body.items
        .filter((e: any) => e.fingerprint === fingerprint)
        .map((e: any) => e.type),
      ['fired', 'resolved'],
    );
  });

  test('Prometheus down: metrics answer 503 naming Prometheus; alerts still answer', async () => {
    await prometheus.stop();
    try {
      const { status, body } = await call('bob.okafor', `${GATEWAY}/metrics`);
      assert.equal(status, 503, JSON.stringify(body));
      assert.equal(body.error.name, 'ServiceUnavailableError');
      assert.match(
        body.error.message,
        new RegExp(`Prometheus at ${prometheus.url} is unreachable`),
      );
      assert.equal((await call('bob.okafor', `${GATEWAY}/alerts`)).status, 200);
    } finally {
      await prometheus.start();
    }
  });

  test("Alertmanager down: alerts, silences and Home's open alerts answer naming Alertmanager; metrics still answer", async () => {
    await alertmanager.stop();
    const alerts = await call('bob.okafor', `${GATEWAY}/alerts`);
    assert.equal(alerts.status, 503, JSON.stringify(alerts.body));
    assert.match(
      alerts.body.error.message,
      new RegExp(`Alertmanager at ${alertmanager.url} is unreachable`),
    );
    const silence = await call('alice.nakamura', `${GATEWAY}/silences`, {
      matchers: [{ name: 'alertname', value: 'X', isRegex: false }],
      durationMinutes: 5,
      comment: 'x',
    });
    assert.equal(silence.status, 503, JSON.stringify(silence.body));
    // Home's open alerts: the batch route answers 503 the same way, and the gateway names Alertmanager.
    const batch = await call(
      'alice.nakamura',
      '/api/operations/alerts/active',
      {
        entityRefs: ['component:default/payments-gateway'],
      },
    );
    assert.equal(batch.status, 503, JSON.stringify(batch.body));
    assert.match(batch.body.error.message, /Alertmanager at .* is unreachable/);
    const home = await call('alice.nakamura', '/api/graphql', {
      query: '{ viewer { openAlerts { configured items { name } } } }',
    });
    assert.equal(home.status, 200, JSON.stringify(home.body));
    assert.equal(home.body.data, null);
    assert.equal(
      home.body.errors[0].extensions.code,
      'ALERTMANAGER_UNAVAILABLE',
    );
    assert.match(
      home.body.errors[0].message,
      /Alertmanager at .* is unreachable/,
    );
    const metrics = await call('bob.okafor', `${GATEWAY}/metrics`);
    assert.equal(metrics.status, 200, JSON.stringify(metrics.body));
    assert.equal(metrics.body.configured, true);
  });

  test('without Prometheus and Alertmanager configured, the routes say how to configure them', async () => {
    await backend!.stop();
    backend = await startBackend({ name: 'operations-unconfigured' });
    await waitForCatalog(
      backend.baseUrl,
      backend.serviceToken,
      demoKindCounts(),
    );
    const token = (await signIn(backend.baseUrl, 'alice.nakamura')).token;
    tokens['alice.nakamura'] = token;
    const metrics = await call('alice.nakamura', `${GATEWAY}/metrics`);
    assert.equal(metrics.status, 200);
    assert.equal(metrics.body.configured, false);
    assert.equal(metrics.body.entityRef, 'component:default/payments-gateway');
    assert.match(metrics.body.howTo, /operations\.prometheus\.baseUrl/);
    const alerts = await call('alice.nakamura', `${GATEWAY}/alerts`);
    assert.equal(alerts.status, 200);
    assert.equal(alerts.body.configured, false);
    assert.match(alerts.body.howTo, /operations\.alertmanager\.baseUrl/);
    const silence = await call('alice.nakamura', `${GATEWAY}/silences`, {
      matchers: [{ name: 'alertname', value: 'X', isRegex: false }],
      durationMinutes: 5,
      comment: 'x',
    });
    assert.equal(silence.status, 503);
    assert.match(silence.body.error.message, /not configured/);
    // Home's open alerts say how, without an error.
    const home = await call('alice.nakamura', '/api/graphql', {
      query: '{ viewer { openAlerts { configured howTo items { name } } } }',
    });
    assert.equal(home.body.errors, undefined, JSON.stringify(home.body));
    assert.equal(home.body.data.viewer.openAlerts.configured, false);
    assert.match(
      home.body.data.viewer.openAlerts.howTo,
      /operations\.alertmanager\.baseUrl/,
    );
  });
});

/** The JSON value of ` key=<JSON>` in a log line, or undefined. */
function logField(line: string, key: string): any {
  const at = line.indexOf(` ${key}=`);
  if (at < 0) return undefined;
  const start = at + key.length + 2;
  let depth = 0;
  let inString = false;
  for (let i = start; i < line.length; i++) {
    const c = line[i];
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
    } else if (c === '"') {
      inString = true;
    } else if (c === '{' || c === '[') {
      depth++;
    } else if (c === '}' || c === ']') {
      depth--;
    }
    if (!inString && depth === 0 && (c === ' ' || i === line.length - 1)) {
      const end = c === ' ' ? i : i + 1;
      try {
        return JSON.parse(line.slice(start, end));
      } catch {
        return undefined;
      }
    }
  }
  return undefined;
}
