// How fast Atrium is next to stock Backstage of the same release (1.55), side by side on the same machine and
// the same catalog: page loads in Chromium (cold and warm), in-app navigation, the JavaScript a page needs
// before it shows its content, and the server's latency and throughput for a component page's data. Prints
// one table per catalog size with the goals of issue 5 marked met or missed, and writes the numbers to
// artifacts/bench/speed-<size>.json. It measures; it asserts nothing. See bench/README.md.
//
//   node bench/speed.ts [--size small|large|both] [--skip-stock]      (BENCH_REPS: repetitions, default 5)
//
// Stock Backstage is scaffolded once into the git-ignored .bench/stock-backstage (bench/lib/stock.ts; the first
// run installs and builds it, which takes minutes). --skip-stock measures Atrium only and compares it with the
// stock numbers of the last run's JSON, when there is one.
import { randomBytes } from 'node:crypto';
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
import { startBackend, waitForCatalog } from '../tests/lib/backend.ts';
import { signInInBrowser } from '../tests/lib/browser.ts';
import { artifactDir, ROOT } from '../tests/lib/paths.ts';
import { freePort } from '../tests/lib/proc.ts';
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
  type BenchCatalog,
  type Size,
} from './lib/catalog.ts';
import {
  atriumComponentData,
  stockComponentData,
  type PageData,
} from './lib/pagedata.ts';
import {
  ensureStockBackstage,
  startStockBackend,
  stockBenchConfig,
  type StockSetup,
} from './lib/stock.ts';
import { log, median, printTable, quantile, runBounded } from './lib/util.ts';

const { values: args } = parseArgs({
  options: {
    size: { type: 'string', default: 'small' },
    'skip-stock': { type: 'boolean', default: false },
  },
});
if (!['small', 'large', 'both'].includes(args.size!)) {
  console.error(
    'usage: node bench/speed.ts [--size small|large|both] [--skip-stock]',
  );
  process.exit(2);
}
const SIZES: Size[] =
  args.size === 'both' ? ['small', 'large'] : [args.size as Size];
const SKIP_STOCK = args['skip-stock']!;
const REPS = Number(process.env.BENCH_REPS ?? 5);
const COMPONENT_REF = 'component:default/payments-gateway';
const USER = 'alice.nakamura';
/** Server rows: each bounded to this many page-data units or this long, whichever comes first. */
const SERVER_UNITS = 2000;
const SERVER_MS = 10_000;
const CLIENTS = [1, 20];
/** Ingestion waits, per size. */
const INGEST_TIMEOUT_MS: Record<Size, number> = {
  small: 5 * 60_000,
  large: 60 * 60_000,
};

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
const stopAll = async () => {
  await Promise.all([...running].map(s => s.stop().catch(() => undefined)));
  for (const dir of tempDirs) removeTempDir(dir);
};
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
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
  browser: BrowserResults;
  server: ServerRow[];
}

async function measure(
  name: string,
  start: () => Promise<{
    baseUrl: string;
    serviceToken: string;
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
    const t1 = Date.now();
    await waitForCatalog(
      server.baseUrl,
      server.serviceToken,
      catalog.kindCounts,
      INGEST_TIMEOUT_MS[catalog.size],
    );
    const ingestSeconds = (Date.now() - t1) / 1000;
    log(`${name}: catalog ingested in ${ingestSeconds.toFixed(0)} s`);

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
      browser,
      server: serverRows,
    };
  } finally {
    await server.stop();
    running.delete(server);
  }
}

async function measureAtrium(catalog: BenchCatalog): Promise<AppResults> {
  const dir = makeTempDir('atrium-bench-speed-');
  const config = join(dir, 'app-config.bench-speed.yaml');
  writeFileSync(config, JSON.stringify({ catalog: catalogConfig(catalog) }));
  try {
    return await measure(
      'Atrium',
      () =>
        startBackend({
          name: `bench-speed-atrium-${catalog.size}`,
          configs: [config],
          dataDir: dir,
        }),
      catalog,
      async baseUrl => (await signIn(baseUrl, USER)).token,
      atriumApp,
      atriumComponentData,
    );
  } finally {
    removeTempDir(dir);
  }
}

async function measureStock(catalog: BenchCatalog): Promise<AppResults> {
  const dir = makeTempDir('stock-bench-speed-');
  const config = join(dir, 'app-config.bench-speed.yaml');
  const serviceToken = randomBytes(24).toString('hex');
  try {
    return await measure(
      'stock',
      async () => {
        const port = await freePort();
        writeFileSync(
          config,
          JSON.stringify(
            stockBenchConfig({
              port,
              dataDir: dir,
              serviceToken,
              catalog: catalogConfig(catalog),
            }),
          ),
        );
        const backend = await startStockBackend({
          name: `bench-speed-stock-${catalog.size}`,
          configs: [config],
          dataDir: dir,
          port,
        });
        return { ...backend, serviceToken };
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
  text: `≤ ${x}× stock`,
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
  digits: number;
  goal?: Goal;
}

function rowsFor(atrium?: AppResults, stock?: AppResults): Row[] {
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
        goal: key === 'component' ? atMostTimesStock(0.2) : undefined,
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
  rows.push({
    measurement: 'In-app navigation Home → component, ms',
    atrium: pick(atrium, r => median(r.browser.navigation.ms)),
    stock: pick(stock, r => median(r.browser.navigation.ms)),
    digits: 0,
    goal: atMost(100, 'ms'),
  });
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
      measurement: 'Catalog ingestion, s',
      atrium: pick(atrium, r => r.ingestSeconds),
      stock: pick(stock, r => r.ingestSeconds),
      digits: 0,
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
      let result = '';
      if (r.goal && r.atrium !== undefined) {
        if (r.goal.needsStock && r.stock === undefined) result = 'n/a';
        else result = r.goal.met(r.atrium, r.stock ?? NaN) ? 'met' : 'missed';
      }
      return [
        r.measurement,
        fmt(r.atrium, r.digits),
        fmt(r.stock, r.digits),
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

async function main() {
  await ensureAtriumFrontend();
  let stockSetup: StockSetup | undefined;
  if (!SKIP_STOCK) {
    log('stock Backstage: setup (the first run installs and builds; minutes)');
    stockSetup = await ensureStockBackstage();
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
    const outFile = join(artifactDir('bench'), `speed-${size}.json`);
    const previous = existsSync(outFile)
      ? JSON.parse(readFileSync(outFile, 'utf8'))
      : undefined;

    // One app at a time, so they never compete for the machine's cores. A failing app is reported and the
    // other one is still measured.
    const failures: string[] = [];
    const attempt = async (name: string, f: () => Promise<AppResults>) => {
      try {
        return await f();
      } catch (error) {
        log(`${name} failed: ${(error as Error).stack ?? error}`);
        failures.push(`${name}: ${(error as Error).message.split('\n')[0]}`);
        return undefined;
      }
    };
    const save = (
      atrium: AppResults | undefined,
      stock: AppResults | undefined,
      stockFrom: string,
      complete: boolean,
    ) => {
      const rows = rowsFor(atrium, stock);
      writeFileSync(
        outFile,
        JSON.stringify(
          {
            size,
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
            atrium,
            stock,
            table: rows.map(r => ({
              measurement: r.measurement,
              atrium: r.atrium,
              stock: r.stock,
              ratio:
                r.atrium !== undefined && r.stock
                  ? r.atrium / r.stock
                  : undefined,
              goal: r.goal?.text,
              met:
                r.goal &&
                r.atrium !== undefined &&
                (!r.goal.needsStock || r.stock !== undefined)
                  ? r.goal.met(r.atrium, r.stock ?? NaN)
                  : undefined,
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
      stock = await attempt('stock', () => measureStock(catalog));
    else if (previous?.stock) {
      stock = previous.stock;
      stockFrom = `the run of ${previous.date} (--skip-stock)`;
    }

    const rows = rowsFor(atrium, stock);
    console.log(
      `\nAtrium vs stock Backstage 1.55, catalog "${size}" (${catalog.total} entities: ` +
        `${catalog.kindCounts.Component} Components, ${catalog.kindCounts.User} Users, ` +
        `${
          catalog.kindCounts.Group
        } Groups); browser rows: median of ${REPS}; stock numbers from ${
          stock ? stockFrom : 'nowhere (--skip-stock, no earlier run)'
        }`,
    );
    printRows(rows);
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
