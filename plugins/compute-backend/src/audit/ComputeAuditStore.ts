import type { Knex } from 'knex';
import { resolvePackagePath } from '@backstage/backend-plugin-api';
import {
  AUDIT_PRUNE_BATCH_SIZE,
  pruneInBatches,
  readAuditPage,
} from '@atrium/plugin-identity-node';
import type {
  ActivityPage,
  ComputeAuditRecord,
} from '@atrium/plugin-compute-common';
import type { ComputeAuditEntry, ComputeAuditLog } from '../types';

const TABLE = 'compute_audit';

export type { ComputeAuditEntry } from '../types';

/** The compute audit in the compute plugin's database: the services' Activity. */
export class ComputeAuditStore implements ComputeAuditLog {
  static async create(
    knex: Knex,
    options: {
      /** Told of each action once its outcome is written (adoption analytics); not awaited, must not throw. */
      onSettle?: (record: ComputeAuditRecord) => void;
    } = {},
  ): Promise<ComputeAuditStore> {
    await knex.migrate.latest({
      directory: resolvePackagePath(
        '@atrium/plugin-compute-backend',
        'migrations',
      ),
    });
    return new ComputeAuditStore(knex, options.onSettle);
  }

  private constructor(
    private readonly knex: Knex,
    private readonly onSettle?: (record: ComputeAuditRecord) => void,
  ) {}

  async record(
    entry: ComputeAuditEntry,
    now = new Date(),
  ): Promise<ComputeAuditRecord> {
    const [row] = await this.knex(TABLE)
      .insert({
        occurred_at: now,
        actor: entry.actor,
        action: entry.action,
        entity_ref: entry.entityRef,
        cluster: entry.cluster,
        namespace: entry.namespace,
        app: entry.app,
        before: entry.before ? JSON.stringify(entry.before) : null,
        after: entry.after ? JSON.stringify(entry.after) : null,
        result: entry.result,
        message: entry.message ?? null,
        approval_id: entry.approval?.id ?? null,
        approval_event: entry.approval?.event ?? null,
      })
      .returning('id');
    const id = typeof row === 'object' ? row.id : row;
    return { ...entry, id: Number(id), occurredAt: now.toISOString() };
  }

  /**
   * Ends a `started` record with its outcome (and the message of a failure). Only a started record changes: an
   * outcome is written once.
   */
  async settle(
    record: ComputeAuditRecord,
    result: 'succeeded' | 'failed',
    message?: string,
  ): Promise<ComputeAuditRecord> {
    const updated = await this.knex(TABLE)
      .where({ id: record.id, result: 'started' })
      .update({ result, message: message ?? null });
    if (updated !== 1) {
      throw new Error(`compute audit record ${record.id} is not a started one`);
    }
    const settled = { ...record, result, message };
    this.onSettle?.(settled);
    return settled;
  }

  /** An entity's records, newest first; `before` is the id to continue from. */
  async list(options: {
    entityRef: string;
    limit: number;
    before?: number;
  }): Promise<ActivityPage> {
    const { entityRef, ...page } = options;
    return readAuditPage(
      this.knex,
      TABLE,
      { ...page, where: { entity_ref: entityRef } },
      toRecord,
    );
  }

  /**
   * Removes the records that occurred before `before`, oldest first, at most `batchSize` a statement, and says
   * how many. The table has no index on occurred_at, so the rows are walked by id (the primary key) instead:
   * every record is written at its own time, so ids grow with occurred_at and each statement reads about the
   * rows it removes, however large the table. The walk stops at the first record that is not old enough; one
   * behind it (written by a replica whose clock ran slow) goes in a later run.
   */
  async prune(
    before: Date,
    batchSize = AUDIT_PRUNE_BATCH_SIZE,
  ): Promise<number> {
    return pruneInBatches(async () => {
      const rows: Array<{ id: number; occurred_at: unknown }> = await this.knex(
        TABLE,
      )
        .select('id', 'occurred_at')
        .orderBy('id')
        .limit(batchSize);
      const old: number[] = [];
      for (const row of rows) {
        if (!(toMillis(row.occurred_at) < before.getTime())) break;
        old.push(row.id);
      }
      return {
        removed:
          old.length > 0
            ? await this.knex(TABLE).whereIn('id', old).delete()
            : 0,
        last: old.length < batchSize,
      };
    });
  }
}

/** Timestamps come back as Date (PostgreSQL), or as milliseconds (SQLite through knex). */
function toMillis(value: unknown): number {
  if (value instanceof Date) return value.getTime();
  const n = Number(value);
  return Number.isFinite(n) ? n : new Date(String(value)).getTime();
}

function toRecord(row: any): ComputeAuditRecord {
  return {
    id: Number(row.id),
    occurredAt: new Date(row.occurred_at).toISOString(),
    actor: row.actor,
    action: row.action,
    entityRef: row.entity_ref,
    cluster: row.cluster,
    namespace: row.namespace,
    app: row.app,
    before: row.before ? JSON.parse(row.before) : undefined,
    after: row.after ? JSON.parse(row.after) : undefined,
    result: row.result,
    message: row.message ?? undefined,
    ...(row.approval_id
      ? { approval: { id: row.approval_id, event: row.approval_event } }
      : {}),
  };
}
