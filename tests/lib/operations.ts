/**
 * The operations suites' stack (operations.test.ts, operations-metrics.test.ts): Debian's real Prometheus
 * (scraping a small exporter in this process with known values, and Atrium's own /api/operations/metrics) and
 * Debian's real Alertmanager (fed by Prometheus's alerting rule), each on a spare loopback port
 * (tests/lib/prometheus.ts), and a backend reading them with the demo catalog and one component of its own
 * whose annotations replace the defaults. Users sign in through the embedded OpenID provider.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before } from 'node:test';
import { signIn } from './auth.ts';
import { startBackend, waitForCatalog, type Backend } from './backend.ts';
import { demoCatalogWith, demoKindCounts } from './demo.ts';
import { freePort, sleep, waitFor } from './proc.ts';
import {
  EXPORTED,
  startAlertmanager,
  startExporter,
  startPrometheus,
  type MonitoringServer,
  type TestExporter,
} from './prometheus.ts';

export const GATEWAY =
  '/api/operations/entities/default/component/payments-gateway';
export const TRACKER =
  '/api/operations/entities/default/component/shipment-tracker';
/** A test component whose annotations replace the defaults (TUNED_ENTITY). */
export const TUNED =
  '/api/operations/entities/default/component/payments-gateway-tuned';
const DASHBOARD =
  'https://grafana.larkspur.example/d/svc?var-name={{name}}&from={{from}}&to={{to}}';
export const RATE_WINDOW_SECONDS = 10;

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

/** Whether `actual` is within `tolerance` (a fraction) of `expected`. */
export const within = (
  actual: number | null,
  expected: number,
  tolerance = 0.02,
) =>
  actual !== null &&
  Math.abs(actual - expected) <= Math.abs(expected) * tolerance;

/** One audit event of the operations plugin, as the backend logged it. */
export interface AuditEvent {
  isAuditEvent: any;
  status: any;
  severityLevel: any;
  actor: any;
  meta: any;
}

/** An operations suite's stack and helpers; use them in tests (the stack starts in the suite's `before`). */
export interface OperationsSuite {
  readonly exporter: TestExporter;
  readonly alertmanager: MonitoringServer;
  readonly prometheus: MonitoringServer;
  /** The backend; a test may stop it and start another in its place (the suite stops the last). */
  backend: Backend;
  /** Tokens of alice.nakamura, bob.okafor and ravi.subramanian, by user name. */
  readonly tokens: Record<string, string>;
  /** GET as `user` (anonymous when undefined), or POST `body` when there is one. */
  call(
    user: string | undefined,
    path: string,
    body?: unknown,
  ): Promise<{ status: number; body: any }>;
  /** A GET of Alertmanager's own API. */
  am(path: string): Promise<any>;
  /**
   * The auditor's events of the operations plugin in the backend's log. Outside production the root logger
   * writes `message key=<JSON> key=<JSON>` (with colours); each field's value is read as JSON.
   */
  auditEvents(): AuditEvent[];
  /** The backend's log, without its terminal colour codes. */
  logText(): string;
  /** A counter of the operations plugin's own /metrics (its series with exactly these labels), 0 when absent. */
  selfMetric(name: string, labels?: Record<string, string>): Promise<number>;
  /** A window fully inside what Prometheus scraped, so that every point's rate window is covered. */
  scrapedWindow(): Promise<{ start: number; end: number; step: number }>;
}

/**
 * Registers the suite's `before` (start the stack; `name` names its backend) and `after` (stop it): call it
 * inside the suite's `describe`.
 */
export function useOperationsSuite(name: string): OperationsSuite {
  let exporter: TestExporter | undefined;
  let alertmanager: MonitoringServer | undefined;
  let prometheus: MonitoringServer | undefined;
  let backend: Backend | undefined;
  let dir: string | undefined;
  const tokens: Record<string, string> = {};

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), `atrium-${name}-test-`));
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
          // The new-service funnel's first alert rules, looked for every second here (default 5 minutes).
          funnel: { firstAlertRuleSeconds: 1 },
        },
        ...demoCatalogWith([{ target: tuned, allow: ['Component'] }]),
      }),
    );
    backend = await startBackend({ name, configs: [config], port });
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
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const started = <T>(what: string, value: T | undefined): T => {
    assert.ok(value, `${what} is running`);
    return value;
  };

  return {
    get exporter() {
      return started('the exporter', exporter);
    },
    get alertmanager() {
      return started('Alertmanager', alertmanager);
    },
    get prometheus() {
      return started('Prometheus', prometheus);
    },
    get backend() {
      return started('the backend', backend);
    },
    set backend(value: Backend) {
      backend = value;
    },
    tokens,
    call: async (user, path, body) => {
      const headers: Record<string, string> = {};
      if (user) headers.authorization = `Bearer ${tokens[user]}`;
      if (body !== undefined) headers['content-type'] = 'application/json';
      const res = await fetch(
        `${started('the backend', backend).baseUrl}${path}`,
        {
          method: body === undefined ? 'GET' : 'POST',
          headers,
          body: body === undefined ? undefined : JSON.stringify(body),
        },
      );
      const text = await res.text();
      let parsed: unknown = text;
      try {
        parsed = JSON.parse(text);
      } catch {
        /* not JSON */
      }
      return { status: res.status, body: parsed };
    },
    am: async path =>
      (
        await fetch(`${started('Alertmanager', alertmanager).url}${path}`)
      ).json(),
    logText: () => logText(started('the backend', backend).process.output()),
    selfMetric: async (metric, labels = {}) => {
      const res = await fetch(
        `${started('the backend', backend).baseUrl}/api/operations/metrics`,
      );
      assert.equal(res.status, 200);
      const want = { component: 'atrium', ...labels };
      for (const line of (await res.text()).split('\n')) {
        const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
        if (!m || m[1] !== metric) continue;
        const have = Object.fromEntries(
          [...(m[2] ?? '').matchAll(/(\w+)="([^"]*)"/g)].map(l => [l[1], l[2]]),
        );
        if (JSON.stringify(sorted(have)) === JSON.stringify(sorted(want))) {
          return Number(m[3]);
        }
      }
      return 0;
    },
    auditEvents: () =>
      logText(started('the backend', backend).process.output())
        .split('\n')
        .filter(l => l.includes(' operations.alert-silence '))
        .map(l => ({
          isAuditEvent: logField(l, 'isAuditEvent'),
          status: logField(l, 'status'),
          severityLevel: logField(l, 'severityLevel'),
          actor: logField(l, 'actor'),
          meta: logField(l, 'meta'),
        }))
        .filter(e => e.isAuditEvent === true),
    scrapedWindow: async () => {
      const source = started('the exporter', exporter);
      const first = await waitFor(
        'Prometheus to scrape the exporter',
        async () => source.firstScrapeAt(),
      );
      const ready = first + (2 * RATE_WINDOW_SECONDS + 6) * 1000;
      if (Date.now() < ready) await sleep(Math.min(40_000, ready - Date.now()));
      const end = Math.floor(Date.now() / 1000) - 2;
      return { start: end - 10, end, step: 2 };
    },
  };
}

/** A log's text without the terminal colour codes the root logger writes outside production. */
function logText(output: string): string {
  // eslint-disable-next-line no-control-regex -- the terminal colour codes in the log
  return output.replace(/\x1b\[[0-9;]*m/g, '');
}

function sorted(o: Record<string, string>) {
  return Object.fromEntries(
    Object.entries(o).sort(([a], [b]) => a.localeCompare(b)),
  );
}

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
