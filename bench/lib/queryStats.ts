// The benches' side of bench/lib/countQueries.cjs (preloaded into a backend with BENCH_QUERY_STATS_FILE): read
// its statistics file, take the difference of two readings (what a window of the bench cost), and print the
// costliest statements.
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';

export interface StatementStat {
  sql: string;
  count: number;
  /** Time in the driver's synchronous call (all of a better-sqlite3 statement). */
  syncMs: number;
  /** Time until the result (what a pg statement costs its caller). */
  wallMs: number;
}

export interface QueryStats {
  count: number;
  statements: StatementStat[];
}

/** The preload for a backend's NODE_OPTIONS. */
export const queryStatsPreload = `--require ${resolve(
  import.meta.dirname,
  'countQueries.cjs',
)}`;

/** The file's statistics; none when it is not written yet. */
export function readQueryStats(file: string): QueryStats {
  return existsSync(file)
    ? (JSON.parse(readFileSync(file, 'utf8')) as QueryStats)
    : { count: 0, statements: [] };
}

/** What happened between two readings: per statement, the growth of its count and times. */
export function queryStatsDelta(a: QueryStats, b: QueryStats): QueryStats {
  const before = new Map(a.statements.map(s => [s.sql, s]));
  const statements = b.statements
    .map(s => {
      const p = before.get(s.sql);
      return {
        sql: s.sql,
        count: s.count - (p?.count ?? 0),
        syncMs: s.syncMs - (p?.syncMs ?? 0),
        wallMs: s.wallMs - (p?.wallMs ?? 0),
      };
    })
    .filter(s => s.count > 0)
    .sort((x, y) => y.syncMs + y.wallMs - (x.syncMs + x.wallMs));
  return { count: b.count - a.count, statements };
}

/** Prints the totals and the `n` costliest statements (by sync + wall time), under `title`. */
export function printQueryStats(title: string, stats: QueryStats, n = 20) {
  const sum = (k: 'syncMs' | 'wallMs') =>
    stats.statements.reduce((a, s) => a + s[k], 0);
  console.log(
    `\n${title}: ${stats.count} statements, ${(sum('syncMs') / 1000).toFixed(
      1,
    )} s in the driver's synchronous call, ${(sum('wallMs') / 1000).toFixed(
      1,
    )} s until results; the costliest (by sync + wall):`,
  );
  console.log('   count   sync s   wall s  statement');
  for (const s of stats.statements.slice(0, n)) {
    console.log(
      `${String(s.count).padStart(8)} ${(s.syncMs / 1000)
        .toFixed(1)
        .padStart(8)} ${(s.wallMs / 1000)
        .toFixed(1)
        .padStart(8)}  ${s.sql.slice(0, 160)}`,
    );
  }
}
