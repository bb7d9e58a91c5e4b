import type { DatabaseService } from '@backstage/backend-plugin-api';

/** The Knex client of Backstage's database service. */
type Knex = Awaited<ReturnType<DatabaseService['getClient']>>;

/** Rows removed by one statement of an audit prune: small enough that no statement holds its locks for long. */
export const AUDIT_PRUNE_BATCH_SIZE = 1000;

/** One page of an audit table, newest first. */
export interface AuditPage<T> {
  items: T[];
  /** The id to read the next page before; none after the last page. */
  nextBefore?: number;
}

/**
 * One page of an audit table whose ids grow with time (an auto-increment primary key): at most `limit` of the
 * rows matching `where`, newest first, below the id `before` when given, each mapped by `toItem`. Shared by the
 * compute audit and the sign-in audit.
 */
export async function readAuditPage<T extends { id: number }>(
  knex: Knex,
  table: string,
  options: { limit: number; before?: number; where?: Record<string, string> },
  toItem: (row: any) => T,
): Promise<AuditPage<T>> {
  const query = knex(table)
    .select('*')
    .orderBy('id', 'desc')
    .limit(options.limit + 1);
  if (options.where) query.where(options.where);
  if (options.before !== undefined) query.where('id', '<', options.before);
  const rows: any[] = await query;
  const items = rows.slice(0, options.limit).map(toItem);
  return {
    items,
    nextBefore:
      rows.length > options.limit ? items[items.length - 1].id : undefined,
  };
}

/**
 * An audit prune in batches: runs `removeBatch` (one statement's worth, at most a batch of rows) until it says it
 * was the last, and says how many rows all of them removed.
 */
export async function pruneInBatches(
  removeBatch: () => Promise<{ removed: number; last: boolean }>,
): Promise<number> {
  let removed = 0;
  for (;;) {
    const batch = await removeBatch();
    removed += batch.removed;
    if (batch.last) return removed;
  }
}
