// The catalog list's first page, server side: Atrium's one gateway request (`catalog`, with the items, the
// facets and the counts) next to what stock Backstage 1.55's catalog index page asks its catalog for on load in
// paginated mode (its `/entities/by-query` page, and the `/entity-facets` and count requests of its pickers, at
// once as a browser sends them), on the same generated catalog in the same run. Three views: the default one
// (components by name), a filtered one (type and lifecycle) and a text search. Atrium is measured cold (the
// response cache bypassed: every request's text differs by a comment, so none is in the cache) and warm (the
// same request again). Prints one table with p50/p95 and ratios, and writes the samples to
// artifacts/bench/catalog-list-<size>-<db>.json. It measures; it asserts nothing. See bench/README.md.
//
//   node bench/catalog-list.ts [--size small|large|xlarge] [--db sqlite|postgres] [--skip-stock]
//                              [--ingest-timeout <min>]   (BENCH_REPS: samples per row, default 40)
//   BENCH_CPU_PROFILE_DIR=<dir>, BENCH_QUERY_STATS=1: then a profile of 20 cold default views (profileColdViews)
//
// Both apps start at once and ingest the catalog side by side (bounded: --ingest-timeout, 90 min by default;
// a stock app that has not finished by then is stopped and left out, and the table says so). Then the rows are
// measured interleaved (Atrium cold, Atrium warm, stock's requests on Atrium's backend, stock, in turn), so that
// whatever else loads the machine weighs on all alike. "stock page on Atrium" sends stock's catalog index
// requests to Atrium's own catalog (the same database and catalog backend, Atrium's permission policy, as
// Alice): a same-run baseline that needs no second ingestion.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { signIn } from '../tests/lib/auth.ts';
import {
  kindCounts,
  startBackend,
  type Backend,
} from '../tests/lib/backend.ts';
import { artifactDir } from '../tests/lib/paths.ts';
import { sleep } from '../tests/lib/proc.ts';
import { benchCatalog, catalogConfig, type Size } from './lib/catalog.ts';
import {
  DBS,
  startBenchPostgres,
  type BenchPostgres,
  type Db,
} from './lib/db.ts';
import {
  passProfiling,
  profiledPass,
  type PassProfiling,
} from './lib/profiledPass.ts';
import { ensureStockBackstage } from './lib/stock.ts';
import { atriumCatalogTuning } from './lib/productionConfig.ts';
import { startStockForBench } from './lib/stockBackend.ts';
import { log, printTable, quantile } from './lib/util.ts';
import {
  atriumView,
  PAGE,
  stockView,
  type View,
} from './lib/catalogListViews.ts';

const { values: args } = parseArgs({
  options: {
    size: { type: 'string', default: 'large' },
    db: { type: 'string', default: 'sqlite' },
    'skip-stock': { type: 'boolean', default: false },
    'ingest-timeout': { type: 'string', default: '90' },
  },
});
const SIZE = args.size as Size;
const DB = args.db as Db;
if (!['small', 'large', 'xlarge'].includes(SIZE) || !DBS.includes(DB)) {
  console.error(
    'usage: node bench/catalog-list.ts [--size small|large|xlarge] [--db sqlite|postgres] [--skip-stock]',
  );
  process.exit(2);
}
const REPS = Number(process.env.BENCH_REPS ?? 40);
const USER = 'alice.nakamura';
const INGEST_TIMEOUT_MS = Number(args['ingest-timeout']) * 60_000;
if (!(INGEST_TIMEOUT_MS > 0)) {
  console.error('--ingest-timeout takes minutes, above 0');
  process.exit(2);
}

const VIEWS: View[] = [
  { name: 'default (components by name)', filter: { kind: 'Component' } },
  {
    name: 'filtered (type service, lifecycle production)',
    filter: { kind: 'Component', type: ['service'], lifecycle: ['production'] },
  },
  // A generated component family (72 of large's 9,966 components); the small catalog is the demo's alone.
  SIZE === 'small'
    ? { name: 'text "payment"', filter: { kind: 'Component', text: 'payment' } }
    : {
        name: 'text "billing-resolver"',
        filter: { kind: 'Component', text: 'billing-resolver' },
      },
];

// ---------------------------------------------------------------------------------------------------------
// Servers are stopped, and their folders and databases removed, at the end, on error and on Ctrl-C.

const cleanups: Array<() => Promise<void>> = [];
let postgres: BenchPostgres | undefined;
const cleanUp = async () => {
  for (const fn of cleanups.splice(0).reverse())
    await fn().catch(error => log(`cleanup: ${error}`));
  await postgres?.stop().catch(error => log(`PostgreSQL stop: ${error}`));
};
let stopping = false;
const onSignal = (signal: NodeJS.Signals) => {
  if (stopping) return;
  stopping = true;
  log(`${signal}: stopping the servers`);
  cleanUp().finally(() => process.exit(130));
};
process.on('SIGINT', onSignal);
process.on('SIGTERM', onSignal);
const tempDir = (prefix: string) => {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  cleanups.push(async () => rmSync(dir, { recursive: true, force: true }));
  return dir;
};

// ---------------------------------------------------------------------------------------------------------
// Starting the apps and waiting for the catalog.

interface App {
  baseUrl: string;
  serviceToken: string;
  stop(): Promise<void>;
}

/** Atrium's backend, with what the profiling pass needs (see `profileColdViews`). */
type AtriumApp = Backend & { profiling: PassProfiling };

async function startAtrium(): Promise<AtriumApp> {
  const dir = tempDir('atrium-bench-list-');
  const profiling = passProfiling(dir, `catalog-list-${SIZE}-${DB}`);
  const config = join(dir, 'app-config.bench-list.yaml');
  const prefix = `atrium_list_${SIZE}_`;
  writeFileSync(
    config,
    JSON.stringify({
      catalog: {
        ...catalogConfig(benchCatalog(SIZE)),
        ...atriumCatalogTuning(),
      },
      ...(postgres
        ? { backend: { database: postgres.databaseConfig(prefix) } }
        : {}),
    }),
  );
  const backend = await startBackend({
    name: `bench-catalog-list-atrium-${SIZE}-${DB}`,
    configs: [config],
    dataDir: dir,
    env: profiling.env,
  });
  cleanups.push(async () => {
    await backend.stop();
    await postgres?.drop(prefix);
  });
  return Object.assign(backend, { profiling });
}

/**
 * With BENCH_CPU_PROFILE_DIR and/or BENCH_QUERY_STATS=1: after the table, PROFILE_VIEWS cold requests of the
 * default view alone, one after another, with the backend's CPU profile over just them
 * (<dir>/catalog-list-<size>-<db>.cpuprofile; read it with `node bench/lib/cpuprofile.ts <file>`) and the
 * database statements they ran (countQueries.cjs), the costliest printed. What a cold view is made of.
 */
const PROFILE_VIEWS = 20;
async function profileColdViews(atrium: AtriumApp, token: string) {
  const run = randomBytes(4).toString('hex');
  await profiledPass(
    atrium.process.child.pid!,
    atrium.profiling,
    `Atrium, ${PROFILE_VIEWS} cold default views`,
    PROFILE_VIEWS,
    i => atriumView(atrium.baseUrl, token, VIEWS[0], `profile-${run}-${i}`),
  );
}

async function startStock(): Promise<App> {
  await ensureStockBackstage();
  const dir = tempDir('stock-bench-list-');
  const prefix = `stock_list_${SIZE}_`;
  const backend = await startStockForBench({
    name: `bench-catalog-list-stock-${SIZE}-${DB}`,
    dataDir: dir,
    catalog: catalogConfig(benchCatalog(SIZE)),
    database: postgres?.databaseConfig(prefix),
  });
  cleanups.push(async () => {
    await backend.stop();
    await postgres?.drop(prefix);
  });
  return backend;
}

async function waitForIngestion(name: string, app: App): Promise<number> {
  const { kindCounts: want, total } = benchCatalog(SIZE);
  const t0 = Date.now();
  let lastLog = t0;
  while (Date.now() - t0 < INGEST_TIMEOUT_MS) {
    const counts = await kindCounts(app.baseUrl, app.serviceToken).catch(
      () => ({} as Record<string, number>),
    );
    if (Object.entries(want).every(([k, n]) => (counts[k] ?? 0) >= n))
      return (Date.now() - t0) / 1000;
    if (Date.now() - lastLog > 60_000) {
      lastLog = Date.now();
      const seen = Object.values(counts).reduce((a, b) => a + b, 0);
      log(`${name}: ${seen} of ${total} entities`);
    }
    await sleep(2000);
  }
  throw new Error(`${name} did not ingest ${total} entities in time`);
}

// ---------------------------------------------------------------------------------------------------------

interface Samples {
  cold: number[];
  warm: number[];
  /** Stock's requests on Atrium's backend. */
  rest: number[];
  stock: number[];
}

/**
 * One sample's time. A request that fails before an answer (a keep-alive socket the server closed as it was
 * reused: ECONNRESET, seen once in a large run) is sent again, at most twice, and only the answered one timed.
 */
async function time(fn: () => Promise<unknown>): Promise<number> {
  for (let attempt = 0; ; attempt++) {
    const t = performance.now();
    try {
      await fn();
      return performance.now() - t;
    } catch (error) {
      const network = (error as Error).message === 'fetch failed';
      if (!network || attempt >= 2) throw error;
      log(`retrying after ${(error as any).cause?.code ?? error}`);
    }
  }
}

async function main() {
  if (DB === 'postgres') postgres = await startBenchPostgres();
  const catalog = benchCatalog(SIZE);
  log(`catalog ${SIZE}: ${catalog.total} entities, db ${DB}`);
  const [atrium, stock] = await Promise.all([
    startAtrium(),
    args['skip-stock'] ? undefined : startStock(),
  ]);
  let live = stock;
  const [atriumIngest, stockIngest] = await Promise.all([
    waitForIngestion('Atrium', atrium),
    stock
      ? waitForIngestion('stock', stock).catch(async error => {
          log(`${(error as Error).message}: stock is left out`);
          live = undefined;
          await stock.stop();
          return undefined;
        })
      : undefined,
  ]);
  log(
    `ingested: Atrium ${atriumIngest.toFixed(0)} s${
      stockIngest === undefined ? '' : `, stock ${stockIngest.toFixed(0)} s`
    }`,
  );
  const signedIn = await signIn(atrium.baseUrl, USER);
  const token = signedIn.token;
  const aliceRefs = signedIn.identity.ownershipEntityRefs;
  let stockToken = '';
  if (live) {
    const res = await fetch(`${live.baseUrl}/api/auth/guest/refresh`, {
      headers: { 'x-requested-with': 'XMLHttpRequest' },
    });
    if (!res.ok) throw new Error(`guest refresh: ${res.status}`);
    stockToken = ((await res.json()) as any).backstageIdentity.token;
  }
  const stockOwnership = ['user:development/guest'];

  const results: Record<string, Samples> = {};
  for (const view of VIEWS) {
    // Every app answers the view before it is timed (and a row that reads nothing would be a broken bench).
    for (let i = 0; i < 3; i++) {
      const n = await atriumView(atrium.baseUrl, token, view, `w${i}`);
      if (n === 0) throw new Error(`Atrium lists nothing for ${view.name}`);
      await stockView(atrium.baseUrl, token, view, aliceRefs);
      if (live) await stockView(live.baseUrl, stockToken, view, stockOwnership);
    }
    const samples: Samples = { cold: [], warm: [], rest: [], stock: [] };
    const run = randomBytes(4).toString('hex');
    for (let i = 0; i < REPS; i++) {
      samples.cold.push(
        await time(() =>
          atriumView(atrium.baseUrl, token, view, `${run}-${i}`),
        ),
      );
      samples.warm.push(
        await time(() => atriumView(atrium.baseUrl, token, view)),
      );
      samples.rest.push(
        await time(() => stockView(atrium.baseUrl, token, view, aliceRefs)),
      );
      const app = live;
      if (app)
        samples.stock.push(
          await time(() =>
            stockView(app.baseUrl, stockToken, view, stockOwnership),
          ),
        );
    }
    results[view.name] = samples;
    const p50 = (v: number[]) => quantile(v, 0.5).toFixed(1);
    log(
      `${view.name}: p50 cold ${p50(samples.cold)} ms, warm ${p50(
        samples.warm,
      )} ms, ` +
        `stock page on Atrium ${p50(samples.rest)} ms${
          live ? `, stock ${p50(samples.stock)} ms` : ''
        }`,
    );
  }

  const fmt = (v: number) => (Number.isFinite(v) ? v.toFixed(1) : '–');
  const ratio = (a: number, b: number) =>
    Number.isFinite(a) && Number.isFinite(b) && b > 0
      ? `${(a / b).toFixed(2)}×`
      : '–';
  const rows: string[][] = [];
  for (const [name, s] of Object.entries(results)) {
    for (const q of [0.5, 0.95]) {
      const restQ = quantile(s.rest, q);
      const stockQ = quantile(s.stock, q);
      for (const which of ['cold', 'warm'] as const) {
        const a = quantile(s[which], q);
        let goal = '';
        if (q === 0.95)
          goal = a <= 100 ? 'met (≤ 100 ms)' : 'missed (≤ 100 ms)';
        rows.push([
          `${name}: ${which}, p${q * 100} ms`,
          fmt(a),
          fmt(restQ),
          ratio(a, restQ),
          fmt(stockQ),
          ratio(a, stockQ),
          goal,
        ]);
      }
    }
  }
  console.log(
    `\nCatalog list, first page (${PAGE} items), server side: ${SIZE} (${catalog.total} entities), ${DB}, ${REPS} samples per row`,
  );
  console.log(
    "stock: its catalog index page's requests on load, at once; no response cache (one figure for cold and warm)",
  );
  if (stock && !live) {
    console.log(
      `stock did not ingest the catalog within ${
        INGEST_TIMEOUT_MS / 60_000
      } min: its columns are empty`,
    );
  }
  console.log('');
  printTable(
    [
      'measurement',
      'Atrium',
      'stock page on Atrium',
      'Atrium/that',
      'stock',
      'Atrium/stock',
      'goal p95',
    ],
    rows,
  );
  const out = join(artifactDir('bench'), `catalog-list-${SIZE}-${DB}.json`);
  writeFileSync(
    out,
    JSON.stringify(
      {
        size: SIZE,
        db: DB,
        entities: catalog.total,
        reps: REPS,
        atriumIngest,
        stockIngest,
        results,
      },
      null,
      2,
    ),
  );
  log(`wrote ${out}`);
  await profileColdViews(atrium, token);
}

main()
  .catch(error => {
    console.error(error);
    process.exitCode = 1;
  })
  .finally(cleanUp);
