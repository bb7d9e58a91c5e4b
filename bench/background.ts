// Atrium's background work at rest, at the demo size and a large one: CPU seconds per minute of the backend's
// processes and database statements per minute (every knex query, counted in the backend by lib/countQueries.cjs),
// over BENCH_WINDOW_S (60) once ingestion is done and BENCH_SETTLE_S (90) have passed.
//   node bench/background.ts [--db sqlite|postgres] [small large]      sizes from bench/lib/catalog.ts
// --db postgres gives the backend a throwaway PostgreSQL cluster (bench/lib/db.ts, one database set per size) with
// Atrium's production pool settings; the default is the embedded SQLite.
// The catalog's own periodic re-processing (every entity every 100-150 s, Backstage's work, not Atrium's) is
// moved out of the window with catalog.processingInterval of an hour, so what is left is Atrium's scheduled
// jobs (the gateway's change watcher every 10 s, the timeline's recorder every 60 s, ...) and Backstage's idle
// loops. BENCH_PROCESSING=shipped keeps the shipped interval instead (Backstage's 100-150 s), to see what the
// catalog's own re-processing costs at that size. No pass/fail: it prints a table and the ratio.
// The two demo clusters run as Kubernetes API simulators in processes of their own (tests/lib/compute.ts), not
// inside the backend as the embedded default has them: a simulator is a stand-in for a cluster, not Atrium's work,
// and its cost grows with its own uptime (its pods log on). Their CPU is printed apart. BENCH_SIMULATOR=embedded
// keeps them in the backend, as before.
// BENCH_CPU_PROFILE_DIR=<dir> also profiles the backend over the window (bench/lib/cpuProfile.cjs, started and stopped
// by signal) into <dir>/background-<size>.cpuprofile; read it with `node bench/lib/cpuprofile.ts <file>`. The
// profiler's own cost shows in that run's CPU figure: take the table from a run without it.
import {
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { kindCounts, startBackend } from '../tests/lib/backend.ts';
import {
  demoSeeds,
  simulatedClusterConfig,
  startSimulatedCluster,
  type SimulatedCluster,
} from '../tests/lib/compute.ts';
import { sleep } from '../tests/lib/proc.ts';
import { benchCatalog, catalogConfig, type Size } from './lib/catalog.ts';
import { windowProfile } from './lib/cpuProfiling.ts';
import {
  queryStatsDelta,
  queryStatsPreload,
  readQueryStats,
  type QueryStats,
} from './lib/queryStats.ts';
import {
  atriumDatabaseConfig,
  startBenchPostgres,
  takeDbArg,
  type BenchPostgres,
} from './lib/db.ts';

const args = process.argv.slice(2);
const DB = takeDbArg(args, 'node bench/background.ts [--db DB] [sizes...]');
const sizes = (args.length ? args : ['small', 'large']) as Size[];
let postgres: BenchPostgres | undefined;
const embeddedSimulator = process.env.BENCH_SIMULATOR === 'embedded';
/** The embedded default's two clusters (app-config.yaml), run by the bench in processes of their own. */
const DEMO_CLUSTERS = [
  { name: 'sim-eu-west', region: 'eu-west-1' },
  { name: 'sim-us-east', region: 'us-east-1' },
];
const windowS = Number(process.env.BENCH_WINDOW_S ?? 60);
const settleS = Number(process.env.BENCH_SETTLE_S ?? 90);
const shippedProcessing = process.env.BENCH_PROCESSING === 'shipped';
const ingestTimeoutMs =
  Number(process.env.BENCH_INGEST_TIMEOUT_S ?? 1500) * 1000;
const TICKS = 100; // USER_HZ on Linux

/** utime + stime, in seconds, of every process in the process group (the backend and any wrapper). */
function groupCpuSeconds(pgid: number): number {
  let ticks = 0;
  for (const pid of readdirSync('/proc').filter(p => /^\d+$/.test(p))) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (Number(fields[2]) === pgid)
        ticks += Number(fields[11]) + Number(fields[12]);
    } catch {
      /* gone */
    }
  }
  return ticks / TICKS;
}

interface Row {
  size: Size;
  entities: number;
  ingestS: number;
  cpuPerMin: number;
  /** The out-of-process simulators' CPU over the same window (not Atrium's; 0 when embedded). */
  simulatorCpuPerMin: number;
  queriesPerMin: number;
  /** Statements the counter saw for PROBE_REQUESTS catalog reads made after the window (must be ≥ that many). */
  probeStatements: number;
  /** The statements run most often in the window, with how many times. */
  top: Array<[string, number]>;
}

const PROBE_REQUESTS = 20;

/** The statements whose count grew most between two snapshots of the stats file. */
function topDelta(
  a: QueryStats,
  b: QueryStats,
  n: number,
): Array<[string, number]> {
  return queryStatsDelta(a, b)
    .statements.map(s => [s.sql, s.count] as [string, number])
    .sort((x, y) => y[1] - x[1])
    .slice(0, n);
}

/** Waits (bounded) until the counter file shows at least `atLeast`, and returns what it shows. */
async function countAtLeast(file: string, atLeast: number): Promise<number> {
  const deadline = Date.now() + 10_000;
  let n = Number(readFileSync(file, 'utf8'));
  while (n < atLeast && Date.now() < deadline) {
    await sleep(250);
    n = Number(readFileSync(file, 'utf8'));
  }
  return n;
}

async function measure(size: Size): Promise<Row> {
  const catalog = benchCatalog(size);
  const dir = mkdtempSync(join(tmpdir(), `bench-background-${size}-`));
  const config = join(dir, 'app-config.bench.yaml');
  const countFile = join(dir, 'queries');
  const statsFile = join(dir, 'statements.json');
  const pgPrefix = `atrium_background_${size}_`;
  const clusters: SimulatedCluster[] = embeddedSimulator
    ? []
    : await Promise.all(
        DEMO_CLUSTERS.map(({ name }) =>
          startSimulatedCluster(name, { seeds: demoSeeds(name) }),
        ),
      );
  writeFileSync(
    config,
    JSON.stringify({
      ...(postgres ? atriumDatabaseConfig(postgres, pgPrefix) : {}),
      ...(clusters.length
        ? {
            compute: {
              clusters: DEMO_CLUSTERS.map(({ name, region }, i) =>
                simulatedClusterConfig(name, clusters[i], region),
              ),
            },
            atrium: { kubeSimulator: { enabled: false } },
          }
        : {}),
      catalog: {
        ...catalogConfig(catalog),
        ...(shippedProcessing ? {} : { processingInterval: { hours: 1 } }),
      },
    }),
  );
  const profile = windowProfile(`background-${size}`);
  const preloads = [
    queryStatsPreload,
    ...(profile ? [profile.preload] : []),
  ].join(' ');
  const t0 = Date.now();
  const backend = await startBackend({
    name: `bench-background-${size}`,
    configs: [config],
    dataDir: dir,
    timeoutMs: 300_000,
    env: {
      NODE_OPTIONS: preloads,
      BENCH_QUERY_COUNT_FILE: countFile,
      BENCH_QUERY_STATS_FILE: statsFile,
      ...profile?.env,
    },
  }).catch(async error => {
    await Promise.all(clusters.map(c => c.stop()));
    throw error;
  });
  try {
    let done = false;
    while (!done && Date.now() - t0 < ingestTimeoutMs) {
      const counts = await kindCounts(
        backend.baseUrl,
        backend.serviceToken,
      ).catch(() => ({} as Record<string, number>));
      done = Object.entries(catalog.kindCounts).every(
        ([k, n]) => (counts[k] ?? 0) >= n,
      );
      if (!done) await sleep(2000);
    }
    if (!done)
      throw new Error(`${size}: not ingested in ${ingestTimeoutMs / 1000} s`);
    const ingestS = (Date.now() - t0) / 1000;
    console.log(
      `${size}: ${catalog.total} entities ingested in ${ingestS.toFixed(
        0,
      )} s; settling ${settleS} s`,
    );
    await sleep(settleS * 1000);
    const pgid = backend.process.child.pid!;
    const queries = () => Number(readFileSync(countFile, 'utf8'));
    const simulatorCpu = () =>
      clusters.reduce(
        (sum, c) => sum + groupCpuSeconds(c.process.child.pid!),
        0,
      );
    const sim0 = simulatorCpu();
    const cpu0 = groupCpuSeconds(pgid);
    const q0 = queries();
    const s0 = readQueryStats(statsFile);
    profile?.start(pgid);
    await sleep(windowS * 1000);
    const cpu1 = groupCpuSeconds(pgid);
    const sim1 = simulatorCpu();
    const q1 = queries();
    if (profile) {
      console.log(
        (await profile.stop(pgid))
          ? `${size}: CPU profile of the window in ${profile.file}`
          : `${size}: no CPU profile written in 30 s`,
      );
    }
    // The stats file is rewritten every 5 s: wait for one written after the window.
    await sleep(5500);
    const s1 = readQueryStats(statsFile);
    // Proof that the counter counts in this backend: catalog reads, each at least one statement.
    const p0 = queries();
    for (let i = 0; i < PROBE_REQUESTS; i++) {
      const res = await fetch(
        `${backend.baseUrl}/api/catalog/entities/by-name/component/default/payments-gateway`,
        { headers: { authorization: `Bearer ${backend.serviceToken}` } },
      );
      if (!res.ok) throw new Error(`probe read: ${res.status}`);
    }
    const p1 = await countAtLeast(countFile, p0 + PROBE_REQUESTS);
    return {
      size,
      entities: catalog.total,
      ingestS,
      cpuPerMin: ((cpu1 - cpu0) * 60) / windowS,
      simulatorCpuPerMin: ((sim1 - sim0) * 60) / windowS,
      queriesPerMin: ((q1 - q0) * 60) / windowS,
      probeStatements: p1 - p0,
      top: topDelta(s0, s1, 8),
    };
  } finally {
    await backend.stop();
    await Promise.all(clusters.map(c => c.stop()));
    await postgres?.drop(pgPrefix);
    rmSync(dir, { recursive: true, force: true });
  }
}

const rows: Row[] = [];
if (DB === 'postgres') postgres = await startBenchPostgres();
try {
  for (const size of sizes) rows.push(await measure(size));
} finally {
  await postgres?.stop();
}
console.log(
  `\nAt rest, over ${windowS} s after ${settleS} s of settling (${
    postgres ? `PostgreSQL ${postgres.version}` : 'SQLite'
  }, catalog re-processing ${shippedProcessing ? 'as shipped' : 'hourly'}):`,
);
console.log(
  `size     entities   CPU s/min   DB statements/min   simulators' CPU s/min (${
    embeddedSimulator ? 'in the backend: counted in its CPU' : 'own processes'
  })`,
);
for (const r of rows) {
  console.log(
    `${r.size.padEnd(8)} ${String(r.entities).padStart(8)}   ${r.cpuPerMin
      .toFixed(2)
      .padStart(9)}   ${r.queriesPerMin.toFixed(0).padStart(17)}   ${
      embeddedSimulator ? '-' : r.simulatorCpuPerMin.toFixed(2)
    }`,
  );
}
for (const r of rows) {
  console.log(
    `\n${r.size}: ${PROBE_REQUESTS} catalog reads after the window counted ${r.probeStatements} statements ` +
      `(the counter works if ≥ ${PROBE_REQUESTS}); the most frequent statements over ~${
        windowS + 5
      } s:`,
  );
  for (const [sql, n] of r.top)
    console.log(`${String(n).padStart(8)}  ${sql.slice(0, 150)}`);
}
if (rows.length >= 2) {
  const [a, b] = [rows[0], rows[rows.length - 1]];
  console.log(
    `ratio ${b.size}/${a.size}: entities ×${(b.entities / a.entities).toFixed(
      1,
    )}, CPU ×${(b.cpuPerMin / a.cpuPerMin).toFixed(2)}, statements ×${(
      b.queriesPerMin / Math.max(1, a.queriesPerMin)
    ).toFixed(2)}`,
  );
}
