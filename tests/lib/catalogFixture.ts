/**
 * A backend with the demo catalog plus a test file of entities beside it, once all of them are ingested; and the
 * user cookie the app gets after sign-in, with which the server renders pages.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startBackend, waitForCatalog, type Backend } from './backend.ts';
import { demoCatalogWith, demoKindCounts } from './demo.ts';

/** Entity documents (JSON is YAML) written as one file, the way the catalog's file locations read them. */
export function writeEntities(file: string, entities: object[]) {
  writeFileSync(file, entities.map(e => JSON.stringify(e)).join('\n---\n'));
}

export interface TestCatalogBackend {
  backend: Backend;
  /** The test's temporary folder. */
  dir: string;
  /** The test entities' file (rewrite it with writeEntities, then refresh, to change them). */
  entitiesFile: string;
  /** The config file that loads the catalog (to restart with). */
  config: string;
}

/**
 * Starts a backend whose catalog is the demo's plus `entities` (of the kinds in `allow`), with `config` beside,
 * and waits until every one of them is in the catalog.
 */
export async function startWithTestEntities(options: {
  /** Log name, and the temporary folder's prefix. */
  name: string;
  entities: Array<{ kind: string }>;
  allow: string[];
  config?: Record<string, unknown>;
}): Promise<TestCatalogBackend> {
  const dir = mkdtempSync(join(tmpdir(), `atrium-${options.name}-`));
  const entitiesFile = join(dir, 'entities.yaml');
  writeEntities(entitiesFile, options.entities);
  const config = join(dir, `app-config.${options.name}-test.yaml`);
  writeFileSync(
    config,
    JSON.stringify({
      ...demoCatalogWith([{ target: entitiesFile, allow: options.allow }]),
      ...options.config,
    }),
  );
  const backend = await startBackend({
    name: options.name,
    configs: [config],
  });
  const expected = demoKindCounts();
  for (const e of options.entities)
    expected[e.kind] = (expected[e.kind] ?? 0) + 1;
  await waitForCatalog(backend.baseUrl, backend.serviceToken, expected);
  return { backend, dir, entitiesFile, config };
}

/**
 * What the app does after sign-in: Backstage's user cookie (`name=value`), for the server to render the next
 * page load.
 */
export async function userCookie(
  baseUrl: string,
  token: string,
): Promise<string> {
  const res = await fetch(`${baseUrl}/api/app/.backstage/auth/v1/cookie`, {
    headers: { authorization: `Bearer ${token}` },
  });
  assert.equal(res.status, 200);
  const cookie = res.headers.get('set-cookie')!.split(';')[0];
  assert.match(cookie, /^backstage-auth=/);
  return cookie;
}
