import {
  chmodSync,
  chownSync,
  copyFileSync,
  existsSync,
  mkdtempSync,
  readdirSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { freePort, run } from './proc.ts';
import { artifactDir } from './paths.ts';

export interface Postgres {
  host: string;
  port: number;
  user: string;
  password: string;
  /** The cluster's folder (data, socket, log); stop() removes it and keeps the log in artifacts/logs. */
  dir: string;
  /** Runs one SQL statement with psql and returns its unaligned output. */
  query(database: string, sql: string): Promise<string>;
  /**
   * Stops the server (fast shutdown: open connections are cut) and starts it again on the same port with the
   * same data, for fault tests: clients see their connections fail and must reconnect.
   */
  restart(): Promise<void>;
  stop(): Promise<void>;
}

/** Debian's PostgreSQL server binaries: the newest /usr/lib/postgresql/<version>/bin. */
export function postgresBinDir(): string {
  const base = '/usr/lib/postgresql';
  const versions = existsSync(base)
    ? readdirSync(base).filter(v => existsSync(join(base, v, 'bin', 'initdb')))
    : [];
  if (!versions.length) {
    throw new Error(
      "PostgreSQL server not found under /usr/lib/postgresql; scripts/test.sh installs Debian's postgresql package",
    );
  }
  versions.sort((a, b) => Number(b) - Number(a));
  return join(base, versions[0], 'bin');
}

/**
 * Starts a throwaway PostgreSQL cluster on a spare loopback port, with password authentication.
 * PostgreSQL refuses to run as root, so as root the cluster belongs to Debian's `postgres` user.
 */
export async function startPostgres(): Promise<Postgres> {
  const bin = postgresBinDir();
  const port = await freePort();
  const user = 'atrium';
  const password = `pw-${Math.random().toString(36).slice(2)}`;
  const dir = mkdtempSync(join(tmpdir(), 'atrium-pg-'));
  const dataDir = join(dir, 'data');
  const pwFile = join(dir, 'pw');
  writeFileSync(pwFile, password);

  const asRoot = userInfo().uid === 0;
  // util-linux's runuser lives in /usr/sbin, which a PATH without sbin folders (some CI shells) lacks.
  const RUNUSER =
    ['/usr/sbin/runuser', '/sbin/runuser'].find(p => existsSync(p)) ??
    'runuser';
  const as = (cmd: string, args: string[]) =>
    (asRoot
      ? [RUNUSER, ['-u', 'postgres', '--', cmd, ...args]]
      : [cmd, args]) as [string, string[]];
  if (asRoot) {
    const uid = Number(
      execFileSync('id', ['-u', 'postgres']).toString().trim(),
    );
    const gid = Number(
      execFileSync('id', ['-g', 'postgres']).toString().trim(),
    );
    chownSync(dir, uid, gid);
    chownSync(pwFile, uid, gid);
  }
  chmodSync(dir, 0o700);

  await run(
    ...as(join(bin, 'initdb'), [
      '-D',
      dataDir,
      '-U',
      user,
      `--pwfile=${pwFile}`,
      '--auth=scram-sha-256',
      '-E',
      'UTF8',
      '--locale=C.UTF-8',
    ]),
  );
  const pgStart = () =>
    run(
      ...as(join(bin, 'pg_ctl'), [
        '-D',
        dataDir,
        '-l',
        join(dir, 'server.log'),
        '-w',
        '-t',
        '60',
        '-o',
        `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c max_connections=200`,
        'start',
      ]),
    );
  const pgStop = () =>
    run(
      ...as(join(bin, 'pg_ctl'), [
        '-D',
        dataDir,
        '-m',
        'fast',
        '-w',
        '-t',
        '60',
        'stop',
      ]),
    );
  await pgStart();

  const env = { ...process.env, PGPASSWORD: password };
  return {
    host: '127.0.0.1',
    port,
    user,
    password,
    dir,
    query: (database, sql) =>
      run(
        'psql',
        [
          '-h',
          '127.0.0.1',
          '-p',
          String(port),
          '-U',
          user,
          '-d',
          database,
          '-tAc',
          sql,
        ],
        { env },
      ).then(o => o.trim()),
    restart: async () => {
      await pgStop();
      await pgStart();
    },
    // Stopped, the cluster's folder (its data, ~300 MB) goes too: left behind, every run's filled /tmp. Its
    // server log stays for a human to read.
    stop: async () => {
      await pgStop();
      const log = join(dir, 'server.log');
      if (existsSync(log)) {
        copyFileSync(log, join(artifactDir('logs'), `postgres-${port}.log`));
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
