import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { signIn } from './auth.ts';
import { artifactDir, ROOT } from './paths.ts';
import {
  freePort,
  startProcess,
  waitFor,
  type RunningProcess,
} from './proc.ts';

export interface Backend {
  baseUrl: string;
  port: number;
  dataDir: string;
  /**
   * A static service token (Backstage's `backend.auth.externalAccess`) for reading the catalog before any
   * user can sign in, e.g. while waiting for ingestion. Service callers are not subject to the user policy.
   */
  serviceToken: string;
  process: RunningProcess;
  stop(): Promise<void>;
}

export interface BackendOptions {
  /** Name for the log file under artifacts/logs. */
  name: string;
  /** Extra config files after app-config.yaml, as the start command takes them. */
  configs?: string[];
  /** Data folder to reuse (to test restarts); a fresh temporary one by default. */
  dataDir?: string;
  port?: number;
  env?: Record<string, string>;
  timeoutMs?: number;
}

/**
 * Runs Atrium's backend the way scripts/start.sh does (source through Backstage's Node transform, serving the
 * built frontend), on a spare loopback port, and waits until it reports ready.
 */
export async function startBackend(options: BackendOptions): Promise<Backend> {
  const port = options.port ?? (await freePort());
  const baseUrl = `http://localhost:${port}`;
  const dataDir =
    options.dataDir ?? mkdtempSync(join(tmpdir(), 'atrium-data-'));
  mkdirSync(join(dataDir, 'sqlite'), { recursive: true });
  const logFile = join(artifactDir('logs'), `${options.name}.log`);
  const serviceToken = randomBytes(24).toString('hex');
  const testConfig = join(dataDir, 'app-config.test-access.yaml');
  writeFileSync(
    testConfig,
    JSON.stringify({
      backend: {
        auth: {
          externalAccess: [
            {
              type: 'static',
              options: { token: serviceToken, subject: 'atrium-tests' },
            },
          ],
        },
      },
    }),
  );
  // Defaults for every test backend, before the suite's own files so a suite can set them otherwise. Suites
  // assert that critical pages are rendered on the server, not how fast: with two suites at once on two cores a
  // render can miss the production budget (2 s) and fall back to the plain app. Speed is bench/speed.ts's job;
  // the fallback itself is tested in the SSR module's own tests.
  const testDefaults = join(dataDir, 'app-config.test-defaults.yaml');
  writeFileSync(
    testDefaults,
    JSON.stringify({ atrium: { ssr: { timeoutMs: 10_000 } } }),
  );
  const configs = [
    'app-config.yaml',
    testDefaults,
    ...(options.configs ?? []),
    testConfig,
  ].flatMap(c => ['--config', resolve(ROOT, c)]);

  const proc = startProcess(
    process.execPath,
    [
      // Stack traces in the log name TypeScript lines with ATRIUM_TEST_SOURCE_MAPS=1. Off by default: reading the
      // inline source maps of every transformed file costs each start about a second of CPU, and a test run starts
      // some forty backends on two cores.
      ...(process.env.ATRIUM_TEST_SOURCE_MAPS === '1'
        ? ['--enable-source-maps']
        : []),
      '--require',
      resolve(
        ROOT,
        'node_modules/@backstage/cli-node/config/nodeTransform.cjs',
      ),
      'src/index.ts',
      ...configs,
    ],
    {
      cwd: resolve(ROOT, 'packages/backend'),
      logFile,
      env: {
        ...process.env,
        NODE_ENV: 'development',
        ATRIUM_ROOT: ROOT,
        ATRIUM_DATA_DIR: dataDir,
        ATRIUM_PORT: String(port),
        ATRIUM_BASE_URL: baseUrl,
        // The embedded Kubernetes API simulator's HTTPS port: spare too, so two backends can run at once.
        ATRIUM_SIMULATOR_PORT: String(await freePort()),
        // V8's code cache on disk (keyed by each file's content, so never stale): every backend after the first
        // compiles the same transformed sources and node_modules again otherwise, about a tenth of its startup.
        NODE_COMPILE_CACHE:
          process.env.NODE_COMPILE_CACHE ??
          resolve(ROOT, '.tools/node-compile-cache'),
        // The merged config schema, kept between starts (packages/backend/src/modules/configSchemaCache.ts).
        ATRIUM_CONFIG_SCHEMA_CACHE:
          process.env.ATRIUM_CONFIG_SCHEMA_CACHE ??
          resolve(ROOT, '.tools/config-schema-cache'),
        ...options.env,
      },
    },
  );

  let exitCode: number | null | undefined;
  proc.exited.then(code => (exitCode = code));
  const state = await waitFor(
    `the backend (${options.name}) to be ready on ${baseUrl}`,
    async () => {
      if (exitCode !== undefined) return 'exited' as const;
      const res = await fetch(`${baseUrl}/.backstage/health/v1/readiness`);
      return res.ok ? ('ready' as const) : undefined;
    },
    {
      timeoutMs: options.timeoutMs ?? 240_000,
      // Each suite waits for this (once or more): a second's polling wasted half a second on average.
      intervalMs: 200,
      onTimeout: () => proc.tail(),
    },
  ).catch(async error => {
    await proc.stop();
    throw error;
  });
  if (state === 'exited') {
    throw new Error(`backend exited with ${exitCode}:\n${proc.tail()}`);
  }

  return {
    baseUrl,
    port,
    dataDir,
    serviceToken,
    process: proc,
    stop: () => proc.stop(),
  };
}

/** Entity counts per kind, as the catalog reports them. */
export async function kindCounts(
  baseUrl: string,
  token: string,
): Promise<Record<string, number>> {
  const res = await fetch(`${baseUrl}/api/catalog/entity-facets?facet=kind`, {
    headers: { authorization: `Bearer ${token}` },
  });
  if (!res.ok) throw new Error(`facets: ${res.status}`);
  const body = (await res.json()) as {
    facets: { kind: Array<{ value: string; count: number }> };
  };
  return Object.fromEntries(body.facets.kind.map(f => [f.value, f.count]));
}

/** Waits until the catalog holds at least the expected number of entities of every kind. */
export async function waitForCatalog(
  baseUrl: string,
  token: string,
  expected: Record<string, number>,
  timeoutMs = 180_000,
) {
  let last: Record<string, number> = {};
  return waitFor(
    'the demo catalog to be ingested',
    async () => {
      last = await kindCounts(baseUrl, token);
      return Object.entries(expected).every(
        ([kind, n]) => (last[kind] ?? 0) >= n,
      )
        ? last
        : undefined;
    },
    {
      timeoutMs,
      intervalMs: 250,
      onTimeout: () =>
        `expected ${JSON.stringify(expected)}, last saw ${JSON.stringify(
          last,
        )}`,
    },
  );
}

/**
 * Stores a user setting, restarts the backend through `restart`, and asserts that straight afterwards (before
 * any new ingestion could have run) the catalog holds the same entities and the setting reads back.
 * Returns the restarted backend.
 */
export async function assertRestartKeepsData(
  backend: Backend,
  key: string,
  restart: (old: Backend) => Promise<Backend>,
): Promise<Backend> {
  const setting = `/api/user-settings/buckets/atrium-test/keys/${key}`;
  const value = { survives: key };
  const user = 'alice.nakamura';
  let token = (await signIn(backend.baseUrl, user)).token;
  const put = await fetch(backend.baseUrl + setting, {
    method: 'PUT',
    headers: {
      authorization: `Bearer ${token}`,
      'content-type': 'application/json',
    },
    body: JSON.stringify({ value }),
  });
  assert.equal(put.status, 200, await put.text());
  const before = await kindCounts(backend.baseUrl, backend.serviceToken);

  await backend.stop();
  const restarted = await restart(backend);
  assert.deepEqual(
    await kindCounts(restarted.baseUrl, restarted.serviceToken),
    before,
  );
  token = (await signIn(restarted.baseUrl, user)).token;
  const get = await fetch(restarted.baseUrl + setting, {
    headers: { authorization: `Bearer ${token}` },
  });
  assert.equal(get.status, 200);
  assert.deepEqual(((await get.json()) as { value: unknown }).value, value);
  return restarted;
}

/**
 * Asks `backend`'s catalog, as the suite's service, to refresh `entityRef` now (its location is read again on
 * the next processing loop), and asserts that the catalog took the request.
 */
export async function refreshEntity(
  backend: Pick<Backend, 'baseUrl' | 'serviceToken'>,
  entityRef: string,
): Promise<void> {
  const res = await fetch(`${backend.baseUrl}/api/catalog/refresh`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      authorization: `Bearer ${backend.serviceToken}`,
    },
    body: JSON.stringify({ entityRef }),
  });
  assert.equal(res.status, 200);
}

/** Waits (60 s at most) until `backend`'s catalog holds `entity` (`<kind>/<namespace>/<name>`), read as the service. */
export async function waitForEntity(
  backend: Pick<Backend, 'baseUrl' | 'serviceToken'>,
  entity: string,
): Promise<void> {
  await waitFor(`${entity} in the catalog`, async () => {
    const res = await fetch(
      `${backend.baseUrl}/api/catalog/entities/by-name/${entity}`,
      { headers: { authorization: `Bearer ${backend.serviceToken}` } },
    );
    await res.body?.cancel();
    return res.status === 200 ? true : undefined;
  });
}
