/**
 * The embedded default's Prometheus and Alertmanager, end to end: the real start command (scripts/start.sh) on
 * spare loopback ports runs Debian's Prometheus and Alertmanager with demo/monitoring/ (scripts/lib/monitoring.sh)
 * beside the backend. Atrium then charts a demo component from Prometheus, which scrapes Atrium itself and the
 * Kubernetes API simulator's workload metrics (simulated traffic, not a cluster), and shows the demo alert that
 * route-optimizer's simulated error rate fires. SIGTERM to the start command stops all three.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { signIn } from './lib/auth.ts';
import { artifactDir, ROOT } from './lib/paths.ts';
import {
  freePort,
  startProcess,
  waitFor,
  type RunningProcess,
} from './lib/proc.ts';
import { ALERTMANAGER_BIN, PROMETHEUS_BIN } from './lib/prometheus.ts';

/** The demo component whose simulated App answers 500 to a fifth of its requests (demo/compute/sim-eu-west.yaml). */
const FAILING = '/api/operations/entities/default/component/route-optimizer';
const HEALTHY = '/api/operations/entities/default/component/payments-gateway';

const missing = [PROMETHEUS_BIN, ALERTMANAGER_BIN].filter(b => !existsSync(b));

/** Whether nothing listens on a loopback port any more. */
const portClosed = (port: number) =>
  new Promise<boolean>(resolve => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('error', () => resolve(true));
  });

const processGone = (pid: number) => {
  try {
    process.kill(pid, 0);
    return false;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ESRCH';
  }
};

describe(
  'the start command runs Prometheus and Alertmanager beside Atrium',
  {
    skip: missing.length
      ? `${missing.join(
          ' and ',
        )} not installed (Debian's prometheus and prometheus-alertmanager; scripts/test.sh installs them)`
      : false,
  },
  () => {
    let start: RunningProcess;
    let dataDir: string;
    let baseUrl: string;
    let token: string;
    const ports = { atrium: 0, prometheus: 0, alertmanager: 0 };
    let exited = false;

    const get = async (path: string) => {
      const res = await fetch(`${baseUrl}${path}`, {
        headers: { authorization: `Bearer ${token}` },
      });
      return { status: res.status, body: (await res.json()) as any };
    };
    const monitoringPid = (name: string) =>
      Number(readFileSync(join(dataDir, 'monitoring', `${name}.pid`), 'utf8'));

    before(async () => {
      ports.atrium = await freePort();
      ports.prometheus = await freePort();
      ports.alertmanager = await freePort();
      baseUrl = `http://localhost:${ports.atrium}`;
      // A space in the data folder's path: the generated config's path must reach the backend whole.
      dataDir = mkdtempSync(join(tmpdir(), 'atrium embedded monitoring-'));
      const env: NodeJS.ProcessEnv = {
        ...process.env,
        ATRIUM_PORT: String(ports.atrium),
        ATRIUM_SIMULATOR_PORT: String(await freePort()),
        ATRIUM_DATA_DIR: dataDir,
        ATRIUM_PROMETHEUS_PORT: String(ports.prometheus),
        ATRIUM_ALERTMANAGER_PORT: String(ports.alertmanager),
      };
      // The embedded default, whatever the caller's shell has set.
      for (const key of [
        'ATRIUM_CONFIGS',
        'ATRIUM_EMBEDDED_MONITORING',
        'ATRIUM_BASE_URL',
        'ATRIUM_HOST',
      ]) {
        delete env[key];
      }
      start = startProcess('bash', [join(ROOT, 'scripts/start.sh')], {
        cwd: ROOT,
        env,
        logFile: join(artifactDir('logs'), 'embedded-monitoring.log'),
      });
      start.exited.then(() => (exited = true));
      // The start command installs and builds what changed first (the frontend build takes minutes).
      await waitFor(
        `the start command to serve Atrium on ${baseUrl}`,
        async () => {
          if (exited) throw new Error(`start.sh exited:\n${start.tail()}`);
          const res = await fetch(`${baseUrl}/.backstage/health/v1/readiness`);
          return res.ok ? true : undefined;
        },
        { timeoutMs: 900_000, intervalMs: 1000, onTimeout: () => start.tail() },
      );
      token = await waitFor(
        'the demo org to be ingested, so that alice can sign in',
        async () => (await signIn(baseUrl, 'alice.nakamura')).token,
        { timeoutMs: 180_000, intervalMs: 2000 },
      );
    });

    after(async () => {
      await start?.stop(15_000);
      if (dataDir) rmSync(dataDir, { recursive: true, force: true });
    });

    test('Prometheus listens on loopback and scrapes Atrium and the simulated workloads', async () => {
      const prometheus = `http://127.0.0.1:${ports.prometheus}`;
      const flags = (await (
        await fetch(`${prometheus}/api/v1/status/flags`)
      ).json()) as any;
      assert.equal(
        flags.data['web.listen-address'],
        `127.0.0.1:${ports.prometheus}`,
      );
      const targets = await waitFor(
        'both scrape targets to be up',
        async () => {
          const body = (await (
            await fetch(`${prometheus}/api/v1/targets`)
          ).json()) as any;
          const health = Object.fromEntries(
            body.data.activeTargets.map((t: any) => [t.labels.job, t.health]),
          );
          return health.atrium === 'up' && health['kube-simulator'] === 'up'
            ? body.data.activeTargets
            : undefined;
        },
        { timeoutMs: 60_000, intervalMs: 1000 },
      );
      const atrium = targets.find((t: any) => t.labels.job === 'atrium');
      assert.equal(
        atrium.scrapeUrl,
        `http://127.0.0.1:${ports.atrium}/api/operations/metrics`,
      );
      assert.equal(atrium.labels.component, 'atrium');
    });

    test("Atrium charts a demo component's simulated traffic from the embedded Prometheus", async () => {
      const metrics = await waitFor(
        "route-optimizer's request rate to have points",
        async () => {
          const { status, body } = await get(`${FAILING}/metrics?range=1h`);
          if (status !== 200 || !body.configured) return undefined;
          const rate = body.metrics.find(
            (m: any) => m.metric === 'requestRate',
          );
          return rate?.ok && rate.points.some(([, v]: any) => v > 0)
            ? body
            : undefined;
        },
        { timeoutMs: 180_000, intervalMs: 2000 },
      );
      assert.equal(metrics.selector, 'component="route-optimizer"');
      assert.match(
        metrics.dashboardUrl,
        new RegExp(`^http://127\\.0\\.0\\.1:${ports.prometheus}/graph\\?`),
      );
      const byKind = Object.fromEntries(
        metrics.metrics.map((m: any) => [m.metric, m]),
      );
      for (const kind of ['errorRate', 'latencyP95', 'cpu', 'memory']) {
        assert.equal(byKind[kind].ok, true, JSON.stringify(byKind[kind]));
      }
    });

    test("route-optimizer's demo alert reaches its alerts card as active; payments-gateway has none", async () => {
      const alert = await waitFor(
        'HighErrorRate to fire for route-optimizer',
        async () => {
          const { status, body } = await get(`${FAILING}/alerts`);
          if (status !== 200 || !body.configured) return undefined;
          return body.active.find((a: any) => a.name === 'HighErrorRate');
        },
        { timeoutMs: 180_000, intervalMs: 2000 },
      );
      assert.equal(alert.state, 'active');
      assert.equal(alert.severity, 'critical');
      assert.equal(alert.labels.component, 'route-optimizer');
      assert.match(alert.summary, /^route-optimizer answers .*% of requests/);

      const healthy = await get(`${HEALTHY}/alerts`);
      assert.equal(healthy.status, 200);
      assert.deepEqual(
        healthy.body.active.map((a: any) => a.name),
        [],
        'payments-gateway runs healthy pods only',
      );
    });

    test('SIGTERM to the start command stops the backend, Prometheus and Alertmanager', async () => {
      const pids = [monitoringPid('prometheus'), monitoringPid('alertmanager')];
      for (const pid of pids) assert.equal(processGone(pid), false);
      // Only the start command's own process, as a service manager would: it must stop the others itself.
      process.kill(start.child.pid!, 'SIGTERM');
      await waitFor(
        'the start command to exit',
        async () => exited || undefined,
        {
          timeoutMs: 60_000,
          intervalMs: 250,
          onTimeout: () => start.tail(),
        },
      );
      await waitFor(
        'Prometheus and Alertmanager to be gone',
        async () => pids.every(processGone) || undefined,
        { timeoutMs: 15_000, intervalMs: 250 },
      );
      for (const port of Object.values(ports)) {
        assert.equal(await portClosed(port), true, `port ${port} still open`);
      }
      assert.equal(
        existsSync(join(dataDir, 'monitoring', 'prometheus.pid')),
        false,
      );
    });
  },
);
