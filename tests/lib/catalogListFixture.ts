/**
 * The catalog list tests' one backend (tests/catalog-list.test.ts runs the API, browser and server-rendering
 * suites against it, so the backend starts and ingests once): the demo catalog plus a test file of components,
 * for the browser: an owners-only one of team-fleet and one whose title and description hold script and markup;
 * for the API: an owners-only one of team-payments, and some with `%`, `_` and HTML in their text. Also what
 * Alice may list of them.
 */
import type { Page } from 'playwright-core';
import { signIn } from './auth.ts';
import type { Backend } from './backend.ts';
import {
  startWithTestEntities,
  userCookie,
  writeEntities,
} from './catalogFixture.ts';
import { appList, catalogOf, visibleTo, type Listed } from './catalogList.ts';
import type { DemoEntity } from './demo.ts';

/** Script and markup that would run or render if anything embedded them unescaped. */
export const PAYLOAD =
  '<script>alert(1)</script></script><script>window.__pwned=1</script><img src=x onerror="window.__pwned=2">';

/** A component of the test file; what is not given is left out of it. */
export const testComponent = (
  name: string,
  fields: {
    title?: string;
    description?: string;
    tags?: string[];
    owner?: string;
    type?: string;
    lifecycle?: string;
    ownersOnly?: boolean;
  },
) => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name,
    title: fields.title,
    description: fields.description,
    tags: fields.tags,
    annotations: fields.ownersOnly
      ? { 'atrium.dev/visibility': 'owners' }
      : undefined,
  },
  spec: {
    type: fields.type ?? 'service',
    lifecycle: fields.lifecycle ?? 'experimental',
    owner: fields.owner ?? 'team-fleet',
  },
});

export const TEST_COMPONENTS = [
  testComponent('cl-ui-probe', {
    title: `Probe ${PAYLOAD}`,
    description: `Described ${PAYLOAD}`,
    tags: ['cl-ui-probe-tag'],
    lifecycle: 'production',
    owner: 'team-routing',
  }),
  testComponent('cl-ui-vault', {
    description: 'Only team-fleet may see this',
    tags: ['cl-ui-vault-tag'],
    lifecycle: 'classified',
    ownersOnly: true,
  }),
  testComponent('cl-vault', {
    description: 'Owners-only: its tag and counts are for its owners alone.',
    tags: ['cl-secret-tag'],
    owner: 'team-payments',
    lifecycle: 'production',
    ownersOnly: true,
  }),
  testComponent('cl-percent', { description: 'Discount 50% for staff' }),
  testComponent('cl-other', { description: 'Discount 50 percent for guests' }),
  testComponent('cl_snake', { description: 'a snake_case helper' }),
  testComponent('cl-snakex', { description: 'a snakeXcase helper' }),
  testComponent('cl-html', {
    title: '<script>alert(1)</script> Widget',
    tags: ['cl-tag'],
    type: 'website',
  }),
];

export interface CatalogListBackend {
  /** The running backend (a suite that restarts it puts the new one here; the file's `after` stops it). */
  backend: Backend;
  /** The config file that loads the catalog (to restart with). */
  config: string;
  /** The test components' file: rewrite it with writeTestComponents. */
  entitiesFile: string;
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
  const { backend, config, entitiesFile } = await startWithTestEntities({
    name,
    entities: TEST_COMPONENTS,
    allow: ['Component'],
    config: {
      // What is rendered is under test here, not how fast: a cold first query on a loaded test machine may
      // take longer than the default 2 s (bench/ measures the speed).
      atrium: { ssr: { timeoutMs: 15_000 } },
      // The list's answers are cached until the change watcher sees a change: poll each second, not 10.
      graphql: { responseCache: { changePollSeconds: 1 } },
    },
  });
  const signedIn = await signIn(backend.baseUrl, 'alice.nakamura');
  const components = catalogOf(
    'Component',
    JSON.parse(JSON.stringify(TEST_COMPONENTS)) as DemoEntity[],
  );
  const aliceOwnership = signedIn.identity.ownershipEntityRefs;
  return {
    backend,
    config,
    entitiesFile,
    cookie: await userCookie(backend.baseUrl, signedIn.token),
    aliceOwnership,
    components,
    forAlice: visibleTo(components, aliceOwnership),
  };
}

/** Rewrites the test file: the test components plus `extra` (the catalog reads it at its next refresh). */
export function writeTestComponents(
  fixture: CatalogListBackend,
  extra: object[] = [],
) {
  writeEntities(fixture.entitiesFile, [...TEST_COMPONENTS, ...extra]);
}

/** Opens a path and waits for the app's list (the server's layer may be above it for a moment). */
export async function openList(page: Page, baseUrl: string, path: string) {
  await page.goto(`${baseUrl}${path}`, { waitUntil: 'domcontentloaded' });
  await appList(page).waitFor({ timeout: 60_000 });
}

export const count = (list: Listed[], keep: (e: Listed) => boolean) =>
  list.filter(keep).length;
