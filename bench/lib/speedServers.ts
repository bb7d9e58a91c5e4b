// What bench/speed.ts starts, and its stopping: the servers running, each app's data folder and the run's
// PostgreSQL cluster are stopped and removed at the end, on error and on Ctrl-C.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BenchPostgres } from './db.ts';
import { log } from './util.ts';

/** What is running now. */
export const servers = {
  /** The apps' servers, from their start until they are stopped. */
  running: new Set<{ stop(): Promise<void> }>(),
  /** The run's PostgreSQL cluster (--db postgres), stopped after the servers. */
  postgres: undefined as BenchPostgres | undefined,
};

/** Each app's data folder (SQLite, bench config), removed when the app is done or the bench is stopped. */
const tempDirs = new Set<string>();
export const makeTempDir = (prefix: string) => {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  tempDirs.add(dir);
  return dir;
};
export const removeTempDir = (dir: string) => {
  rmSync(dir, { recursive: true, force: true });
  tempDirs.delete(dir);
};

/** Stops the servers, removes the data folders, then stops PostgreSQL. */
export const stopAll = async () => {
  await Promise.all(
    [...servers.running].map(s => s.stop().catch(() => undefined)),
  );
  for (const dir of tempDirs) removeTempDir(dir);
  await servers.postgres
    ?.stop()
    .catch(error => log(`PostgreSQL stop: ${error}`));
};

/**
 * Stops everything on SIGINT and SIGTERM, then exits 130. Every signal is caught, not only the first: a second
 * one (Ctrl-C twice, or `timeout` passing on the group's SIGINT) would otherwise end the bench with its servers
 * and the PostgreSQL cluster still running.
 */
export function stopOnSignals() {
  let stopping = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (stopping) {
      log(`${signal}: already stopping`);
      return;
    }
    stopping = true;
    log(`${signal}: stopping the servers`);
    stopAll().finally(() => process.exit(130));
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
}
