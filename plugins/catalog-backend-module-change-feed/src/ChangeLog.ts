import type { CatalogChangePage } from '@atrium/plugin-catalog-change-feed-node';
import type { Knex } from 'knex';

/** Atrium's own table in the catalog's database: one row per stitched or removed entity. */
export const CHANGES_TABLE = 'atrium_catalog_changes';
/** Names of what this file installs; a new version of the triggers gets a new suffix. */
const TRIGGER = 'atrium_catalog_change_v1';
/** Rows are kept this long; a cursor older than half of it is answered with a reset. */
const DEFAULT_RETENTION_MS = 24 * 3600_000;
/** More distinct refs than this since a cursor: a reset (reading the whole catalog once is then as cheap). */
const DEFAULT_MAX_REFS = 5000;
const PG_LOCK = 0x61747269; // 'atri'

type Dialect = 'sqlite' | 'pg';

function dialectOf(knex: Knex): Dialect {
  const client = String(knex.client.config.client);
  if (client.includes('sqlite')) return 'sqlite';
  if (client === 'pg' || client.includes('postgres')) return 'pg';
  throw new Error(
    `The catalog change feed supports SQLite and PostgreSQL, not ${client}`,
  );
}

/**
 * The catalog's change log. Backstage's catalog (1.55) publishes no event when it stitches or removes an
 * entity, has no stitching hook in its extension points (a processor sees processed entities, not stitched
 * ones, and never a removal), and its REST API cannot ask for "changed since". Every path that changes what the
 * catalog serves ends in its `final_entities` table, though: stitching inserts or updates a row (only when the
 * entity's hash changed), and every removal (unregistering, orphan cleanup, a provider's delete) deletes the
 * `refresh_state` row, which deletes the `final_entities` row by cascade. So this module, running inside the
 * catalog with the catalog's own database, puts triggers on `final_entities` that append the entity's ref to a
 * table of its own, in the same transaction as the catalog's write. A read is then a range query on that table:
 * its cost is what changed since the cursor plus a constant, never the size of the catalog.
 *
 * Positions: on SQLite the row id (one writer at a time, so ids are in commit order). On PostgreSQL ids are
 * taken before commit, so a later id can be visible before an earlier one; there each row carries its
 * transaction id and a read covers the transactions below the oldest one still running
 * (`pg_snapshot_xmin(pg_current_snapshot())`), all of them finished: nothing is skipped.
 */
export class CatalogChangeLog {
  readonly #knex: Knex;
  readonly #dialect: Dialect;
  readonly #retentionMs: number;
  readonly #maxRefs: number;
  #installed?: Promise<void>;

  constructor(
    knex: Knex,
    options: { retentionMs?: number; maxRefs?: number } = {},
  ) {
    this.#knex = knex;
    this.#dialect = dialectOf(knex);
    this.#retentionMs = options.retentionMs ?? DEFAULT_RETENTION_MS;
    this.#maxRefs = options.maxRefs ?? DEFAULT_MAX_REFS;
  }

  /**
   * Creates the table and the triggers if they are missing (idempotent; again at every start, since a future
   * catalog migration that rebuilds `final_entities` on SQLite would drop them). Needs the catalog's tables:
   * call it once the catalog has migrated (a startup hook, or the first read).
   */
  install(): Promise<void> {
    if (!this.#installed) {
      this.#installed = this.#install().catch(error => {
        this.#installed = undefined;
        throw error;
      });
    }
    return this.#installed;
  }

  async #install() {
    const knex = this.#knex;
    if (this.#dialect === 'sqlite') {
      const now = `CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER)`;
      const insert = (ref: string) =>
        `INSERT INTO ${CHANGES_TABLE} (entity_ref, at) VALUES (${ref}, ${now});`;
      await knex.transaction(async trx => {
        await trx.raw(
          `CREATE TABLE IF NOT EXISTS ${CHANGES_TABLE} (id INTEGER PRIMARY KEY AUTOINCREMENT, entity_ref TEXT NOT NULL, at INTEGER NOT NULL)`,
        );
        await trx.raw(
          `CREATE INDEX IF NOT EXISTS ${CHANGES_TABLE}_at_idx ON ${CHANGES_TABLE} (at)`,
        );
        await trx.raw(
          `CREATE TRIGGER IF NOT EXISTS ${TRIGGER}_ins AFTER INSERT ON final_entities BEGIN ${insert(
            'NEW.entity_ref',
          )} END`,
        );
        await trx.raw(
          `CREATE TRIGGER IF NOT EXISTS ${TRIGGER}_upd AFTER UPDATE ON final_entities WHEN OLD.hash IS NOT NEW.hash OR OLD.entity_ref IS NOT NEW.entity_ref BEGIN ${insert(
            'NEW.entity_ref',
          )} END`,
        );
        await trx.raw(
          `CREATE TRIGGER IF NOT EXISTS ${TRIGGER}_del AFTER DELETE ON final_entities BEGIN ${insert(
            'OLD.entity_ref',
          )} END`,
        );
      });
      return;
    }
    await knex.transaction(async trx => {
      // Replicas starting together would otherwise race on the function's catalog row.
      await trx.raw('SELECT pg_advisory_xact_lock(?)', [PG_LOCK]);
      await trx.raw(
        `CREATE TABLE IF NOT EXISTS ${CHANGES_TABLE} (
           id BIGSERIAL PRIMARY KEY,
           tx xid8 NOT NULL DEFAULT pg_current_xact_id(),
           entity_ref TEXT NOT NULL,
           at BIGINT NOT NULL DEFAULT (extract(epoch FROM clock_timestamp()) * 1000)::bigint)`,
      );
      await trx.raw(
        `CREATE INDEX IF NOT EXISTS ${CHANGES_TABLE}_tx_idx ON ${CHANGES_TABLE} (tx)`,
      );
      await trx.raw(
        `CREATE INDEX IF NOT EXISTS ${CHANGES_TABLE}_at_idx ON ${CHANGES_TABLE} (at)`,
      );
      await trx.raw(
        `CREATE OR REPLACE FUNCTION ${TRIGGER}() RETURNS trigger LANGUAGE plpgsql AS $$
         BEGIN
           IF TG_OP = 'DELETE' THEN
             INSERT INTO ${CHANGES_TABLE} (entity_ref) VALUES (OLD.entity_ref);
             RETURN OLD;
           END IF;
           IF TG_OP = 'UPDATE' AND OLD.hash IS NOT DISTINCT FROM NEW.hash
              AND OLD.entity_ref IS NOT DISTINCT FROM NEW.entity_ref THEN
             RETURN NEW;
           END IF;
           INSERT INTO ${CHANGES_TABLE} (entity_ref) VALUES (NEW.entity_ref);
           RETURN NEW;
         END $$`,
      );
      await trx.raw(
        `CREATE OR REPLACE TRIGGER ${TRIGGER} AFTER INSERT OR UPDATE OR DELETE ON final_entities
         FOR EACH ROW EXECUTE FUNCTION ${TRIGGER}()`,
      );
    });
  }

  /** What changed since `cursor` (see CatalogChangePage). Two or three queries, whatever the catalog's size. */
  async read(cursor?: string, now = Date.now()): Promise<CatalogChangePage> {
    await this.install();
    const head = await this.#head();
    const from = this.#parse(cursor, now);
    if (from === undefined) {
      return { refs: [], cursor: this.#cursor(head, now), reset: true };
    }
    const query = this.#knex(CHANGES_TABLE)
      .distinct<{ entity_ref: string }[]>('entity_ref')
      .limit(this.#maxRefs + 1);
    if (this.#dialect === 'sqlite') {
      query.where('id', '>', Number(from)).andWhere('id', '<=', Number(head));
    } else {
      query
        .whereRaw('tx >= ?::xid8', [from])
        .andWhereRaw('tx < ?::xid8', [head]);
    }
    const rows = await query;
    if (rows.length > this.#maxRefs) {
      return { refs: [], cursor: this.#cursor(head, now), reset: true };
    }
    return {
      refs: [
        ...new Set(rows.map(r => r.entity_ref.toLocaleLowerCase('en-US'))),
      ],
      cursor: this.#cursor(head, now),
      reset: false,
    };
  }

  /** Removes rows older than the retention. */
  async prune(now = Date.now()): Promise<number> {
    await this.install();
    return this.#knex(CHANGES_TABLE)
      .where('at', '<', now - this.#retentionMs)
      .delete();
  }

  /** Where a read now ends: the last id (SQLite), the oldest running transaction (PostgreSQL). */
  async #head(): Promise<string> {
    if (this.#dialect === 'sqlite') {
      const row = await this.#knex(CHANGES_TABLE)
        .max<{ id: number | null }>('id as id')
        .first();
      return String(row?.id ?? 0);
    }
    const result = await this.#knex.raw(
      'SELECT pg_snapshot_xmin(pg_current_snapshot())::text AS xmin',
    );
    return String(result.rows[0].xmin);
  }

  #cursor(position: string, now: number): string {
    return `${this.#dialect}.${position}.${now}`;
  }

  /** The cursor's position, or undefined when it is missing, malformed, of another database or too old. */
  #parse(cursor: string | undefined, now: number): string | undefined {
    const match = /^(sqlite|pg)\.(\d{1,20})\.(\d{1,16})$/.exec(cursor ?? '');
    if (!match || match[1] !== this.#dialect) return undefined;
    const issuedAt = Number(match[3]);
    if (!(now - issuedAt < this.#retentionMs / 2) || issuedAt > now + 60_000) {
      return undefined;
    }
    return match[2];
  }
}
