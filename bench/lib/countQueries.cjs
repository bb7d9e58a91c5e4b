// Preloaded into a backend by the benches (NODE_OPTIONS=--require): counts every statement knex sends and, with
// BENCH_QUERY_STATS_FILE, times them by statement text. Bench only; nothing in Atrium loads it.
// - BENCH_QUERY_COUNT_FILE: the number of statements so far, rewritten every second.
// - BENCH_QUERY_STATS_FILE: JSON, rewritten every 5 s: per statement text (bound values as ?, IN-lists folded),
//   its count, the time its driver call held the thread (sync ms: all of a better-sqlite3 statement, since that
//   driver is synchronous) and the time until its result (wall ms: what a pg statement costs its caller).
// The hooks sit on each dialect's `_query` (where a statement goes to the driver): Client.prototype.query is
// not enough, since a transaction's client routes statements through its own `query` wrapper, and
// better-sqlite3's dialect has its own `_query`.
const { renameSync, writeFileSync } = require('node:fs');

let count = 0;
const stats = new Map();
const now = () => Number(process.hrtime.bigint()) / 1e6;

function statementKey(sql) {
  return (
    String(sql)
      .replace(/\s+/g, ' ')
      .replace(/\((\s*\?\s*,)+\s*\?\s*\)/g, '(?…)')
      .replace(/(\(\?…\)\s*,\s*)+\(\?…\)/g, '(?…),…')
      // knex names each nested transaction's savepoint anew (trx123): one row for all of them, not one per name
      // (a large run made the stats file grow by a row per transaction).
      .replace(
        /\b(SAVEPOINT|RELEASE SAVEPOINT|ROLLBACK TO SAVEPOINT) trx\d+/gi,
        '$1 trx…',
      )
      .slice(0, 300)
  );
}

function record(sql, syncMs, wallMs) {
  const key = statementKey(sql);
  const row = stats.get(key) ?? { count: 0, syncMs: 0, wallMs: 0 };
  row.count += 1;
  row.syncMs += syncMs;
  row.wallMs += wallMs;
  stats.set(key, row);
}

function hook(modulePath) {
  let Dialect;
  try {
    // The backend's own knex: resolved from its working directory (stock Backstage has its own node_modules).
    Dialect = require(require.resolve(modulePath, { paths: [process.cwd()] }));
  } catch {
    return; // that driver's dialect is not installed
  }
  const original = Dialect.prototype._query;
  if (!original || original.__benchCounted) return;
  const counted = function countedQuery(connection, obj) {
    count += 1;
    const t0 = now();
    const result = original.call(this, connection, obj);
    const syncMs = now() - t0;
    const sql = obj?.sql;
    Promise.resolve(result).then(
      () => record(sql, syncMs, now() - t0),
      () => record(sql, syncMs, now() - t0),
    );
    return result;
  };
  counted.__benchCounted = true;
  Dialect.prototype._query = counted;
}

hook('knex/lib/dialects/better-sqlite3');
hook('knex/lib/dialects/sqlite3');
hook('knex/lib/dialects/postgres');

// NODE_OPTIONS reaches the backend's child processes too (Atrium's Kubernetes simulator runs each cluster in one),
// and each loads this file: only a process that sent statements writes, or the children's zeros would overwrite
// the backend's counts (which is why the counter read 0 before).
if (process.env.BENCH_QUERY_COUNT_FILE) {
  setInterval(() => {
    if (count > 0) {
      writeFileSync(process.env.BENCH_QUERY_COUNT_FILE, String(count));
    }
  }, 1000).unref();
}

function writeStats() {
  if (count === 0) return;
  const rows = [...stats.entries()]
    .map(([sql, v]) => ({ sql, ...v }))
    .sort((a, b) => b.syncMs + b.wallMs - (a.syncMs + a.wallMs));
  // Written whole, then renamed over the last: the bench reads the file while this process runs, and a read in
  // the middle of a write saw half of it (bench/background.ts failed on it at `large` in session 17).
  const file = process.env.BENCH_QUERY_STATS_FILE;
  writeFileSync(
    `${file}.${process.pid}.tmp`,
    JSON.stringify({ count, statements: rows }),
  );
  renameSync(`${file}.${process.pid}.tmp`, file);
}
if (process.env.BENCH_QUERY_STATS_FILE) {
  setInterval(writeStats, 5000).unref();
  process.on('exit', writeStats);
}
