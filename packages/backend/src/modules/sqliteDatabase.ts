import {
  coreServices,
  createServiceFactory,
  type DatabaseService,
} from '@backstage/backend-plugin-api';
import { DatabaseManager } from '@backstage/backend-defaults/database';
import { ConfigReader } from '@backstage/config';

/**
 * The SQLite settings Atrium gives every plugin's database file: write-ahead logging, and `synchronous =
 * NORMAL`, which with WAL syncs the disk at checkpoints instead of at every commit. SQLite's defaults (a
 * rollback journal, `synchronous = FULL`) sync the disk several times per commit; the catalog commits several
 * times per entity it processes and stitches, so at company size ingestion waited on the disk more than it
 * computed (bench/README.md, `ingest.ts`). A commit stays atomic and the database consistent after a crash;
 * what a power cut may lose is the last commits before it, which the catalog re-derives from its sources.
 */
export const SQLITE_PRAGMAS = ['journal_mode = WAL', 'synchronous = NORMAL'];

type Knex = Awaited<ReturnType<DatabaseService['getClient']>>;

const tuned = new WeakSet<Knex>();

/** Applies {@link SQLITE_PRAGMAS} to a better-sqlite3 knex client, once. */
export async function tuneSqlite(knex: Knex): Promise<void> {
  if (tuned.has(knex) || knex.client.config.client !== 'better-sqlite3') {
    return;
  }
  tuned.add(knex);
  // The pool holds one SQLite connection (knex's default), so these reach it. WAL is kept in the file; a
  // connection the pool opens later (after an error) starts with synchronous NORMAL on a WAL file, which is
  // better-sqlite3's build default (SQLITE_DEFAULT_WAL_SYNCHRONOUS=1; the tests check it).
  for (const pragma of SQLITE_PRAGMAS) await knex.raw(`PRAGMA ${pragma}`);
}

/**
 * Backstage's database service (`@backstage/backend-defaults`' DatabaseManager, the same config and
 * connections) with {@link tuneSqlite} applied to each plugin's client when SQLite is in use. PostgreSQL
 * clients are returned as they are.
 */
export const sqliteTunedDatabaseServiceFactory = createServiceFactory({
  service: coreServices.database,
  deps: {
    config: coreServices.rootConfig,
    lifecycle: coreServices.lifecycle,
    logger: coreServices.logger,
    pluginMetadata: coreServices.pluginMetadata,
    rootLifecycle: coreServices.rootLifecycle,
    rootLogger: coreServices.rootLogger,
  },
  async createRootContext({ config, rootLifecycle, rootLogger }) {
    // As Backstage's own factory: an in-memory SQLite database without `backend.database`.
    const source = config.getOptional('backend.database')
      ? config
      : new ConfigReader({
          backend: {
            database: { client: 'better-sqlite3', connection: ':memory:' },
          },
        });
    return DatabaseManager.fromConfig(source, { rootLifecycle, rootLogger });
  },
  async factory({ pluginMetadata, lifecycle, logger }, manager) {
    const database = manager.forPlugin(pluginMetadata.getId(), {
      lifecycle,
      logger,
    });
    return {
      ...database,
      async getClient() {
        const knex = await database.getClient();
        await tuneSqlite(knex);
        return knex;
      },
    } satisfies DatabaseService;
  },
});
