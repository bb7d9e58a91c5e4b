// What the speed benchmark (bench/speed.ts) measures of one app besides its pages: the server's latency and
// throughput for a component page's data, the catalog's ingestion and the backend's memory.
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { kindCounts } from '../../tests/lib/backend.ts';
import { sleep } from '../../tests/lib/proc.ts';
import type { BrowserResults } from './browser.ts';
import type { BenchCatalog } from './catalog.ts';
import type { PageData } from './pagedata.ts';
import { log, quantile } from './util.ts';

/** Server rows: each bounded to this many page-data units or this long, whichever comes first. */
export const SERVER_UNITS = 2000;
export const SERVER_MS = 10_000;
export const CLIENTS = [1, 20];

// Server side: one "unit" is everything the component page needs from the server (bench/lib/pagedata.ts).

export interface ServerRow {
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

export async function measureServer(
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

export interface AppResults {
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
export class IngestTimeout extends Error {
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

/** Waits (at most `timeoutMs`) until the catalog API counts every entity of the files, kind by kind. */
export async function waitForIngestion(
  name: string,
  baseUrl: string,
  token: string,
  catalog: BenchCatalog,
  timeoutMs: number,
): Promise<number> {
  const t0 = Date.now();
  let counts: Record<string, number> = {};
  let lastLog = t0;
  for (;;) {
    try {
      counts = await kindCounts(baseUrl, token);
    } catch {
      /* the catalog is not answering yet */
    }
    const latest = counts;
    const done = Object.entries(catalog.kindCounts).every(
      ([kind, n]) => (latest[kind] ?? 0) >= n,
    );
    if (done) return (Date.now() - t0) / 1000;
    const seen = Object.entries(catalog.kindCounts).reduce(
      (sum, [kind, n]) => sum + Math.min(n, latest[kind] ?? 0),
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
export function treeRssMB(pid: number): number {
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
