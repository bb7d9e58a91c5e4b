// The speed benchmark's table (bench/speed.ts): one row per measurement, Atrium next to stock, and the goals
// where there is one.
import type { LoadSample, PageKey } from './browser.ts';
import { CLIENTS, type AppResults, type IngestTimeout } from './speedRuns.ts';
import { median, printTable, quantile } from './util.ts';

// The table: one row per measurement, Atrium next to stock, and the goals where there is one.

export interface Goal {
  text: string;
  met: (atrium: number, stock: number) => boolean;
  needsStock: boolean;
}
export const atMostTimesStock = (x: number): Goal => ({
  text: x === 1 ? '≤ stock' : `≤ ${x}× stock`,
  met: (a, s) => a <= x * s,
  needsStock: true,
});
export const atLeastTimesStock = (x: number): Goal => ({
  text: `≥ ${x}× stock`,
  met: (a, s) => a >= x * s,
  needsStock: true,
});
export const atMost = (v: number, unit: string): Goal => ({
  text: `≤ ${v} ${unit}`,
  met: a => a <= v,
  needsStock: false,
});

export interface Row {
  measurement: string;
  atrium?: number;
  stock?: number;
  /** Stock did not finish in this long: its value is at least this (ingestion). */
  stockAbove?: number;
  digits: number;
  goal?: Goal;
}

/** A row's goal: met, missed, or n/a (no stock figure to compare with). */
export function verdict(r: Row): boolean | undefined {
  if (!r.goal || r.atrium === undefined) return undefined;
  if (!r.goal.needsStock) return r.goal.met(r.atrium, NaN);
  if (r.stock !== undefined) return r.goal.met(r.atrium, r.stock);
  // Stock took longer than `stockAbove`: an "at most x× stock" goal met against that is met against stock.
  if (r.stockAbove !== undefined && r.goal.met(r.atrium, r.stockAbove))
    return true;
  return undefined;
}

/** The median of the samples' `appMs`; undefined when any sample has none (an older run's JSON, or a timeout). */
function appMedian(samples: LoadSample[]): number | undefined {
  const ms = samples.map(s => s.appMs);
  return ms.every((m): m is number => m !== undefined) ? median(ms) : undefined;
}

export function rowsFor(
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
        measurement: `${titles[key]}: cold, ms until the app's own page shows it`,
        atrium: pick(atrium, r => appMedian(p(r).cold)),
        stock: pick(stock, r => appMedian(p(r).cold)),
        digits: 0,
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

/** A row's result column: empty without a goal or an Atrium figure, else met, missed or n/a. */
function resultOf(r: Row): string {
  if (!r.goal || r.atrium === undefined) return '';
  const met = verdict(r);
  if (met === undefined) return 'n/a';
  return met ? 'met' : 'missed';
}

export function printRows(rows: Row[]) {
  const fmt = (v: number | undefined, digits: number) =>
    v === undefined || !Number.isFinite(v) ? '–' : v.toFixed(digits);
  printTable(
    ['measurement', 'Atrium', 'stock', 'Atrium/stock', 'goal', 'result'],
    rows.map(r => {
      const ratio =
        r.atrium !== undefined && r.stock !== undefined && r.stock > 0
          ? r.atrium / r.stock
          : undefined;
      const result = resultOf(r);
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
