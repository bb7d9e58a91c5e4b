/**
 * The catalog list tests' backend: the demo catalog plus a test file with an owners-only component of
 * team-fleet and one whose title and description hold script and markup, and what Alice may list of it.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { signIn } from './auth.ts';
import { startBackend, waitForCatalog, type Backend } from './backend.ts';
import { appList, catalogOf, visibleTo, type Listed } from './catalogList.ts';
import { demoCatalogWith, demoKindCounts, type DemoEntity } from './demo.ts';

/** Script and markup that would run or render if anything embedded them unescaped. */
export const PAYLOAD =
  '<script>alert(1)</script></script><script>window.__pwned=1</script><img src=x onerror="window.__pwned=2">';

export const EXTRA_COMPONENTS = [
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name: 'cl-ui-probe',
      title: `Probe ${PAYLOAD}`,
      description: `Described ${PAYLOAD}`,
      tags: ['cl-ui-probe-tag'],
    },
    spec: { type: 'service', lifecycle: 'production', owner: 'team-routing' },
  },
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name: 'cl-ui-vault',
      description: 'Only team-fleet may see this',
      tags: ['cl-ui-vault-tag'],
      annotations: { 'atrium.dev/visibility': 'owners' },
    },
    spec: { type: 'service', lifecycle: 'classified', owner: 'team-fleet' },
  },
];

export interface CatalogListBackend {
  backend: Backend;
  /** The config file that loads the catalog (to restart with). */
  config: string;
  /** Alice's `backstage-auth` cookie (`name=value`), for server-rendered pages. */
  cookie: string;
  aliceOwnership: string[];
  /** Every component of the files, owners-only ones included. */
  components: Listed[];
  /** The components Alice may list. */
  forAlice: Listed[];
}

export async function startCatalogListBackend(
  name: string,
): Promise<CatalogListBackend> {
  const dir = mkdtempSync(join(tmpdir(), 'atrium-catalog-list-'));
  writeFileSync(
    join(dir, 'entities.yaml'),
    EXTRA_COMPONENTS.map(e => JSON.stringify(e)).join('\n---\n'),
  );
  const config = join(dir, 'app-config.catalog-list.yaml');
  writeFileSync(
    config,
    JSON.stringify({
      ...demoCatalogWith([
        { target: join(dir, 'entities.yaml'), allow: ['Component'] },
      ]),
      // What is rendered is under test here, not how fast: a cold first query on a loaded test machine may
      // take longer than the default 2 s (bench/ measures the speed).
      atrium: { ssr: { timeoutMs: 15_000 } },
    }),
  );
  const backend = await startBackend({ name, configs: [config] });
  const expected = demoKindCounts();
  expected.Component += EXTRA_COMPONENTS.length;
  await waitForCatalog(backend.baseUrl, backend.serviceToken, expected);
  const signedIn = await signIn(backend.baseUrl, 'alice.nakamura');
  const res = await fetch(
    `${backend.baseUrl}/api/app/.backstage/auth/v1/cookie`,
    { headers: { authorization: `Bearer ${signedIn.token}` } },
  );
  const components = catalogOf(
    'Component',
    EXTRA_COMPONENTS as unknown as DemoEntity[],
  );
  const aliceOwnership = signedIn.identity.ownershipEntityRefs;
  return {
    backend,
    config,
    cookie: res.headers.get('set-cookie')!.split(';')[0],
    aliceOwnership,
    components,
    forAlice: visibleTo(components, aliceOwnership),
  };
}

/** Opens a path and waits for the app's list (the server's layer may be above it for a moment). */
export async function openList(page: Page, baseUrl: string, path: string) {
  await page.goto(`${baseUrl}${path}`, { waitUntil: 'domcontentloaded' });
  await appList(page).waitFor({ timeout: 60_000 });
}

export const count = (list: Listed[], keep: (e: Listed) => boolean) =>
  list.filter(keep).length;
