// How fast a component's workloads read is across clusters, and what one cluster being down costs: the
// compute backend's `GET /api/compute/components/default/payments-gateway/workloads`, signed in as a user,
// against simulated clusters (packages/kube-simulator: a Kubernetes API simulator, not a cluster, each in its
// own process, seeded with the demo workloads). Prints p50/p95/max and throughput per scenario; no pass/fail.
//
//   node bench/compute-read.ts        (BENCH_REQUESTS, BENCH_CONCURRENCY override the defaults 300 and 8)
import { writeFileSync, mkdtempSync } from 'node:fs';
import { createServer, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { signIn } from '../tests/lib/auth.ts';
import {
  startBackend,
  waitForCatalog,
  type Backend,
} from '../tests/lib/backend.ts';
import {
  simulatedClusterConfig,
  startSimulatedCluster,
} from '../tests/lib/compute.ts';
import { demoKindCounts } from '../tests/lib/demo.ts';
import { freePort } from '../tests/lib/proc.ts';

const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 300);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 8);
const TIMEOUT_MS = 1500; // compute.requestTimeoutMs: a silent cluster costs at most twice this per read
const BASE = '/api/compute/components/default/payments-gateway';
// The Compute tab's workloads, and the events the timeline and the Compute tab read.
const READS = ['workloads', 'events'];
// How many of the scenarios below to run, in order (BENCH_SCENARIOS=1: only two clusters up).
const SCENARIOS = Number(process.env.BENCH_SCENARIOS ?? 3);
const DEADLINE = Date.now() + 15 * 60_000;

const seeds = (name: string) => [
  'demo/compute/simulator.yaml',
  `demo/compute/${name}.yaml`,
];
const [eu, us] = await Promise.all([
  startSimulatedCluster('sim-eu-west', {
    seeds: seeds('sim-eu-west'),
    tickMs: 1000,
  }),
  startSimulatedCluster('sim-us-east', {
    seeds: seeds('sim-us-east'),
    tickMs: 1000,
  }),
]);
const downPort = await freePort(); // nothing listens: connection refused
const silentPort = await freePort(); // accepts and never answers
const sockets: Socket[] = [];
const silent = createServer(s => sockets.push(s));
await new Promise<void>(r => silent.listen(silentPort, '127.0.0.1', r));

const dir = mkdtempSync(join(tmpdir(), 'atrium-bench-compute-'));
const config = join(dir, 'app-config.bench.yaml');

// One backend per scenario (a read spans every configured cluster), on the same data folder.
let backend: Backend | undefined;
const rows: string[][] = [];
try {
  const scenarios: Array<{
    name: string;
    clusters: ReturnType<typeof simulatedClusterConfig>[];
  }> = [
    {
      name: 'two clusters up',
      clusters: [
        simulatedClusterConfig('sim-eu-west', eu),
        simulatedClusterConfig('sim-us-east', us),
      ],
    },
    {
      name: 'one up, one down (connection refused)',
      clusters: [
        simulatedClusterConfig('sim-eu-west', eu),
        simulatedClusterConfig('down-refused', `https://127.0.0.1:${downPort}`),
      ],
    },
    {
      name: 'one up, one down (silent, times out)',
      clusters: [
        simulatedClusterConfig('sim-eu-west', eu),
        simulatedClusterConfig(
          'down-silent',
          `https://127.0.0.1:${silentPort}`,
        ),
      ],
    },
  ];
  for (const scenario of scenarios.slice(0, SCENARIOS)) {
    if (Date.now() > DEADLINE) break;
    writeFileSync(
      config,
      JSON.stringify({
        compute: { requestTimeoutMs: TIMEOUT_MS, clusters: scenario.clusters },
        atrium: { kubeSimulator: { enabled: false } },
      }),
    );
    backend = await startBackend({
      name: 'bench-compute',
      configs: [config],
      dataDir: dir,
    });
    await waitForCatalog(
      backend.baseUrl,
      backend.serviceToken,
      demoKindCounts(),
    );
    const user = (await signIn(backend.baseUrl, 'bob.okafor')).token;
    for (const what of READS) {
      const read = async () => {
        const t0 = performance.now();
        const res = await fetch(`${backend!.baseUrl}${BASE}/${what}`, {
          headers: { authorization: `Bearer ${user}` },
        });
        const body = (await res.json()) as { clusters: { ok: boolean }[] };
        if (res.status !== 200) throw new Error(`HTTP ${res.status}`);
        return {
          ms: performance.now() - t0,
          ok: body.clusters.filter(c => c.ok).length,
        };
      };
      for (let i = 0; i < 20; i++) await read(); // warm-up
      for (const concurrency of [1, CONCURRENCY]) {
        const times: number[] = [];
        let next = 0;
        let okClusters = 0;
        const started = performance.now();
        await Promise.all(
          Array.from({ length: concurrency }, async () => {
            while (next < REQUESTS && Date.now() < DEADLINE) {
              next++;
              const r = await read();
              times.push(r.ms);
              okClusters = r.ok;
            }
          }),
        );
        const seconds = (performance.now() - started) / 1000;
        times.sort((a, b) => a - b);
        const q = (p: number) =>
          times[Math.min(times.length - 1, Math.floor(p * times.length))];
        rows.push([
          `${what}: ${scenario.name}`,
          String(concurrency),
          String(times.length),
          `${okClusters}/${scenario.clusters.length}`,
          q(0.5).toFixed(1),
          q(0.95).toFixed(1),
          times[times.length - 1].toFixed(1),
          (times.length / seconds).toFixed(1),
        ]);
      }
    }
    await backend.stop();
    backend = undefined;
  }
} finally {
  await backend?.stop();
  for (const s of sockets) s.destroy();
  silent.close();
  await Promise.all([eu.stop(), us.stop()]);
}

const header = [
  'scenario',
  'clients',
  'requests',
  'clusters ok',
  'p50 ms',
  'p95 ms',
  'max ms',
  'req/s',
];
const widths = header.map((h, i) =>
  Math.max(h.length, ...rows.map(r => r[i].length)),
);
const line = (r: string[]) =>
  `| ${r.map((c, i) => c.padEnd(widths[i])).join(' | ')} |`;
console.log(
  `\nComponent workloads and events reads (payments-gateway: 3 Apps, 7 pods), requestTimeoutMs ${TIMEOUT_MS}`,
);
console.log(line(header));
console.log(`| ${widths.map(w => '-'.repeat(w)).join(' | ')} |`);
for (const r of rows) console.log(line(r));
