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
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { signIn } from '../tests/lib/auth.ts';
import { startBackend } from '../tests/lib/backend.ts';
import { artifactDir } from '../tests/lib/paths.ts';
import { measureApp, type AppUnderTest } from './lib/browser.ts';
import {
  benchCatalog,
  catalogConfig,
  type BenchCatalog,
  type Size,
} from './lib/catalog.ts';
import { startBenchPostgres } from './lib/db.ts';
import { atriumCatalogTuning } from './lib/productionConfig.ts';
import {
  atriumComponentData,
  stockComponentData,
  type PageData,
} from './lib/pagedata.ts';
import { ensureStockBackstage, type StockSetup } from './lib/stock.ts';
import { startStockForBench, stockGuestToken } from './lib/stockBackend.ts';
import { log } from './lib/util.ts';
import {
  makeTempDir,
  removeTempDir,
  servers,
  stopAll,
  stopOnSignals,
} from './lib/speedServers.ts';
import { printRows, rowsFor, verdict } from './lib/speedTable.ts';
import {
  atriumApp,
  atriumHome,
  catalogPage,
  componentPage,
  stockApp,
  stockHome,
  USER,
} from './lib/speedPages.ts';
import {
  IngestTimeout,
  measureServer,
  treeRssMB,
  waitForIngestion,
  type AppResults,
} from './lib/speedRuns.ts';
import { ensureAtriumFrontend, generateOnly } from './lib/speedSetup.ts';
import {
  args,
  COMPONENT_REF,
  DB,
  INGEST_TIMEOUT_MS,
  REPS,
  SIZES,
  SKIP_STOCK,
} from './lib/speedArgs.ts';

// Servers are stopped at the end, on error and on Ctrl-C (bench/lib/speedServers.ts).
stopOnSignals();

// ---------------------------------------------------------------------------------------------------------
// One app: start, wait for the catalog, measure in the browser and on the server, stop.

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
  servers.running.add(server);
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
      INGEST_TIMEOUT_MS[catalog.size],
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
    servers.running.delete(server);
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
      catalog: { ...catalogConfig(catalog), ...atriumCatalogTuning() },
      ...(servers.postgres
        ? { backend: { database: servers.postgres.databaseConfig(prefix) } }
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
    await servers.postgres?.drop(prefix);
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
          database: servers.postgres?.databaseConfig(prefix),
        });
        return { ...backend, pid: backend.process.child.pid! };
      },
      catalog,
      stockGuestToken,
      stockApp,
      stockComponentData,
    );
  } finally {
    removeTempDir(dir);
    await servers.postgres?.drop(prefix);
  }
}

// ---------------------------------------------------------------------------------------------------------

async function main() {
  if (args['generate-only']) {
    generateOnly(SIZES);
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
    servers.postgres = await startBenchPostgres();
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
            postgresVersion: servers.postgres?.version,
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
      DB === 'postgres'
        ? `PostgreSQL ${servers.postgres?.version ?? ''}`
        : 'SQLite';
    let stockSource = stockFrom;
    if (!stock && stockIngestTimeout) stockSource = 'nowhere (see below)';
    else if (!stock && SKIP_STOCK)
      stockSource = 'nowhere (--skip-stock, no earlier run)';
    else if (!stock) stockSource = 'nowhere (it failed)';
    console.log(
      `\nAtrium vs stock Backstage 1.55 on ${db}, catalog "${size}" (${catalog.total} entities: ` +
        `${catalog.kindCounts.Component} Components, ${catalog.kindCounts.User} Users, ` +
        `${catalog.kindCounts.Group} Groups); browser rows: median of ${REPS}; stock numbers from ${stockSource}`,
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
