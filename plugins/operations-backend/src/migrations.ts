import type { Knex } from 'knex';
import { resolvePackagePath } from '@backstage/backend-plugin-api';

/**
 * Migrates the operations plugin's database to the newest schema (`migrations/`: the alert records and the
 * first-alert-rule ledger). Each store runs it on creation, so either can be made alone.
 */
export async function migrateOperations(knex: Knex): Promise<void> {
  await knex.migrate.latest({
    directory: resolvePackagePath(
      '@atrium/plugin-operations-backend',
      'migrations',
    ),
  });
}
