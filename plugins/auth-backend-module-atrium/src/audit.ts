import type { Knex } from 'knex';
import type {
  SignInAuditPage,
  SignInAuditRecord,
} from '@atrium/plugin-identity-common';
import {
  AUDIT_PRUNE_BATCH_SIZE,
  pruneInBatches,
  readAuditPage,
} from '@atrium/plugin-identity-node';

const TABLE = 'atrium_sign_in_audit';

/**
 * Atrium's migrations for the auth plugin's database. They are kept in code and tracked in their own table,
 * apart from the auth plugin's own migrations.
 */
const migrations: Record<string, { up(knex: Knex): Promise<void> }> = {
  '20261128_01_sign_in_audit': {
    async up(knex) {
      await knex.schema.createTable(TABLE, table => {
        table.increments('id').primary();
        table.timestamp('occurred_at', { useTz: true }).notNullable();
        table.string('provider_id', 64).notNullable();
        table.string('flow', 16).notNullable();
        table.string('subject', 512).notNullable();
        table.string('user_entity_ref', 512).nullable();
        table.string('result', 16).notNullable();
        table.text('reason').nullable();
        table.index(['occurred_at'], 'atrium_sign_in_audit_occurred_at_idx');
        table.index(['user_entity_ref'], 'atrium_sign_in_audit_user_idx');
      });
    },
  },
};

/** What the audit records of one attempt: a record before the store gives it an id and a time. */
export type SignInAttempt = Omit<SignInAuditRecord, 'id' | 'occurredAt'>;

/** The sign-in audit: one row per sign-in or refused attempt, in the auth plugin's database. */
export class SignInAuditStore {
  static async create(knex: Knex): Promise<SignInAuditStore> {
    await knex.migrate.latest({
      tableName: 'atrium_auth_knex_migrations',
      migrationSource: {
        async getMigrations() {
          return Object.keys(migrations).sort();
        },
        getMigrationName: (name: string) => name,
        async getMigration(name: string) {
          return { up: migrations[name].up, down: async () => {} };
        },
      },
    });
    return new SignInAuditStore(knex);
  }

  private constructor(private readonly knex: Knex) {}

  async record(attempt: SignInAttempt, now = new Date()): Promise<void> {
    await this.knex(TABLE).insert({
      occurred_at: now,
      provider_id: attempt.providerId,
      flow: attempt.flow,
      subject: attempt.subject.slice(0, 512),
      user_entity_ref: attempt.userEntityRef ?? null,
      result: attempt.result,
      reason: attempt.reason ?? null,
    });
  }

  /** Newest first; `before` is the id to continue from. */
  async list(options: {
    limit: number;
    before?: number;
    userEntityRef?: string;
  }): Promise<SignInAuditPage> {
    const { userEntityRef, ...page } = options;
    return readAuditPage(
      this.knex,
      TABLE,
      {
        ...page,
        where: userEntityRef ? { user_entity_ref: userEntityRef } : undefined,
      },
      (row): SignInAuditRecord => ({
        id: Number(row.id),
        occurredAt: new Date(row.occurred_at).toISOString(),
        providerId: row.provider_id,
        flow: row.flow,
        subject: row.subject,
        userEntityRef: row.user_entity_ref ?? undefined,
        result: row.result,
        reason: row.reason ?? undefined,
      }),
    );
  }

  /**
   * Removes the attempts that occurred before `before`, at most `batchSize` a statement so that a first run on
   * a large table holds no lock for long, and says how many. Each statement finds its rows through the
   * occurred_at index (SQLite and PostgreSQL both take LIMIT in the subquery).
   */
  async prune(
    before: Date,
    batchSize = AUDIT_PRUNE_BATCH_SIZE,
  ): Promise<number> {
    return pruneInBatches(async () => {
      const removed = await this.knex(TABLE)
        .whereIn(
          'id',
          this.knex(TABLE)
            .select('id')
            .where('occurred_at', '<', before)
            .orderBy('occurred_at')
            .limit(batchSize),
        )
        .delete();
      return { removed, last: removed < batchSize };
    });
  }
}
