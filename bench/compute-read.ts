// How fast a component's workloads read is across clusters, and what one cluster being down costs: the
// compute backend's `GET /api/compute/components/default/payments-gateway/workloads`, signed in as a user,
// against simulated clusters (packages/kube-simulator: a Kubernetes API simulator, not a cluster, each in its
// own process, seeded with the demo workloads). Prints p50/p95/max and throughput per scenario; no pass/fail.
//
//   node bench/compute-read.ts        (BENCH_REQUESTS, BENCH_CONCURRENCY override the defaults 300 and 8)
//   BENCH_CHILD_NODE_OPTIONS goes to the backend only (e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof`).
//   BENCH_COMPARE=2 runs the first scenario that many times with each catalog setting, alternating: the
//   catalog read on every request (compute.cache.catalogTtlMs and timeline.catalogTtlMs 0) and its answer
//   kept per caller (the default), so both are measured in the same conditions.
import { writeFileSync, mkdtempSync } from 'node:fs';
import { createServer, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { signIn } from '../tests/lib/auth.ts';
import type { Backend } from '../tests/lib/backend.ts';
import {
  simulatedClusterConfig,
  startSimulatedCluster,
} from '../tests/lib/compute.ts';
import { startDemoBackend } from '../tests/lib/demo.ts';
import { freePort } from '../tests/lib/proc.ts';

const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 300);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 8);
const TIMEOUT_MS = 1500; // compute.requestTimeoutMs: a silent cluster costs at most twice this per read
const COMPONENT = 'default/payments-gateway';
// The Compute tab's workloads and events, and the component's timeline (its compute source reads the Apps'
// revisions and the compute audit). BENCH_READS=workloads,timeline picks some.
const ALL_READS: Record<string, string> = {
  workloads: `/api/compute/components/${COMPONENT}/workloads`,
  events: `/api/compute/components/${COMPONENT}/events`,
  timeline: `/api/timeline/entities/default/component/payments-gateway/events`,
};
const READS = (process.env.BENCH_READS ?? Object.keys(ALL_READS).join(','))
  .split(',')
  .filter(r => {
    if (!ALL_READS[r]) throw new Error(`BENCH_READS: no read ${r}`);
    return true;
  });
// How many of the scenarios below to run, in order (BENCH_SCENARIOS=1: only two clusters up).
const SCENARIOS = Number(process.env.BENCH_SCENARIOS ?? 3);
const COMPARE = Number(process.env.BENCH_COMPARE ?? 0);
// The catalog settings compared: [label, compute.cache.catalogTtlMs and timeline.catalogTtlMs (undefined: default)].
const VARIANTS: Array<[string, number | undefined]> = [
  ['catalog per request', 0],
  ['catalog kept per caller', undefined],
];
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
// With BENCH_COMPARE: each run's p95 and req/s per read, clients and variant, for the summary.
const compared = new Map<string, { p95: number[]; rps: number[] }>();
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
  const runs: Array<{
    scenario: (typeof scenarios)[number];
    variant?: [string, number | undefined];
  }> =
    COMPARE > 0
      ? Array.from({ length: COMPARE }, () =>
          VARIANTS.map(variant => ({ scenario: scenarios[0], variant })),
        ).flat()
      : scenarios.slice(0, SCENARIOS).map(scenario => ({ scenario }));
  for (const { scenario, variant } of runs) {
    if (Date.now() > DEADLINE) break;
    const ttl = variant?.[1];
    writeFileSync(
      config,
      JSON.stringify({
        compute: {
          requestTimeoutMs: TIMEOUT_MS,
          clusters: scenario.clusters,
          ...(ttl === undefined ? {} : { cache: { catalogTtlMs: ttl } }),
        },
        ...(ttl === undefined ? {} : { timeline: { catalogTtlMs: ttl } }),
        atrium: { kubeSimulator: { enabled: false } },
      }),
    );
    backend = await startDemoBackend({
      name: 'bench-compute',
      configs: [config],
      dataDir: dir,
      ...(process.env.BENCH_CHILD_NODE_OPTIONS
        ? { env: { NODE_OPTIONS: process.env.BENCH_CHILD_NODE_OPTIONS } }
        : {}),
    });
    const user = (await signIn(backend.baseUrl, 'bob.okafor')).token;
    const baseUrl = backend.baseUrl;
    for (const what of READS) {
      const read = async () => {
        const t0 = performance.now();
        const res = await fetch(`${baseUrl}${ALL_READS[what]}`, {
          headers: { authorization: `Bearer ${user}` },
        });
        const body = (await res.json()) as {
          clusters?: { ok: boolean }[];
          items?: unknown[];
          errors?: { source: string }[];
        };
        if (res.status !== 200) throw new Error(`HTTP ${res.status}`);
        // Complete: every cluster answered (compute), or every source did (the timeline).
        const ok = body.clusters
          ? body.clusters.filter(c => c.ok).length
          : undefined;
        const complete = body.clusters
          ? ok === body.clusters.length
          : (body.errors ?? []).length === 0;
        return { ms: performance.now() - t0, ok, complete };
      };
      for (let i = 0; i < 20; i++) await read(); // warm-up
      for (const concurrency of [1, CONCURRENCY]) {
        const times: number[] = [];
        let next = 0;
        let okClusters: number | undefined;
        let complete = 0;
        const started = performance.now();
        await Promise.all(
          Array.from({ length: concurrency }, async () => {
            while (next < REQUESTS && Date.now() < DEADLINE) {
              next++;
              const r = await read();
              times.push(r.ms);
              okClusters = r.ok;
              if (r.complete) complete++;
            }
          }),
        );
        const seconds = (performance.now() - started) / 1000;
        times.sort((a, b) => a - b);
        const q = (p: number) =>
          times[Math.min(times.length - 1, Math.floor(p * times.length))];
        rows.push([
          `${what}: ${scenario.name}${variant ? `, ${variant[0]}` : ''}`,
          String(concurrency),
          String(times.length),
          okClusters === undefined
            ? '-'
            : `${okClusters}/${scenario.clusters.length}`,
          String(complete),
          q(0.5).toFixed(1),
          q(0.95).toFixed(1),
          times[times.length - 1].toFixed(1),
          (times.length / seconds).toFixed(1),
        ]);
        if (variant) {
          const key = JSON.stringify([what, concurrency, variant[0]]);
          const entry = compared.get(key) ?? { p95: [], rps: [] };
          entry.p95.push(q(0.95));
          entry.rps.push(times.length / seconds);
          compared.set(key, entry);
        }
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
  'complete',
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
  `\nComponent workloads, events and timeline reads (payments-gateway: 3 Apps, 7 pods), requestTimeoutMs ${TIMEOUT_MS}`,
);
console.log(line(header));
console.log(`| ${widths.map(w => '-'.repeat(w)).join(' | ')} |`);
for (const r of rows) console.log(line(r));

if (compared.size > 0) {
  // The median of the rounds for each setting, and kept / per request.
  const median = (xs: number[]) => {
    const sorted = [...xs].sort((a, b) => a - b);
    const mid = sorted.length / 2;
    return Number.isInteger(mid)
      ? (sorted[mid - 1] + sorted[mid]) / 2
      : sorted[Math.floor(mid)];
  };
  const [off, on] = VARIANTS.map(v => v[0]);
  console.log(
    `\nSame run, ${COMPARE} round(s) of each setting alternating (median): ${on} / ${off}`,
  );
  console.log(
    '| read | clients | p95 ms: per request | p95 ms: kept | p95 ratio | req/s: per request | req/s: kept | req/s ratio |',
  );
  console.log('| --- | --- | --- | --- | --- | --- | --- | --- |');
  for (const what of READS) {
    for (const clients of [1, CONCURRENCY]) {
      const a = compared.get(JSON.stringify([what, clients, off]));
      const b = compared.get(JSON.stringify([what, clients, on]));
      if (!a || !b) continue;
      const [p95a, p95b, rpsa, rpsb] = [a.p95, b.p95, a.rps, b.rps].map(median);
      console.log(
        `| ${what} | ${clients} | ${p95a.toFixed(0)} | ${p95b.toFixed(0)} | ${(
          p95b / p95a
        ).toFixed(2)}x | ${rpsa.toFixed(1)} | ${rpsb.toFixed(1)} | ${(
          rpsb / rpsa
        ).toFixed(2)}x |`,
      );
    }
  }
}
