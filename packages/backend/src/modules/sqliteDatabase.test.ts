import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseManager } from '@backstage/backend-defaults/database';
import type {
  LifecycleService,
  LoggerService,
} from '@backstage/backend-plugin-api';
import { ConfigReader } from '@backstage/config';
import { tuneSqlite } from './sqliteDatabase';

const logger = {
  child: () => logger,
  debug() {},
  info() {},
  warn() {},
  error() {},
} as unknown as LoggerService;
const lifecycle = {
  addStartupHook() {},
  addShutdownHook() {},
} as unknown as LifecycleService;

describe('tuneSqlite', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'atrium-sqlite-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  /** A plugin's client as Backstage's DatabaseManager makes it from Atrium's kind of config. */
  async function pluginClient() {
    const manager = DatabaseManager.fromConfig(
      new ConfigReader({
        backend: {
          database: {
            client: 'better-sqlite3',
            connection: { directory: dir },
          },
        },
      }),
    );
    return manager.forPlugin('catalog', { logger, lifecycle }).getClient();
  }

  const pragma = async (knex: Awaited<ReturnType<typeof pluginClient>>) => ({
    journal: (await knex.raw('PRAGMA journal_mode'))[0].journal_mode,
    synchronous: (await knex.raw('PRAGMA synchronous'))[0].synchronous,
  });

  it('puts a plugin database file in WAL mode with synchronous NORMAL', async () => {
    const knex = await pluginClient();
    try {
      expect(await pragma(knex)).toEqual({ journal: 'delete', synchronous: 2 });
      await tuneSqlite(knex);
      // NORMAL is 1.
      expect(await pragma(knex)).toEqual({ journal: 'wal', synchronous: 1 });
    } finally {
      await knex.destroy();
    }
  });

  it('tunes a connection the pool opens later as well', async () => {
    const knex = await pluginClient();
    // A pool that closes idle connections at once (set before its first connection), so the next query runs on
    // a new one, as after a connection error.
    const pool = knex.client.pool;
    Object.assign(pool, {
      min: 0,
      idleTimeoutMillis: 20,
      reapIntervalMillis: 10,
    });
    try {
      await tuneSqlite(knex);
      const deadline = Date.now() + 2000;
      while (pool.numFree() + pool.numUsed() > 0 && Date.now() < deadline) {
        await new Promise(resolve => setTimeout(resolve, 10));
      }
      expect(pool.numFree() + pool.numUsed()).toBe(0);
      expect(await pragma(knex)).toEqual({ journal: 'wal', synchronous: 1 });
    } finally {
      await knex.destroy();
    }
  });
});
