// Ingestion only: starts Atrium, stock Backstage or both (one after the other) with the speed bench's catalog,
// times until every entity is in each catalog API (the whole catalog queryable), prints progress every 30 s and a
// table with the ratio, then stops it.
//   node bench/ingest.ts atrium|stock|both small|large|xlarge [--db sqlite|postgres] [extra-config.yaml...]
// On PostgreSQL Atrium gets the per-plugin database settings of app-config.production.yaml (`--no-pg-tuning`:
// without them); stock gets Backstage's defaults.
// PROBE_TIMEOUT_S bounds each app's wait (1800); PROBE_CHILD_NODE_OPTIONS goes to the backends only (e.g.
// `--cpu-prof --cpu-prof-dir=/tmp/prof`); PROBE_QUERY_STATS=1 times every database statement in the backends
// (bench/lib/countQueries.cjs) and prints the costliest; PROBE_LINGER_S keeps an app up after; PROBE_KEEP keeps
// its data folder; PROBE_PARALLEL=1 runs both apps at the same time (on a shared, busy machine the ratio is then
// measured in the same conditions). Extra config files go to both apps (e.g. a catalog.processingInterval to try).
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { kindCounts, startBackend } from '../tests/lib/backend.ts';
import { sleep } from '../tests/lib/proc.ts';
import { benchCatalog, catalogConfig, type Size } from './lib/catalog.ts';
import { startBenchPostgres, type BenchPostgres } from './lib/db.ts';
import {
  printQueryStats,
  queryStatsPreload,
  readQueryStats,
} from './lib/queryStats.ts';
import {
  atriumCatalogTuning,
  atriumPostgresTuning,
} from './lib/productionConfig.ts';
import { startStockForBench } from './lib/stockBackend.ts';

const { values: opts, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    db: { type: 'string', default: 'sqlite' },
    // Atrium on PostgreSQL without the per-plugin settings of app-config.production.yaml.
    'no-pg-tuning': { type: 'boolean', default: false },
  },
});
const [which, size, ...extra] = positionals;
if (
  !['atrium', 'stock', 'both'].includes(which) ||
  !['small', 'large', 'xlarge'].includes(size) ||
  !['sqlite', 'postgres'].includes(opts.db!)
) {
  console.error(
    'usage: node bench/ingest.ts atrium|stock|both small|large|xlarge [--db sqlite|postgres] [extra.yaml...]',
  );
  process.exit(2);
}
type App = 'atrium' | 'stock';
const apps: App[] = which === 'both' ? ['atrium', 'stock'] : [which as App];
const catalog = benchCatalog(size as Size);
const timeoutMs = Number(process.env.PROBE_TIMEOUT_S ?? 1800) * 1000;
const extraConfigs = extra.map(e => resolve(e));

interface Result {
  app: App;
  startS: number;
  done: boolean;
  seconds: number;
  entities: number;
  load: string;
}

function childEnv(dir: string): Record<string, string> {
  const options = [process.env.PROBE_CHILD_NODE_OPTIONS ?? ''];
  const env: Record<string, string> = {};
  if (process.env.PROBE_QUERY_STATS) {
    options.push(queryStatsPreload);
    env.BENCH_QUERY_STATS_FILE = join(dir, 'statements.json');
  }
  const nodeOptions = options.join(' ').trim();
  return nodeOptions ? { ...env, NODE_OPTIONS: nodeOptions } : env;
}

async function start(app: App, dir: string, pg?: BenchPostgres) {
  const config = join(dir, 'app-config.probe.yaml');
  const database = pg?.databaseConfig(`probe_${app}_`);
  const env = childEnv(dir);
  if (app === 'atrium') {
    const tuning = opts['no-pg-tuning'] ? {} : atriumPostgresTuning();
    writeFileSync(
      config,
      JSON.stringify({
        catalog: { ...catalogConfig(catalog), ...atriumCatalogTuning() },
        ...(database
          ? { backend: { database: { ...database, ...tuning } } }
          : {}),
      }),
    );
    return startBackend({
      name: `probe-atrium-${size}-${opts.db}`,
      configs: [config, ...extraConfigs],
      dataDir: dir,
      env,
    });
  }
  return startStockForBench({
    name: `probe-stock-${size}-${opts.db}`,
    dataDir: dir,
    catalog: catalogConfig(catalog),
    database,
    configs: extraConfigs,
    env,
  });
}

async function ingest(app: App, pg?: BenchPostgres): Promise<Result> {
  const dir = mkdtempSync(join(tmpdir(), `probe-${app}-`));
  const t0 = Date.now();
  const server = await start(app, dir, pg);
  const t1 = Date.now();
  const startS = (t1 - t0) / 1000;
  console.log(
    `${app} ${size} (${opts.db}): ready in ${startS.toFixed(
      1,
    )} s; waiting for ${catalog.total}`,
  );
  let done = false;
  let lastPrint = 0;
  let total = 0;
  const loads: number[] = [];
  try {
    while (Date.now() - t1 < timeoutMs) {
      let counts: Record<string, number> = {};
      try {
        counts = await kindCounts(server.baseUrl, server.serviceToken);
      } catch (e) {
        /* not yet */
      }
      total = Object.values(counts).reduce((a, b) => a + b, 0);
      done = Object.entries(catalog.kindCounts).every(
        ([k, n]) => (counts[k] ?? 0) >= n,
      );
      const s = (Date.now() - t1) / 1000;
      if (done || s - lastPrint >= 30) {
        lastPrint = s;
        loads.push(loadavg()[0]);
        console.log(
          `  ${app} +${s.toFixed(0)} s: ${total} entities ${JSON.stringify(
            counts,
          )} (load ${loadavg()[0].toFixed(1)})`,
        );
      }
      if (done) break;
      await sleep(1000);
    }
    const seconds = (Date.now() - t1) / 1000;
    console.log(
      `${app} ${size}: ${done ? 'INGESTED' : 'TIMED OUT'} in ${seconds.toFixed(
        1,
      )} s`,
    );
    if (process.env.PROBE_LINGER_S)
      await sleep(Number(process.env.PROBE_LINGER_S) * 1000);
    const load = loads.length
      ? `${Math.min(...loads).toFixed(1)}–${Math.max(...loads).toFixed(1)}`
      : '';
    return { app, startS, done, seconds, entities: total, load };
  } finally {
    await server.stop();
    const statsFile = join(dir, 'statements.json');
    if (existsSync(statsFile)) printQueryStats(app, readQueryStats(statsFile));
    if (!process.env.PROBE_KEEP) rmSync(dir, { recursive: true, force: true });
    else console.log(`data kept in ${dir}`);
    await pg?.drop(`probe_${app}_`);
  }
}

const pg = opts.db === 'postgres' ? await startBenchPostgres() : undefined;
const parallel = Boolean(process.env.PROBE_PARALLEL) && apps.length > 1;
const results: Result[] = [];
try {
  if (parallel) {
    // Both at once: they share the machine (and its disk), so a busy machine slows both alike.
    results.push(...(await Promise.all(apps.map(app => ingest(app, pg)))));
  } else {
    for (const app of apps) results.push(await ingest(app, pg));
  }
} finally {
  await pg?.stop();
}

const rate = (r: Result) => r.entities / r.seconds;
console.log(
  `\nIngestion of "${size}" (${catalog.total} entities) on ${opts.db}${
    opts.db === 'postgres' && opts['no-pg-tuning']
      ? ' (Atrium without its PostgreSQL tuning)'
      : ''
  }${extraConfigs.length ? ` with ${extra.join(', ')}` : ''}, bound ${
    timeoutMs / 1000
  } s${parallel ? ', both apps at once' : ''}:`,
);
console.log(
  '| app | start s | queryable s | entities | entities/s | load (1 min) |',
);
console.log('| --- | --- | --- | --- | --- | --- |');
for (const r of results) {
  console.log(
    `| ${r.app} | ${r.startS.toFixed(0)} | ${
      r.done ? r.seconds.toFixed(0) : `> ${r.seconds.toFixed(0)}`
    } | ${r.entities} | ${rate(r).toFixed(1)} | ${r.load} |`,
  );
}
if (results.length === 2) {
  const [a, s] = results;
  const ratio =
    a.done && s.done
      ? `time ${(a.seconds / s.seconds).toFixed(2)}×`
      : `entities/s ${(rate(a) / rate(s)).toFixed(2)}× (not both done)`;
  console.log(`Atrium / stock: ${ratio}`);
}
