import {
  coreServices,
  createServiceFactory,
  createServiceRef,
  type LoggerService,
  type RootConfigService,
} from '@backstage/backend-plugin-api';
import knexFactory, { type Knex } from 'knex';

/**
 * The PostgreSQL advisory lock (two 32-bit keys: "Atrm", "strt") that one replica at a time holds while its
 * plugins initialise. Advisory locks are per database: it is taken in the database the connection names, else
 * `postgres` (where Backstage creates each plugin's database).
 */
export const STARTUP_LOCK_KEYS = [0x4174726d, 0x73747274] as const;

export interface StartupLockOptions {
  /** How long to wait for another replica's startup before starting anyway. */
  maxWaitMs: number;
  /** How long to hold it at most, should startup hang without failing. */
  maxHoldMs: number;
  pollMs: number;
}

const DEFAULTS: StartupLockOptions = {
  maxWaitMs: 10 * 60_000,
  maxHoldMs: 10 * 60_000,
  pollMs: 500,
};

export interface StartupLock {
  release(): Promise<void>;
}

function lockClient(config: RootConfigService): Knex {
  const connection = config.get('backend.database.connection');
  return knexFactory({
    client: 'pg',
    connection:
      typeof connection === 'string'
        ? connection
        : {
            ...(connection as object),
            database:
              config.getOptionalString(
                'backend.database.connection.database',
              ) ?? 'postgres',
          },
    pool: { min: 0, max: 1 },
  });
}

/**
 * Takes the startup lock on a connection of its own (session-level: it goes with the connection, so a replica
 * that dies holding it frees it), waiting for another replica's startup to end. Resolves undefined when the
 * database is not PostgreSQL.
 */
export async function acquireStartupLock(
  config: RootConfigService,
  logger: LoggerService,
  options: Partial<StartupLockOptions> = {},
): Promise<StartupLock | undefined> {
  if (config.getOptionalString('backend.database.client') !== 'pg') {
    return undefined;
  }
  const { maxWaitMs, maxHoldMs, pollMs } = { ...DEFAULTS, ...options };
  const knex = lockClient(config);
  const connection = await knex.client.acquireConnection();
  const tryLock = async () => {
    const { rows } = await knex
      .raw('select pg_try_advisory_lock(?, ?) as locked', [
        ...STARTUP_LOCK_KEYS,
      ])
      .connection(connection);
    return rows[0].locked === true;
  };
  const close = async () => {
    await knex.client.releaseConnection(connection);
    await knex.destroy();
  };
  const started = Date.now();
  let locked = await tryLock();
  if (!locked) {
    logger.info(
      'Another replica is starting (it holds the startup lock); waiting for it to finish',
    );
  }
  while (!locked && Date.now() - started < maxWaitMs) {
    await new Promise(resolve => setTimeout(resolve, pollMs));
    locked = await tryLock();
  }
  if (!locked) {
    logger.warn(
      `Another replica held the startup lock for over ${maxWaitMs} ms; starting without it`,
    );
    await close();
    return undefined;
  }
  if (Date.now() - started > pollMs) {
    logger.info(`Startup lock taken after ${Date.now() - started} ms`);
  }
  // Should startup hang without failing, the others wait no longer than this.
  const timer = setTimeout(() => {
    logger.warn(
      `Startup still running after ${maxHoldMs} ms; releasing the startup lock`,
    );
    release();
  }, maxHoldMs);
  timer.unref();
  let released: Promise<void> | undefined;
  function release() {
    released ??= (async () => {
      clearTimeout(timer);
      await knex
        .raw('select pg_advisory_unlock(?, ?)', [...STARTUP_LOCK_KEYS])
        .connection(connection)
        .catch(() => {}); // closing the connection frees it anyway
      await close();
    })();
    return released;
  }
  return { release };
}

/** Nothing to use: the service exists to be initialised before every plugin. */
export const startupLockServiceRef = createServiceRef<void>({
  id: 'atrium.startup-lock',
  scope: 'root',
});

/**
 * On PostgreSQL, one replica at a time initialises its plugins: a root service, initialised before any plugin,
 * takes {@link acquireStartupLock} and the root lifecycle's startup (every plugin initialised) releases it.
 * Backstage runs each plugin's knex migrations as it initialises, and knex creates its migrations table before
 * it takes its migration lock, so two first starts on an empty database raced ('relation
 * "backstage_backend_public_keys__knex_migrations" already exists') and the loser exited; a crash in the middle
 * of a migration may also leave knex's lock taken. Replicas after the first find their migrations done.
 */
export const startupLockServiceFactory = createServiceFactory({
  service: startupLockServiceRef,
  deps: {
    config: coreServices.rootConfig,
    logger: coreServices.rootLogger,
    lifecycle: coreServices.rootLifecycle,
  },
  initialization: 'always',
  async factory({ config, logger, lifecycle }) {
    const lock = await acquireStartupLock(config, logger);
    if (lock) {
      lifecycle.addStartupHook(() => lock.release());
      lifecycle.addShutdownHook(() => lock.release());
    }
  },
});
