// How fast Atrium is next to stock Backstage of the same release (1.55), side by side on the same machine and
// the same catalog: page loads in Chromium (cold and warm), in-app navigation, the JavaScript a page needs
// before it shows its content, and the server's latency and throughput for a component page's data. Prints
// one table per catalog size with the goals of issues 5 and 16 marked met or missed, and writes the numbers to
// artifacts/bench/speed-<size>-<db>.json. It measures; it asserts nothing. See bench/README.md.
//
//   node bench/speed.ts [--size small|large|xlarge|both|all] [--db sqlite|postgres] [--ingest-timeout <min>]
//                       [--skip-stock] [--generate-only]             (BENCH_REPS: repetitions, default 5)
//
// --db postgres makes one throwaway PostgreSQL cluster for the run (Debian's server, as the tests make it) and
// gives both apps databases of their own in it; it is stopped and removed at the end, on failure and on Ctrl-C.
// --generate-only writes the catalogs of the sizes, counts their entities by kind, checks their refs, and stops.
//
// Stock Backstage is scaffolded once into the git-ignored .bench/stock-backstage (bench/lib/stock.ts; the first
// run installs and builds it, which takes minutes). --skip-stock measures Atrium only and compares it with the
// stock numbers of the last run's JSON, when there is one.
import {
  existsSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { DEMO_PASSWORD, signIn } from '../tests/lib/auth.ts';
import { kindCounts, startBackend } from '../tests/lib/backend.ts';
import { signInInBrowser } from '../tests/lib/browser.ts';
import { artifactDir, ROOT } from '../tests/lib/paths.ts';
import { sleep } from '../tests/lib/proc.ts';
import {
  measureApp,
  type AppUnderTest,
  type BrowserResults,
  type PageKey,
  type PageSpec,
} from './lib/browser.ts';
import {
  benchCatalog,
  catalogConfig,
  checkCatalog,
  type BenchCatalog,
  type Size,
} from './lib/catalog.ts';
import {
  DBS,
  startBenchPostgres,
  type BenchPostgres,
  type Db,
} from './lib/db.ts';
import {
  atriumComponentData,
  stockComponentData,
  type PageData,
} from './lib/pagedata.ts';
import {
  ensureStockBackstage,
  startStockForBench,
  type StockSetup,
} from './lib/stock.ts';
import { log, median, printTable, quantile, runBounded } from './lib/util.ts';

const { values: args } = parseArgs({
  options: {
    size: { type: 'string', default: 'small' },
    db: { type: 'string', default: 'sqlite' },
    'ingest-timeout': { type: 'string' },
    'skip-stock': { type: 'boolean', default: false },
    'generate-only': { type: 'boolean', default: false },
  },
});
const SIZE_CHOICES: Record<string, Size[]> = {
  small: ['small'],
  large: ['large'],
  xlarge: ['xlarge'],
  both: ['small', 'large'],
  all: ['small', 'large', 'xlarge'],
};
const ingestTimeoutArg =
  args['ingest-timeout'] === undefined
    ? undefined
    : Number(args['ingest-timeout']);
if (
  !SIZE_CHOICES[args.size!] ||
  !DBS.includes(args.db as Db) ||
  (ingestTimeoutArg !== undefined && !(ingestTimeoutArg > 0))
) {
  console.error(
    'usage: node bench/speed.ts [--size small|large|xlarge|both|all] [--db sqlite|postgres] ' +
      '[--ingest-timeout <minutes>] [--skip-stock] [--generate-only]',
  );
  process.exit(2);
}
const SIZES = SIZE_CHOICES[args.size!];
const DB = args.db as Db;
const SKIP_STOCK = args['skip-stock']!;
const REPS = Number(process.env.BENCH_REPS ?? 5);
const COMPONENT_REF = 'component:default/payments-gateway';
const USER = 'alice.nakamura';
/** Server rows: each bounded to this many page-data units or this long, whichever comes first. */
const SERVER_UNITS = 2000;
const SERVER_MS = 10_000;
const CLIENTS = [1, 20];
/**
 * Ingestion bounds, per size (--ingest-timeout, in minutes, sets one for all). Atrium took ~18 min for large on
 * SQLite; xlarge has 3.4× its entities, so 3 h leaves it room. An app that does not finish in time is not
 * measured further: stock's rows then stay empty and the table says so.
 */
const INGEST_TIMEOUT_MS: Record<Size, number> =
  ingestTimeoutArg !== undefined
    ? {
        small: ingestTimeoutArg * 60_000,
        large: ingestTimeoutArg * 60_000,
        xlarge: ingestTimeoutArg * 60_000,
      }
    : { small: 5 * 60_000, large: 60 * 60_000, xlarge: 180 * 60_000 };

// ---------------------------------------------------------------------------------------------------------
// Servers are stopped at the end, on error and on Ctrl-C.

const running = new Set<{ stop(): Promise<void> }>();
/** Each app's data folder (SQLite, bench config), removed when the app is done or the bench is stopped. */
const tempDirs = new Set<string>();
const makeTempDir = (prefix: string) => {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  tempDirs.add(dir);
  return dir;
};
const removeTempDir = (dir: string) => {
  rmSync(dir, { recursive: true, force: true });
  tempDirs.delete(dir);
};
/** The run's PostgreSQL cluster (--db postgres), stopped after the servers. */
let postgres: BenchPostgres | undefined;
const stopAll = async () => {
  await Promise.all([...running].map(s => s.stop().catch(() => undefined)));
  for (const dir of tempDirs) removeTempDir(dir);
  await postgres?.stop().catch(error => log(`PostgreSQL stop: ${error}`));
};
// Every signal is caught, not only the first: a second one (Ctrl-C twice, or `timeout` passing on the group's
// SIGINT) would otherwise end the bench with its servers and the PostgreSQL cluster still running.
let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (stopping) return log(`${signal}: already stopping`);
    stopping = true;
    log(`${signal}: stopping the servers`);
    stopAll().finally(() => process.exit(130));
  });
}

// ---------------------------------------------------------------------------------------------------------
// The pages, and what counts as their meaningful content in each app.

const COMPONENT_PATH = '/catalog/default/component/payments-gateway';
const componentPage: PageSpec = {
  key: 'component',
  path: COMPONENT_PATH,
  content:
    'a heading "Payments Gateway" and its description (About card): "Authorises, captures and refunds payments"',
  test: "heading(/Payments Gateway/) && text('Authorises, captures and refunds payments')",
};
const catalogPage: PageSpec = {
  key: 'catalog',
  path: '/catalog',
  content: "the catalog table's first row, a link to a component",
  test: 'element(\'table tbody tr a[href*="/catalog/default/component/"]\')',
};
const atriumHome: PageSpec = {
  key: 'home',
  path: '/',
  content:
    'the personal overview at the top: the heading "Welcome, <name>" and the "My services" card',
  test: "heading(/^Welcome, /) && text('My services')",
};
const stockHome: PageSpec = {
  key: 'home',
  path: '/',
  content:
    'the first widget (Getting Started): its heading "Welcome to Backstage!"',
  test: 'heading(/Welcome to Backstage!/)',
};

function atriumApp(baseUrl: string): AppUnderTest {
  return {
    name: 'Atrium',
    baseUrl,
    pages: [atriumHome, catalogPage, componentPage],
    // Home's "My services" lists Alice's team's components, Payments Gateway among them.
    navigation: { linkSelector: `main a[href$="${COMPONENT_PATH}"]` },
    async signIn(page) {
      await signInInBrowser(page, baseUrl, USER, DEMO_PASSWORD);
      await page
        .getByRole('heading', { name: /^Good (morning|afternoon|evening)/ })
        .waitFor({ timeout: 60_000 });
    },
  };
}

function stockApp(baseUrl: string): AppUnderTest {
  return {
    name: 'stock',
    baseUrl,
    pages: [stockHome, catalogPage, componentPage],
    // The template's Home links no component (the guest stars none).
    navigation: {},
    async signIn(page) {
      // The template's sign-in page: the guest provider's "Enter".
      await page.goto(baseUrl, { waitUntil: 'domcontentloaded' });
      await page
        .getByRole('button', { name: 'Enter' })
        .click({ timeout: 60_000 });
      await page
        .getByRole('heading', { name: /Welcome to Backstage!/ })
        .waitFor({ timeout: 60_000 });
    },
  };
}

// ---------------------------------------------------------------------------------------------------------
// Server side: one "unit" is everything the component page needs from the server (bench/lib/pagedata.ts).

interface ServerRow {
  clients: number;
  units: number;
  errors: number;
  seconds: number;
  p50: number;
  p95: number;
  unitsPerSecond: number;
  /** HTTP requests in one unit. */
  requestsPerUnit: number;
}

async function measureServer(
  unit: () => Promise<PageData>,
): Promise<ServerRow[]> {
  const warm = await unit(); // also checks that the unit reads the component
  if (warm.title !== 'Payments Gateway')
    throw new Error(`page data read "${warm.title}", not Payments Gateway`);
  for (let i = 0; i < 19; i++) await unit();
  const rows: ServerRow[] = [];
  for (const clients of CLIENTS) {
    const times: number[] = [];
    let started = 0;
    let errors = 0;
    let lastError: unknown;
    const t0 = performance.now();
    const stopAt = t0 + SERVER_MS;
    await Promise.all(
      Array.from({ length: clients }, async () => {
        while (
          started < SERVER_UNITS &&
          performance.now() < stopAt &&
          errors < 50
        ) {
          started++;
          const t = performance.now();
          try {
            await unit();
            times.push(performance.now() - t);
          } catch (error) {
            errors++;
            lastError = error;
          }
        }
      }),
    );
    const seconds = (performance.now() - t0) / 1000;
    if (errors > 0) log(`page data: ${errors} errors, last: ${lastError}`);
    rows.push({
      clients,
      units: times.length,
      errors,
      seconds,
      p50: quantile(times, 0.5),
      p95: quantile(times, 0.95),
      unitsPerSecond: times.length / seconds,
      requestsPerUnit: warm.requests,
    });
    log(
      `  ${clients} client(s): ${times.length} units in ${seconds.toFixed(
        1,
      )} s, ` +
        `p50 ${quantile(times, 0.5).toFixed(1)} ms, p95 ${quantile(
          times,
          0.95,
        ).toFixed(1)} ms`,
    );
  }
  return rows;
}

// ---------------------------------------------------------------------------------------------------------
// One app: start, wait for the catalog, measure in the browser and on the server, stop.

interface AppResults {
  baseUrl: string;
  /** Backend process start to ready. */
  startSeconds: number;
  /** Ready to every entity of the catalog's files in the catalog API. */
  ingestSeconds: number;
  /** The backend's resident memory (its process tree) once ingested, MB. */
  rssMB: number;
  browser: BrowserResults;
  server: ServerRow[];
}

/** An app whose catalog did not hold every entity within the bound: it is not measured further. */
class IngestTimeout extends Error {
  readonly minutes: number;
  readonly seen: number;
  readonly expected: number;
  constructor(minutes: number, seen: number, expected: number) {
    super(
      `did not finish ingesting in ${minutes} min (${seen} of ${expected} entities)`,
    );
    this.minutes = minutes;
    this.seen = seen;
    this.expected = expected;
  }
}

/** Waits (bounded) until the catalog API counts every entity of the files, kind by kind. */
async function waitForIngestion(
  name: string,
  baseUrl: string,
  token: string,
  catalog: BenchCatalog,
): Promise<number> {
  const timeoutMs = INGEST_TIMEOUT_MS[catalog.size];
  const t0 = Date.now();
  let counts: Record<string, number> = {};
  let lastLog = t0;
  for (;;) {
    try {
      counts = await kindCounts(baseUrl, token);
    } catch {
      /* the catalog is not answering yet */
    }
    const done = Object.entries(catalog.kindCounts).every(
      ([kind, n]) => (counts[kind] ?? 0) >= n,
    );
    if (done) return (Date.now() - t0) / 1000;
    const seen = Object.entries(catalog.kindCounts).reduce(
      (sum, [kind, n]) => sum + Math.min(n, counts[kind] ?? 0),
      0,
    );
    if (Date.now() - t0 >= timeoutMs)
      throw new IngestTimeout(timeoutMs / 60_000, seen, catalog.total);
    if (Date.now() - lastLog >= 60_000) {
      lastLog = Date.now();
      log(
        `${name}: ${seen} of ${catalog.total} entities after ${(
          (lastLog - t0) /
          1000
        ).toFixed(0)} s`,
      );
    }
    await sleep(1000);
  }
}

/** Resident memory of a process and its descendants, MB (Linux /proc). */
function treeRssMB(pid: number): number {
  let kB = 0;
  const visit = (p: number) => {
    try {
      const status = readFileSync(`/proc/${p}/status`, 'utf8');
      kB += Number(/^VmRSS:\s+(\d+) kB/m.exec(status)?.[1] ?? 0);
      const children = readFileSync(`/proc/${p}/task/${p}/children`, 'utf8');
      for (const c of children.split(' ').filter(Boolean)) visit(Number(c));
    } catch {
      /* exited */
    }
  };
  visit(pid);
  return kB / 1024;
}

async function measure(
  name: string,
  start: () => Promise<{
    baseUrl: string;
    serviceToken: string;
    pid: number;
    stop(): Promise<void>;
  }>,
  catalog: BenchCatalog,
  userToken: (baseUrl: string) => Promise<string>,
  app: (baseUrl: string) => AppUnderTest,
  pageData: (baseUrl: string, token: string, ref: string) => Promise<PageData>,
): Promise<AppResults> {
  log(`${name}: starting`);
  const t0 = Date.now();
  const server = await start();
  running.add(server);
  try {
    const startSeconds = (Date.now() - t0) / 1000;
    log(
      `${name}: ready in ${startSeconds.toFixed(0)} s; waiting for ${
        catalog.total
      } entities`,
    );
    const ingestSeconds = await waitForIngestion(
      name,
      server.baseUrl,
      server.serviceToken,
      catalog,
    );
    const rssMB = treeRssMB(server.pid);
    log(
      `${name}: catalog ingested in ${ingestSeconds.toFixed(
        0,
      )} s; backend RSS ${rssMB.toFixed(0)} MB`,
    );

    const browser = await measureApp(app(server.baseUrl), REPS, log);
    log(`${name}: component page data (${COMPONENT_REF})`);
    const token = await userToken(server.baseUrl);
    const serverRows = await measureServer(() =>
      pageData(server.baseUrl, token, COMPONENT_REF),
    );
    return {
      baseUrl: server.baseUrl,
      startSeconds,
      ingestSeconds,
      rssMB,
      browser,
      server: serverRows,
    };
  } finally {
    await server.stop();
    running.delete(server);
  }
}

/** Each app's and size's databases in the run's PostgreSQL cluster are named `<prefix><plugin id>`. */
const dbPrefix = (app: 'atrium' | 'stock', size: Size) => `${app}_${size}_`;

async function measureAtrium(catalog: BenchCatalog): Promise<AppResults> {
  const dir = makeTempDir('atrium-bench-speed-');
  const config = join(dir, 'app-config.bench-speed.yaml');
  const prefix = dbPrefix('atrium', catalog.size);
  writeFileSync(
    config,
    JSON.stringify({
      catalog: catalogConfig(catalog),
      ...(postgres
        ? { backend: { database: postgres.databaseConfig(prefix) } }
        : {}),
    }),
  );
  try {
    return await measure(
      'Atrium',
      async () => {
        const backend = await startBackend({
          name: `bench-speed-atrium-${catalog.size}-${DB}`,
          configs: [config],
          dataDir: dir,
        });
        return { ...backend, pid: backend.process.child.pid! };
      },
      catalog,
      async baseUrl => (await signIn(baseUrl, USER)).token,
      atriumApp,
      atriumComponentData,
    );
  } finally {
    removeTempDir(dir);
    await postgres?.drop(prefix);
  }
}

async function measureStock(catalog: BenchCatalog): Promise<AppResults> {
  const dir = makeTempDir('stock-bench-speed-');
  const prefix = dbPrefix('stock', catalog.size);
  try {
    return await measure(
      'stock',
      async () => {
        const backend = await startStockForBench({
          name: `bench-speed-stock-${catalog.size}-${DB}`,
          dataDir: dir,
          catalog: catalogConfig(catalog),
          database: postgres?.databaseConfig(prefix),
        });
        return { ...backend, pid: backend.process.child.pid! };
      },
      catalog,
      async baseUrl => {
        // The token the template's guest sign-in gets.
        const res = await fetch(`${baseUrl}/api/auth/guest/refresh`, {
          headers: { 'x-requested-with': 'XMLHttpRequest' },
        });
        if (!res.ok) throw new Error(`guest refresh: ${res.status}`);
        return ((await res.json()) as any).backstageIdentity.token;
      },
      stockApp,
      stockComponentData,
    );
  } finally {
    removeTempDir(dir);
    await postgres?.drop(prefix);
  }
}

// ---------------------------------------------------------------------------------------------------------
// The table: one row per measurement, Atrium next to stock, and the goals where there is one.

interface Goal {
  text: string;
  met: (atrium: number, stock: number) => boolean;
  needsStock: boolean;
}
const atMostTimesStock = (x: number): Goal => ({
  text: x === 1 ? '≤ stock' : `≤ ${x}× stock`,
  met: (a, s) => a <= x * s,
  needsStock: true,
});
const atLeastTimesStock = (x: number): Goal => ({
  text: `≥ ${x}× stock`,
  met: (a, s) => a >= x * s,
  needsStock: true,
});
const atMost = (v: number, unit: string): Goal => ({
  text: `≤ ${v} ${unit}`,
  met: a => a <= v,
  needsStock: false,
});

interface Row {
  measurement: string;
  atrium?: number;
  stock?: number;
  /** Stock did not finish in this long: its value is at least this (ingestion). */
  stockAbove?: number;
  digits: number;
  goal?: Goal;
}

/** A row's goal: met, missed, or n/a (no stock figure to compare with). */
function verdict(r: Row): boolean | undefined {
  if (!r.goal || r.atrium === undefined) return undefined;
  if (!r.goal.needsStock) return r.goal.met(r.atrium, NaN);
  if (r.stock !== undefined) return r.goal.met(r.atrium, r.stock);
  // Stock took longer than `stockAbove`: an "at most x× stock" goal met against that is met against stock.
  if (r.stockAbove !== undefined && r.goal.met(r.atrium, r.stockAbove))
    return true;
  return undefined;
}

function rowsFor(
  atrium?: AppResults,
  stock?: AppResults,
  stockIngestTimeout?: IngestTimeout,
): Row[] {
  const rows: Row[] = [];
  const pick = <T>(r: AppResults | undefined, f: (r: AppResults) => T) =>
    r ? f(r) : undefined;
  const titles: Record<PageKey, string> = {
    home: 'Home (/)',
    catalog: 'Catalog list (/catalog)',
    component: 'Component page',
  };
  for (const key of ['home', 'catalog', 'component'] as PageKey[]) {
    const p = (r: AppResults) => r.browser.pages[key];
    rows.push(
      {
        measurement: `${titles[key]}: cold, ms to content`,
        atrium: pick(atrium, r => median(p(r).cold.map(s => s.ms))),
        stock: pick(stock, r => median(p(r).cold.map(s => s.ms))),
        digits: 0,
        goal: atMostTimesStock(0.2),
      },
      {
        measurement: `${titles[key]}: warm, ms to content`,
        atrium: pick(atrium, r => median(p(r).warm.map(s => s.ms))),
        stock: pick(stock, r => median(p(r).warm.map(s => s.ms))),
        digits: 0,
      },
      {
        measurement: `${titles[key]}: JS before content, KB (cold)`,
        atrium: pick(atrium, r => median(p(r).cold.map(s => s.jsBytes)) / 1024),
        stock: pick(stock, r => median(p(r).cold.map(s => s.jsBytes)) / 1024),
        digits: 0,
        goal: atMostTimesStock(0.33),
      },
      {
        measurement: `${titles[key]}: requests before content (cold)`,
        atrium: pick(atrium, r => median(p(r).cold.map(s => s.requests))),
        stock: pick(stock, r => median(p(r).cold.map(s => s.requests))),
        digits: 0,
      },
    );
  }
  rows.push(
    {
      measurement: 'In-app navigation Home → component, ms (median)',
      atrium: pick(atrium, r => median(r.browser.navigation.ms)),
      stock: pick(stock, r => median(r.browser.navigation.ms)),
      digits: 0,
      goal: atMost(100, 'ms'),
    },
    {
      measurement: 'In-app navigation Home → component, ms (p90)',
      atrium: pick(atrium, r => quantile(r.browser.navigation.ms, 0.9)),
      stock: pick(stock, r => quantile(r.browser.navigation.ms, 0.9)),
      digits: 0,
      goal: atMost(200, 'ms'),
    },
  );
  for (const clients of CLIENTS) {
    const s = (r: AppResults) => r.server.find(x => x.clients === clients)!;
    rows.push(
      {
        measurement: `Component data, ${clients} client(s): p50 ms`,
        atrium: pick(atrium, r => s(r).p50),
        stock: pick(stock, r => s(r).p50),
        digits: 1,
      },
      {
        measurement: `Component data, ${clients} client(s): p95 ms`,
        atrium: pick(atrium, r => s(r).p95),
        stock: pick(stock, r => s(r).p95),
        digits: 1,
      },
      {
        measurement: `Component data, ${clients} client(s): pages/s`,
        atrium: pick(atrium, r => s(r).unitsPerSecond),
        stock: pick(stock, r => s(r).unitsPerSecond),
        digits: 1,
        goal: clients === 20 ? atLeastTimesStock(10) : undefined,
      },
    );
  }
  rows.push(
    {
      measurement: 'Catalog ingestion (whole catalog queryable), s',
      atrium: pick(atrium, r => r.ingestSeconds),
      stock: pick(stock, r => r.ingestSeconds),
      stockAbove: stockIngestTimeout && stockIngestTimeout.minutes * 60,
      digits: 0,
      goal: atMostTimesStock(0.5),
    },
    {
      measurement: 'Backend RSS after ingestion, MB',
      atrium: pick(atrium, r => r.rssMB),
      stock: pick(stock, r => r.rssMB),
      digits: 0,
      goal: atMostTimesStock(1),
    },
    {
      measurement: 'Backend start to ready, s',
      atrium: pick(atrium, r => r.startSeconds),
      stock: pick(stock, r => r.startSeconds),
      digits: 0,
    },
  );
  return rows;
}

function printRows(rows: Row[]) {
  const fmt = (v: number | undefined, digits: number) =>
    v === undefined || !Number.isFinite(v) ? '–' : v.toFixed(digits);
  printTable(
    ['measurement', 'Atrium', 'stock', 'Atrium/stock', 'goal', 'result'],
    rows.map(r => {
      const ratio =
        r.atrium !== undefined && r.stock !== undefined && r.stock > 0
          ? r.atrium / r.stock
          : undefined;
      const met = verdict(r);
      const result =
        !r.goal || r.atrium === undefined
          ? ''
          : met === undefined
          ? 'n/a'
          : met
          ? 'met'
          : 'missed';
      return [
        r.measurement,
        fmt(r.atrium, r.digits),
        r.stock === undefined && r.stockAbove !== undefined
          ? `> ${r.stockAbove.toFixed(0)}`
          : fmt(r.stock, r.digits),
        ratio === undefined ? '–' : `${ratio.toFixed(2)}×`,
        r.goal?.text ?? '',
        result,
      ];
    }),
  );
}

// ---------------------------------------------------------------------------------------------------------

/** Builds Atrium's frontend when its inputs changed, as scripts/start.sh does (and installs on a fresh clone). */
async function ensureAtriumFrontend() {
  log('Atrium: frontend build (skipped when nothing changed)');
  await runBounded(
    'bash',
    [
      '-c',
      'source scripts/lib/env.sh && source scripts/lib/backend.sh && ensure_node && ensure_yarn && ' +
        '{ [ -f node_modules/.atrium-install ] || ensure_deps; } && ensure_frontend_build',
    ],
    {
      cwd: ROOT,
      logFile: join(artifactDir('logs'), 'bench-speed-build.log'),
      timeoutMs: 30 * 60_000,
    },
  );
}

/** --generate-only: each size's catalog written, counted by kind and its refs checked; no app is started. */
function generateOnly() {
  for (const size of SIZES) {
    const t0 = Date.now();
    const catalog = benchCatalog(size);
    const check = checkCatalog(catalog);
    console.log(
      `\nCatalog "${size}": ${check.total} entities in ${
        catalog.files.length
      } files (generated and read back in ${((Date.now() - t0) / 1000).toFixed(
        1,
      )} s); ${check.refs} refs, ${check.unresolved.length} unresolved`,
    );
    printTable(
      ['kind', 'entities'],
      Object.entries(check.kindCounts)
        .sort(([, a], [, b]) => b - a)
        .map(([kind, n]) => [kind, String(n)]),
    );
    for (const u of check.unresolved.slice(0, 20))
      console.log(`unresolved: ${u}`);
    const expected = JSON.stringify(Object.entries(catalog.kindCounts).sort());
    const read = JSON.stringify(
      Object.entries(check.kindCounts)
        .filter(([kind]) => kind in catalog.kindCounts)
        .sort(),
    );
    if (expected !== read) {
      console.log(`counts differ from the generator's: ${expected}`);
      process.exitCode = 1;
    }
    if (check.unresolved.length > 0) process.exitCode = 1;
  }
}

async function main() {
  if (args['generate-only']) {
    generateOnly();
    return;
  }
  await ensureAtriumFrontend();
  let stockSetup: StockSetup | undefined;
  if (!SKIP_STOCK) {
    log('stock Backstage: setup (the first run installs and builds; minutes)');
    stockSetup = await ensureStockBackstage();
  }
  if (DB === 'postgres') {
    log('PostgreSQL: a throwaway cluster for this run');
    postgres = await startBenchPostgres();
  }
  for (const size of SIZES) {
    const catalog = benchCatalog(size);
    log(
      `size ${size}: ${catalog.total} entities (${Object.entries(
        catalog.kindCounts,
      )
        .map(([k, n]) => `${n} ${k}`)
        .join(', ')})`,
    );
    const outFile = join(artifactDir('bench'), `speed-${size}-${DB}.json`);
    const previous = existsSync(outFile)
      ? JSON.parse(readFileSync(outFile, 'utf8'))
      : undefined;

    // One app at a time, so they never compete for the machine's cores. A failing app is reported and the
    // other one is still measured.
    const failures: string[] = [];
    const attempt = async (
      name: string,
      f: () => Promise<AppResults | undefined>,
    ) => {
      try {
        return await f();
      } catch (error) {
        log(
          `${name} failed: ${
            error instanceof IngestTimeout
              ? error.message
              : (error as Error).stack ?? error
          }`,
        );
        failures.push(`${name}: ${(error as Error).message.split('\n')[0]}`);
        return undefined;
      }
    };
    let stockIngestTimeout: IngestTimeout | undefined;
    const save = (
      atrium: AppResults | undefined,
      stock: AppResults | undefined,
      stockFrom: string,
      complete: boolean,
    ) => {
      const rows = rowsFor(atrium, stock, stockIngestTimeout);
      writeFileSync(
        outFile,
        JSON.stringify(
          {
            size,
            db: DB,
            postgresVersion: postgres?.version,
            ingestTimeoutMinutes: INGEST_TIMEOUT_MS[size] / 60_000,
            complete,
            date: new Date().toISOString(),
            machine: { cpus: cpus().length, node: process.version },
            reps: REPS,
            catalog: {
              total: catalog.total,
              kindCounts: catalog.kindCounts,
              files: catalog.files,
            },
            pages: {
              atrium: [atriumHome, catalogPage, componentPage],
              stock: [stockHome, catalogPage, componentPage],
            },
            stockSetup: stockSetup ?? previous?.stockSetup,
            stockFrom,
            failures,
            stockDidNotIngest: stockIngestTimeout?.message,
            atrium,
            stock,
            table: rows.map(r => ({
              measurement: r.measurement,
              atrium: r.atrium,
              stock: r.stock,
              stockAbove: r.stockAbove,
              ratio:
                r.atrium !== undefined && r.stock
                  ? r.atrium / r.stock
                  : undefined,
              goal: r.goal?.text,
              met: verdict(r),
            })),
          },
          null,
          2,
        ),
      );
    };
    const atrium = await attempt('Atrium', () => measureAtrium(catalog));
    // Kept at once, so an interrupted run (Ctrl-C, a stock failure) does not lose it.
    save(
      atrium,
      SKIP_STOCK ? previous?.stock : undefined,
      SKIP_STOCK ? `the run of ${previous?.date}` : '',
      false,
    );
    let stock: AppResults | undefined;
    let stockFrom = 'this run';
    if (!SKIP_STOCK)
      stock = await attempt('stock', async () => {
        try {
          return await measureStock(catalog);
        } catch (error) {
          // Not a failure: stock's rows stay empty and the table says why.
          if (!(error instanceof IngestTimeout)) throw error;
          stockIngestTimeout = error;
          log(`stock: ${error.message}`);
          return undefined;
        }
      });
    else if (previous?.stock) {
      stock = previous.stock;
      stockFrom = `the run of ${previous.date} (--skip-stock)`;
    }

    const rows = rowsFor(atrium, stock, stockIngestTimeout);
    const db =
      DB === 'postgres' ? `PostgreSQL ${postgres?.version ?? ''}` : 'SQLite';
    console.log(
      `\nAtrium vs stock Backstage 1.55 on ${db}, catalog "${size}" (${catalog.total} entities: ` +
        `${catalog.kindCounts.Component} Components, ${catalog.kindCounts.User} Users, ` +
        `${
          catalog.kindCounts.Group
        } Groups); browser rows: median of ${REPS}; stock numbers from ${
          stock
            ? stockFrom
            : stockIngestTimeout
            ? 'nowhere (see below)'
            : SKIP_STOCK
            ? 'nowhere (--skip-stock, no earlier run)'
            : 'nowhere (it failed)'
        }`,
    );
    printRows(rows);
    if (stockIngestTimeout)
      console.log(
        `stock: ${stockIngestTimeout.message}; Atrium's figures alone.`,
      );
    console.log(
      `Page data unit: Atrium ${
        atrium?.server[0]?.requestsPerUnit ?? '–'
      } HTTP request(s), stock ` +
        `${stock?.server[0]?.requestsPerUnit ?? '–'}; in-app navigation by ` +
        `${atrium?.browser.navigation.method ?? '–'} (Atrium), ${
          stock?.browser.navigation.method ?? '–'
        } (stock). ` +
        `${cpus().length} CPUs, Node ${process.version}.`,
    );
    for (const failure of failures) console.log(`FAILED: ${failure}`);
    if (failures.length > 0) process.exitCode = 1;
    if (stockSetup) {
      const steps = Object.entries(stockSetup.steps)
        .map(
          ([n, s]) =>
            `${n} ${s.seconds.toFixed(0)} s${s.ranNow ? '' : ' (earlier run)'}`,
        )
        .join(', ');
      console.log(
        `Stock setup: ${stockSetup.seconds.toFixed(
          0,
        )} s in this run (${steps}); ` +
          `${
            Object.keys(stockSetup.backstageVersions).length
          } @backstage packages, one version each.`,
      );
    }
    save(atrium, stock, stockFrom, true);
    console.log(`Written: ${outFile}\n`);
  }
}

try {
  await main();
} catch (error) {
  console.error(error);
  process.exitCode = 1;
} finally {
  await stopAll();
}
