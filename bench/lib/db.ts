// The database the speed benchmark gives both apps: SQLite in each app's temporary folder (the apps' own
// defaults), or one throwaway PostgreSQL cluster for the whole run (Debian's server, made as the tests make it:
// tests/lib/postgres.ts), where each app and size gets its own databases through Backstage's
// `backend.database.prefix` (`atrium_small_catalog`, `stock_small_catalog`, ...), dropped once that app is done.
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { startPostgres, type Postgres } from '../../tests/lib/postgres.ts';
import { atriumPostgresTuning } from './productionConfig.ts';
import { log } from './util.ts';

export type Db = 'sqlite' | 'postgres';
export const DBS: readonly Db[] = ['sqlite', 'postgres'];

export interface BenchPostgres {
  /** Server version, for the output. */
  version: string;
  /** `backend.database` for one app: this cluster, databases named `<prefix><plugin id>`. */
  databaseConfig(prefix: string): object;
  /** Runs one statement in `database` with psql; rows a line each, columns separated by `|`. */
  query(database: string, sql: string): Promise<string>;
  /** Drops every database whose name starts with `prefix` (the app using them must be stopped). */
  drop(prefix: string): Promise<void>;
  /** Stops the cluster and removes its folder; safe to call twice and after the server died. */
  stop(): Promise<void>;
}

/** Atrium's `backend.database` config on this cluster: databases `<prefix><plugin id>`, the shipped tuning added. */
export function atriumDatabaseConfig(pg: BenchPostgres, prefix: string) {
  return {
    backend: {
      database: { ...pg.databaseConfig(prefix), ...atriumPostgresTuning() },
    },
  };
}

/**
 * Takes `--db sqlite|postgres` out of `args` (SQLite when absent); prints `usage` (where `DB` stands for the
 * choices) and exits with 2 on any other value.
 */
export function takeDbArg(args: string[], usage: string): Db {
  const at = args.indexOf('--db');
  const db = (at >= 0 ? args.splice(at, 2)[1] : 'sqlite') as Db;
  if (!DBS.includes(db)) {
    console.error(`usage: ${usage.replace('DB', DBS.join('|'))}`);
    process.exit(2);
  }
  return db;
}

/** Starts the run's cluster. */
export async function startBenchPostgres(): Promise<BenchPostgres> {
  const pg: Postgres = await startPostgres();
  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    try {
      await pg.stop();
    } catch (error) {
      // Ctrl-C in a terminal reaches the server too; whatever is left of it goes the hard way.
      const pidFile = join(pg.dir, 'data', 'postmaster.pid');
      const pid = existsSync(pidFile)
        ? Number(readFileSync(pidFile, 'utf8').split('\n')[0])
        : NaN;
      if (pid > 0) {
        try {
          process.kill(pid, 'SIGQUIT'); // immediate shutdown, children included
        } catch {
          /* gone */
        }
      }
      log(
        `PostgreSQL: pg_ctl stop failed (${
          (error as Error).message.split('\n')[0]
        })`,
      );
    }
    rmSync(pg.dir, { recursive: true, force: true });
    log(`PostgreSQL: stopped, ${pg.dir} removed`);
  };
  try {
    const version = await pg.query('postgres', 'show server_version');
    log(`PostgreSQL ${version} on 127.0.0.1:${pg.port} (${pg.dir})`);
    return {
      version,
      databaseConfig: prefix => ({
        client: 'pg',
        connection: {
          host: pg.host,
          port: pg.port,
          user: pg.user,
          password: pg.password,
        },
        prefix,
      }),
      query: (database, sql) => pg.query(database, sql),
      async drop(prefix) {
        // Frees the disk for the next app; a failure (the cluster already stopped by Ctrl-C) only logs.
        try {
          await dropAll(prefix);
        } catch (error) {
          log(
            `PostgreSQL: dropping ${prefix}*: ${
              (error as Error).message.split('\n')[0]
            }`,
          );
        }
      },
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }

  async function dropAll(prefix: string) {
    const names = (
      await pg.query(
        'postgres',
        `select datname from pg_database where starts_with(datname, '${prefix}')`,
      )
    )
      .split('\n')
      .filter(Boolean);
    for (const name of names)
      await pg.query('postgres', `drop database "${name}" with (force)`);
    log(`PostgreSQL: dropped ${names.length} databases ${prefix}*`);
  }
}
