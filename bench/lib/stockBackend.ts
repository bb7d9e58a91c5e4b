// Running stock Backstage (set up by ./stock.ts) for the benches: its backend from source through Backstage's
// Node transform, as scripts/lib/backend.sh runs Atrium's, with the bench's config.
import { randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parse } from 'yaml';
import { artifactDir } from '../../tests/lib/paths.ts';
import {
  freePort,
  startProcess,
  waitFor,
  type RunningProcess,
} from '../../tests/lib/proc.ts';
import { STOCK_DIR } from './stock.ts';

export interface StockBackend {
  baseUrl: string;
  port: number;
  dataDir: string;
  process: RunningProcess;
  stop(): Promise<void>;
}

/**
 * Runs the stock backend from source through Backstage's Node transform, as scripts/lib/backend.sh runs
 * Atrium's (development mode, the built frontend served by app-backend), with the template's app-config.yaml
 * plus `configs`, and waits until it reports ready.
 */
export async function startStockBackend(options: {
  configs: string[];
  port?: number;
  dataDir: string;
  name?: string;
  timeoutMs?: number;
  /** Extra environment for the backend (e.g. NODE_OPTIONS for a profile). */
  env?: Record<string, string>;
}): Promise<StockBackend> {
  const port = options.port ?? (await freePort());
  const baseUrl = `http://127.0.0.1:${port}`;
  const logFile = join(
    artifactDir('logs'),
    `${options.name ?? 'bench-stock'}.log`,
  );
  writeFileSync(logFile, ''); // a fresh log: the startup check below reads it
  const proc = startProcess(
    process.execPath,
    [
      // As tests/lib/backend.ts starts Atrium, so the two start alike in a bench.
      ...(process.env.ATRIUM_TEST_SOURCE_MAPS === '1'
        ? ['--enable-source-maps']
        : []),
      '--require',
      join(
        STOCK_DIR,
        'node_modules/@backstage/cli-node/config/nodeTransform.cjs',
      ),
      'src/index.ts',
      ...['app-config.yaml', ...options.configs].flatMap(c => [
        '--config',
        resolve(STOCK_DIR, c),
      ]),
    ],
    {
      cwd: join(STOCK_DIR, 'packages/backend'),
      logFile,
      env: { ...process.env, NODE_ENV: 'development', ...options.env },
    },
  );
  let exitCode: number | null | undefined;
  proc.exited.then(code => (exitCode = code));
  const state = await waitFor(
    `stock Backstage to be ready on ${baseUrl}`,
    async () => {
      if (exitCode !== undefined) return 'exited' as const;
      // A failed plugin start leaves the process running without ever becoming ready.
      if (proc.tail(400).includes('Backend startup failed'))
        return 'failed' as const;
      const res = await fetch(`${baseUrl}/.backstage/health/v1/readiness`);
      return res.ok ? ('ready' as const) : undefined;
    },
    {
      timeoutMs: options.timeoutMs ?? 240_000,
      intervalMs: 1000,
      onTimeout: () => proc.tail(),
    },
  ).catch(async error => {
    await proc.stop();
    throw error;
  });
  if (state !== 'ready') {
    await proc.stop();
    throw new Error(
      `stock backend ${
        state === 'exited' ? `exited with ${exitCode}` : 'failed to start'
      }:\n${proc.tail()}`,
    );
  }
  return {
    baseUrl,
    port,
    dataDir: options.dataDir,
    process: proc,
    stop: () => proc.stop(),
  };
}

/**
 * The bench config for the stock app, written beside its database: loopback URLs on `port`, SQLite files in
 * `dataDir` (or
 * the `database` given), the bench's catalog, a static token for reading the catalog while it ingests, and Home mounted
 * at `/` with the catalog at `/catalog` as in Atrium (the template mounts the catalog at `/`; its own comment
 * says how to switch to Home, which is what this does). Everything else, guest sign-in included, is the
 * template's app-config.yaml.
 */
export function stockBenchConfig(options: {
  port: number;
  dataDir: string;
  serviceToken: string;
  catalog: object;
  /** `backend.database` instead of SQLite files in `dataDir` (the speed bench's PostgreSQL). */
  database?: object;
}): object {
  const baseUrl = `http://127.0.0.1:${options.port}`;
  const template = parse(
    readFileSync(join(STOCK_DIR, 'app-config.yaml'), 'utf8'),
  );
  // Config arrays are replaced, not merged: the template's extension list with the two mount points changed.
  const extensions = (template.app.extensions as unknown[]).flatMap(item => {
    const [id, value] =
      typeof item === 'string'
        ? [item, undefined]
        : Object.entries(item as object)[0];
    if (id === 'page:catalog') return []; // back to its default path, /catalog
    if (id === 'page:home') {
      const config = { ...((value as any)?.config ?? {}), path: '/' };
      return [{ [id]: { ...(value as object), config } }];
    }
    return [item];
  });
  return {
    app: { baseUrl, extensions },
    backend: {
      baseUrl,
      listen: { port: options.port, host: '127.0.0.1' },
      cors: { origin: baseUrl },
      database: options.database ?? {
        client: 'better-sqlite3',
        connection: { directory: join(options.dataDir, 'sqlite') },
      },
      auth: {
        externalAccess: [
          {
            type: 'static',
            options: { token: options.serviceToken, subject: 'atrium-bench' },
          },
        ],
      },
    },
    catalog: options.catalog,
  };
}

/**
 * Stock Backstage as every bench runs it: the bench config (`stockBenchConfig`) written into `dataDir` with a
 * spare port and a fresh static token, then started. The benches differ only in the catalog, the database,
 * extra config files and environment.
 */
export async function startStockForBench(options: {
  name: string;
  dataDir: string;
  catalog: object;
  database?: object;
  configs?: string[];
  env?: Record<string, string>;
}): Promise<StockBackend & { serviceToken: string }> {
  const port = await freePort();
  const serviceToken = randomBytes(24).toString('hex');
  const config = join(options.dataDir, 'app-config.stock-bench.yaml');
  writeFileSync(
    config,
    JSON.stringify(
      stockBenchConfig({
        port,
        dataDir: options.dataDir,
        serviceToken,
        catalog: options.catalog,
        database: options.database,
      }),
    ),
  );
  const backend = await startStockBackend({
    name: options.name,
    configs: [config, ...(options.configs ?? [])],
    dataDir: options.dataDir,
    port,
    env: options.env,
  });
  return { ...backend, serviceToken };
}

/** The token stock Backstage's guest sign-in (the template's) gets from `baseUrl`. */
export async function stockGuestToken(baseUrl: string): Promise<string> {
  const res = await fetch(`${baseUrl}/api/auth/guest/refresh`, {
    headers: { 'x-requested-with': 'XMLHttpRequest' },
  });
  if (!res.ok) throw new Error(`guest refresh: ${res.status}`);
  return ((await res.json()) as any).backstageIdentity.token;
}
