import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { artifactDir } from './paths.ts';
import {
  freePort,
  startProcess,
  waitFor,
  type RunningProcess,
} from './proc.ts';

export const PROMETHEUS_BIN = '/usr/bin/prometheus';
export const ALERTMANAGER_BIN = '/usr/bin/prometheus-alertmanager';

/** How often the test Prometheus scrapes every target and evaluates its rules. */
const SCRAPE_INTERVAL_MS = 1000;
const SCRAPE_INTERVAL = `${SCRAPE_INTERVAL_MS / 1000}s`;

/** What the test exporter exposes for payments-gateway, per second of its uptime (counters) or flat (gauges). */
export const EXPORTED = {
  component: 'payments-gateway',
  /** Requests per second answered 200 and 500: a request rate of 10/s with 10% errors. */
  okPerSecond: 9,
  errorsPerSecond: 1,
  /**
   * Every second's 10 requests fall into the latency buckets so: 5 at or under 0.1 s, 4 more at or under
   * 0.25 s, 1 more at or under 0.5 s. Prometheus's linear interpolation within buckets then gives p50 = 0.1,
   * p95 = 0.375 and p99 = 0.475 seconds.
   */
  buckets: [
    ['0.05', 0],
    ['0.1', 5],
    ['0.25', 9],
    ['0.5', 10],
    ['+Inf', 10],
  ] as Array<[string, number]>,
  latencySumPerSecond: 1.6,
  p50: 0.1,
  p95: 0.375,
  p99: 0.475,
  /** CPU seconds per second: 0.25 cores. */
  cpuCores: 0.25,
  /** A gauge: 256 MiB. */
  memoryBytes: 268435456,
  alertName: 'PaymentsGatewayFailing',
  alertSummary: 'payments-gateway answers 500 to 10% of requests',
} as const;

/**
 * A small exporter on loopback, in this process, exposing payments-gateway's metrics with known values, and a
 * gauge `atrium_test_alert_trigger` that makes the test rule fire while it is 1.
 */
export interface TestExporter {
  url: string;
  port: number;
  /** When Prometheus first scraped it (ms), once it has. */
  firstScrapeAt(): number | undefined;
  setFiring(firing: boolean): void;
  stop(): Promise<void>;
}

export async function startExporter(): Promise<TestExporter> {
  const started = Date.now();
  let firstScrape: number | undefined;
  let firing = true;
  const c = `component="${EXPORTED.component}"`;
  const server: Server = createServer((req, res) => {
    if (req.url !== '/metrics') {
      res.writeHead(404).end();
      return;
    }
    // Prometheus scrapes every SCRAPE_INTERVAL_MS, and stamps a sample with the scrape's start unless the sample
    // carries its own time. On a loaded machine this handler runs up to a few hundred ms after that start, and the
    // spacing between samples wanders with it: rate() over a 10 s window then moved by more than the test's 2%,
    // both from values computed late and from Prometheus extrapolating less at a window's edge after an uneven
    // gap. So each counter sample is the counter's value at its own slot on a fixed grid (the first scrape's phase,
    // one interval apart) and says so with an explicit timestamp: the series is exactly linear and evenly spaced
    // whatever the machine's load, as long as a handler runs within half an interval of its scrape.
    const now = Date.now();
    firstScrape ??= now;
    const slot =
      firstScrape +
      Math.round((now - firstScrape) / SCRAPE_INTERVAL_MS) * SCRAPE_INTERVAL_MS;
    const t = (slot - started) / 1000;
    const counter = (series: string, perSecond: number) =>
      `${series} ${perSecond * t} ${slot}`;
    const lines = [
      '# TYPE http_requests_total counter',
      counter(`http_requests_total{${c},code="200"}`, EXPORTED.okPerSecond),
      counter(`http_requests_total{${c},code="500"}`, EXPORTED.errorsPerSecond),
      '# TYPE http_request_duration_seconds histogram',
      ...EXPORTED.buckets.map(([le, n]) =>
        counter(`http_request_duration_seconds_bucket{${c},le="${le}"}`, n),
      ),
      counter(
        `http_request_duration_seconds_sum{${c}}`,
        EXPORTED.latencySumPerSecond,
      ),
      counter(`http_request_duration_seconds_count{${c}}`, 10),
      '# TYPE container_cpu_usage_seconds_total counter',
      counter(`container_cpu_usage_seconds_total{${c}}`, EXPORTED.cpuCores),
      '# TYPE container_memory_working_set_bytes gauge',
      `container_memory_working_set_bytes{${c}} ${EXPORTED.memoryBytes}`,
      '# TYPE atrium_test_alert_trigger gauge',
      `atrium_test_alert_trigger{${c}} ${firing ? 1 : 0}`,
    ];
    res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4' });
    res.end(`${lines.join('\n')}\n`);
  });
  const port = await freePort();
  await new Promise<void>(resolve => server.listen(port, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    firstScrapeAt: () => firstScrape,
    setFiring: f => {
      firing = f;
    },
    stop: () =>
      new Promise(resolve => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export interface MonitoringServer {
  url: string;
  port: number;
  dir: string;
  process: RunningProcess;
  /** Starts it again on the same port and data (after stop). */
  start(): Promise<void>;
  stop(): Promise<void>;
  /** Stops it and removes its folder. */
  remove(): Promise<void>;
}

function checkBinary(bin: string, pkg: string) {
  if (!existsSync(bin)) {
    throw new Error(
      `${bin} not found; scripts/test.sh installs Debian's ${pkg} package`,
    );
  }
}

/** Runs a server binary on a port, waiting (bounded) until `readyPath` answers 200. */
async function runServer(options: {
  name: string;
  bin: string;
  args: string[];
  port: number;
  dir: string;
  readyPath: string;
}): Promise<MonitoringServer> {
  const url = `http://127.0.0.1:${options.port}`;
  const logFile = join(artifactDir('logs'), `${options.name}.log`);
  let proc: RunningProcess;
  const start = async () => {
    proc = startProcess(options.bin, options.args, {
      cwd: options.dir,
      logFile,
    });
    let exitCode: number | null | undefined;
    proc.exited.then(code => (exitCode = code));
    await waitFor(
      `${options.name} to be ready on ${url}`,
      async () => {
        if (exitCode !== undefined) {
          throw new Error(`${options.name} exited with ${exitCode}`);
        }
        const res = await fetch(`${url}${options.readyPath}`);
        return res.ok ? true : undefined;
      },
      { timeoutMs: 30_000, intervalMs: 250, onTimeout: () => proc.tail() },
    ).catch(async error => {
      await proc.stop(2000);
      throw error;
    });
  };
  await start();
  return {
    url,
    port: options.port,
    dir: options.dir,
    get process() {
      return proc;
    },
    start,
    stop: () => proc.stop(5000),
    remove: async () => {
      await proc.stop(5000);
      rmSync(options.dir, { recursive: true, force: true });
    },
  };
}

/**
 * Debian's Alertmanager on a spare loopback port, with one receiver that sends nowhere, grouping after 1 s,
 * and clustering off (it would listen on 9094).
 */
export async function startAlertmanager(): Promise<MonitoringServer> {
  checkBinary(ALERTMANAGER_BIN, 'prometheus-alertmanager');
  const dir = mkdtempSync(join(tmpdir(), 'atrium-alertmanager-'));
  const port = await freePort();
  writeFileSync(
    join(dir, 'alertmanager.yml'),
    JSON.stringify({
      route: {
        receiver: 'nowhere',
        group_by: ['alertname', 'component'],
        group_wait: '1s',
        group_interval: '1s',
        repeat_interval: '1h',
      },
      receivers: [{ name: 'nowhere' }],
    }),
  );
  return runServer({
    name: 'alertmanager',
    bin: ALERTMANAGER_BIN,
    args: [
      `--config.file=${join(dir, 'alertmanager.yml')}`,
      `--storage.path=${join(dir, 'data')}`,
      `--web.listen-address=127.0.0.1:${port}`,
      '--cluster.listen-address=',
      '--log.level=warn',
    ],
    port,
    dir,
    readyPath: '/-/ready',
  });
}

/**
 * Debian's Prometheus on a spare loopback port, scraping `targets` every second, evaluating a rule every second
 * that fires (for: 0s) while the exporter's trigger gauge is 1, and sending alerts to `alertmanagerPort`.
 */
export async function startPrometheus(options: {
  targets: Array<{ job: string; address: string; metricsPath?: string }>;
  alertmanagerPort: number;
}): Promise<MonitoringServer> {
  checkBinary(PROMETHEUS_BIN, 'prometheus');
  const dir = mkdtempSync(join(tmpdir(), 'atrium-prometheus-'));
  const port = await freePort();
  writeFileSync(
    join(dir, 'rules.yml'),
    JSON.stringify({
      groups: [
        {
          name: 'atrium-test',
          interval: '1s',
          rules: [
            {
              alert: EXPORTED.alertName,
              expr: 'atrium_test_alert_trigger > 0',
              for: '0s',
              labels: { severity: 'critical' },
              annotations: { summary: EXPORTED.alertSummary },
            },
          ],
        },
      ],
    }),
  );
  writeFileSync(
    join(dir, 'prometheus.yml'),
    JSON.stringify({
      global: {
        scrape_interval: SCRAPE_INTERVAL,
        evaluation_interval: SCRAPE_INTERVAL,
      },
      rule_files: [join(dir, 'rules.yml')],
      alerting: {
        alertmanagers: [
          {
            static_configs: [
              { targets: [`127.0.0.1:${options.alertmanagerPort}`] },
            ],
          },
        ],
      },
      scrape_configs: options.targets.map(t => ({
        job_name: t.job,
        metrics_path: t.metricsPath ?? '/metrics',
        scrape_interval: SCRAPE_INTERVAL,
        scrape_timeout: SCRAPE_INTERVAL,
        static_configs: [{ targets: [t.address] }],
      })),
    }),
  );
  return runServer({
    name: 'prometheus',
    bin: PROMETHEUS_BIN,
    args: [
      `--config.file=${join(dir, 'prometheus.yml')}`,
      `--storage.tsdb.path=${join(dir, 'data')}`,
      `--web.listen-address=127.0.0.1:${port}`,
      // Alerts go out at once, and again every second while they fire, so a resolution reaches Alertmanager fast.
      '--rules.alert.resend-delay=1s',
      '--log.level=warn',
    ],
    port,
    dir,
    readyPath: '/-/ready',
  });
}

/** The test exporter, Prometheus scraping it and Atrium, and Alertmanager: what the operations suites run against. */
export interface MonitoringStack {
  exporter: TestExporter;
  prometheus: MonitoringServer;
  alertmanager: MonitoringServer;
  /** The `operations` config block pointing Atrium at this stack; `extra` is merged over it. */
  operationsConfig(extra?: Record<string, unknown>): Record<string, unknown>;
  /** Stops all three and removes their folders. */
  remove(): Promise<void>;
}

/**
 * Starts the exporter, Alertmanager and Prometheus (which also scrapes Atrium's own metrics at
 * `127.0.0.1:<atriumPort>/api/operations/metrics` once the backend is up there).
 */
export async function startMonitoringStack(options: {
  atriumPort: number;
  rateWindowSeconds: number;
}): Promise<MonitoringStack> {
  const exporter = await startExporter();
  const alertmanager = await startAlertmanager();
  const prometheus = await startPrometheus({
    targets: [
      { job: 'exporter', address: `127.0.0.1:${exporter.port}` },
      {
        job: 'atrium',
        address: `127.0.0.1:${options.atriumPort}`,
        metricsPath: '/api/operations/metrics',
      },
    ],
    alertmanagerPort: alertmanager.port,
  });
  return {
    exporter,
    prometheus,
    alertmanager,
    operationsConfig: (extra = {}) => ({
      prometheus: {
        baseUrl: prometheus.url,
        timeoutMs: 3000,
        rateWindow: `${options.rateWindowSeconds}s`,
      },
      alertmanager: { baseUrl: alertmanager.url, timeoutMs: 3000 },
      alerts: { pollSeconds: 1 },
      ...extra,
    }),
    remove: async () => {
      await Promise.all([
        prometheus.remove(),
        alertmanager.remove(),
        exporter.stop(),
      ]);
    },
  };
}
