/**
 * Atrium's catalog list (`/catalog`) in Chromium on the real backend, with the demo catalog and a test file
 * (an owners-only component of team-fleet, and one whose title and description hold script and markup):
 * each filter changes the rows and the counts (checked against the catalog files), paging both ways and with
 * Back, sorting, starring then the starred filter, a shared URL in a fresh browser, the owners-only entity
 * never listed nor counted for a non-owner, the server-rendered list (its HTML, payloads inert), and the list
 * with the gateway failing, in the browser and on the server.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { signIn } from './lib/auth.ts';
import { startBackend, waitForCatalog, type Backend } from './lib/backend.ts';
import { launchChromium, openSignedIn } from './lib/browser.ts';
import {
  appList,
  catalogOf,
  facetBox,
  facetCount,
  facetValues,
  matchesText,
  visibleTo,
  waitForView,
  type Listed,
} from './lib/catalogList.ts';
import {
  demoCatalogWith,
  demoKindCounts,
  type DemoEntity,
} from './lib/demo.ts';
import { artifactDir } from './lib/paths.ts';
import { waitFor } from './lib/proc.ts';

const PAYLOAD =
  '<script>alert(1)</script></script><script>window.__pwned=1</script><img src=x onerror="window.__pwned=2">';

const EXTRA = [
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

const count = (list: Listed[], keep: (e: Listed) => boolean) =>
  list.filter(keep).length;

describe('the catalog list in a browser', { timeout: 900_000 }, () => {
  let backend: Backend;
  let browser: Browser;
  let alice: Page;
  let aliceOwnership: string[];
  let components: Listed[];
  let forAlice: Listed[];
  let cookie: string;
  const shots = artifactDir('screenshots');
  let config: string;

  before(async () => {
    const dir = mkdtempSync(join(tmpdir(), 'atrium-catalog-list-'));
    writeFileSync(
      join(dir, 'entities.yaml'),
      EXTRA.map(e => JSON.stringify(e)).join('\n---\n'),
    );
    config = join(dir, 'app-config.catalog-list.yaml');
    writeFileSync(
      config,
      JSON.stringify({
        ...demoCatalogWith([
          { target: join(dir, 'entities.yaml'), allow: ['Component'] },
        ]),
        // What is rendered is under test here, not how fast: a cold first query on a loaded test machine may take
        // longer than the default 2 s (bench/ measures the speed).
        atrium: { ssr: { timeoutMs: 15_000 } },
      }),
    );
    backend = await startBackend({ name: 'catalog-list', configs: [config] });
    const expected = demoKindCounts();
    expected.Component += EXTRA.length;
    await waitForCatalog(backend.baseUrl, backend.serviceToken, expected);
    const signedIn = await signIn(backend.baseUrl, 'alice.nakamura');
    aliceOwnership = signedIn.identity.ownershipEntityRefs;
    const res = await fetch(
      `${backend.baseUrl}/api/app/.backstage/auth/v1/cookie`,
      { headers: { authorization: `Bearer ${signedIn.token}` } },
    );
    cookie = res.headers.get('set-cookie')!.split(';')[0];
    components = catalogOf('Component', EXTRA as unknown as DemoEntity[]);
    forAlice = visibleTo(components, aliceOwnership);
    browser = await launchChromium();
    ({ page: alice } = await openSignedIn(
      browser,
      backend.baseUrl,
      'alice.nakamura',
    ));
  });

  after(async () => {
    await browser?.close();
    await backend?.stop();
  });

  const open = async (page: Page, path: string) => {
    await page.goto(`${backend.baseUrl}${path}`, {
      waitUntil: 'domcontentloaded',
    });
    await appList(page).waitFor({ timeout: 60_000 });
  };

  test('the default view: every component the user may read, 25 a page, with facet counts', async () => {
    await open(alice, '/catalog');
    const view = await waitForView(
      alice,
      'the default view',
      v => v.total === forAlice.length,
    );
    assert.equal(view.refs.length, 25);
    assert.equal(
      await alice
        .locator('#root table tbody tr a[href*="/catalog/default/component/"]')
        .first()
        .getAttribute('href'),
      `/catalog/default/component/${view.refs[0].split('/')[1]}`,
    );
    for (const type of ['service', 'website', 'library']) {
      assert.equal(
        await facetCount(alice, 'type', type),
        count(forAlice, e => e.type === type),
        `type ${type}`,
      );
    }
    assert.equal(
      await facetCount(alice, 'mine', '1'),
      count(forAlice, e => aliceOwnership.includes(e.owner)),
    );
    await alice.screenshot({ path: join(shots, 'catalog-list.png') });
  });

  test('each filter changes the rows and the counts, and is in the URL', async () => {
    const steps: Array<{
      name: string;
      act(): Promise<void>;
      url: RegExp;
      keep(e: Listed): boolean;
      row?(v: {
        types: string[];
        owners: string[];
        lifecycles: string[];
      }): boolean;
    }> = [
      {
        name: 'type',
        act: () => facetBox(alice, 'type', 'website').check(),
        url: /[?&]type=website/,
        keep: e => e.type === 'website',
        row: v => v.types.every(t => t === 'website'),
      },
      {
        name: 'owner',
        act: () => facetBox(alice, 'owner', 'group:default/team-fleet').check(),
        url: /owner=group%3Adefault%2Fteam-fleet/,
        keep: e => e.owner === 'group:default/team-fleet',
      },
      {
        name: 'mine',
        act: () => facetBox(alice, 'mine', '1').check(),
        url: /mine=1/,
        keep: e => aliceOwnership.includes(e.owner),
      },
      {
        name: 'lifecycle',
        act: () => facetBox(alice, 'lifecycle', 'experimental').check(),
        url: /lifecycle=experimental/,
        keep: e => e.lifecycle === 'experimental',
        row: v => v.lifecycles.every(l => l === 'experimental'),
      },
      {
        name: 'tags',
        act: () => facetBox(alice, 'tags', 'java').check(),
        url: /tags=java/,
        keep: e => e.tags.includes('java'),
      },
      {
        name: 'text search',
        act: () =>
          appList(alice).getByPlaceholder('Search').fill('  Payments '),
        url: /q=Payments/,
        keep: e => matchesText(e, 'payments'),
      },
    ];
    for (const step of steps) {
      await open(alice, '/catalog');
      await waitForView(
        alice,
        'the default view',
        v => v.total === forAlice.length,
      );
      const expected = count(forAlice, step.keep);
      assert.ok(expected > 0 && expected < forAlice.length, step.name);
      await step.act();
      const view = await waitForView(
        alice,
        `the ${step.name} filter`,
        v => step.url.test(v.search) && v.total === expected,
      );
      assert.equal(view.refs.length, Math.min(expected, 25), step.name);
      const want = new Set(forAlice.filter(step.keep).map(e => e.ref));
      assert.ok(
        view.refs.every(r => want.has(r)),
        `${step.name}: the rows`,
      );
      if (step.row) assert.ok(step.row(view), `${step.name}: the columns`);
      // The other facets now count within the filter.
      const kept = forAlice.filter(step.keep);
      for (const type of ['service', 'website', 'library']) {
        if (step.name === 'type') continue;
        const n = count(kept, e => e.type === type);
        assert.equal(
          (await facetCount(alice, 'type', type)) ?? 0,
          n,
          `${step.name}: the type facet's ${type}`,
        );
      }
    }
    // The kind select: APIs.
    await open(alice, '/catalog');
    await appList(alice).getByLabel('Kind').selectOption('api');
    const apis = catalogOf('API', []).length;
    const view = await waitForView(
      alice,
      'the APIs',
      v => /kind=api/.test(v.search) && v.total === apis,
    );
    assert.ok(view.refs.every(r => r.startsWith('api:')));
    assert.equal(
      await alice
        .locator('#root tbody tr a[href^="/catalog/default/api/"]')
        .count(),
      view.refs.length,
    );
  });

  test('pages forward and back with the cursors, and Back returns to the page before', async () => {
    await open(alice, '/catalog');
    const first = await waitForView(
      alice,
      'page 1',
      v => v.total === forAlice.length,
    );
    await appList(alice).getByRole('link', { name: 'Next ›' }).click();
    const second = await waitForView(
      alice,
      'page 2',
      v => /after=/.test(v.search) && v.refs.length === forAlice.length - 25,
    );
    assert.ok(!second.refs.some(r => first.refs.includes(r)));
    await appList(alice).getByRole('link', { name: '‹ Previous' }).click();
    const again = await waitForView(
      alice,
      'page 1 again',
      v => v.refs.length === 25 && v.refs[0] === first.refs[0],
    );
    assert.deepEqual(again.refs, first.refs);
    await alice.goBack();
    await waitForView(
      alice,
      'page 2 after Back',
      v => v.refs[0] === second.refs[0],
    );
  });

  test('sorts by a column, both ways', async () => {
    await open(alice, '/catalog');
    const asc = await waitForView(
      alice,
      'by name',
      v => v.total === forAlice.length,
    );
    const initials = forAlice.map(e => e.name[0]).sort();
    assert.equal(asc.refs[0].split('/')[1][0], initials[0]);
    await appList(alice).getByRole('link', { name: 'Sort by Name' }).click();
    const desc = await waitForView(alice, 'by name, descending', v =>
      /order=desc/.test(v.search),
    );
    assert.equal(desc.refs[0].split('/')[1][0], initials.at(-1));
    assert.equal(
      await appList(alice)
        .locator('th[data-column="name"]')
        .getAttribute('aria-sort'),
      'descending',
    );
    await appList(alice).getByRole('link', { name: 'Sort by Type' }).click();
    const byType = await waitForView(alice, 'by type', v =>
      /sort=type/.test(v.search),
    );
    assert.deepEqual(byType.types, [...byType.types].sort());
    assert.equal(byType.types[0], 'library');
  });

  test('a star set in a row shows at once, and the starred filter lists it', async () => {
    await open(alice, '/catalog?q=fraud');
    const view = await waitForView(alice, 'fraud', v => v.total >= 1);
    const ref = view.refs[0];
    assert.equal(await facetCount(alice, 'starred', '1'), 0);
    const star = appList(alice).locator(
      `tr[data-ref="${ref}"] button.atr-star`,
    );
    await star.click();
    // The star is saved and the list read again from the network: the starred count follows.
    await alice.waitForFunction(
      () =>
        document.querySelector('#root [data-facet="starred"] .atr-count')
          ?.textContent === '1',
      undefined,
      { timeout: 30_000 },
    );
    assert.equal(await star.getAttribute('aria-pressed'), 'true');
    await facetBox(alice, 'starred', '1').check();
    const starred = await waitForView(
      alice,
      'the starred filter',
      v => /starred=1/.test(v.search) && v.total === 1,
    );
    assert.deepEqual(starred.refs, [ref]);
    // A fresh load (server-rendered) shows the same.
    await open(alice, '/catalog?starred=1');
    await waitForView(alice, 'starred, reloaded', v => v.refs[0] === ref);
    // Unstarring empties the starred view.
    await appList(alice)
      .locator(`tr[data-ref="${ref}"] button.atr-star`)
      .click();
    await waitForView(alice, 'no star left', v => v.total === 0);
    await appList(alice)
      .getByText('No entities match these filters.')
      .waitFor();
  });

  test('a shared URL shows the same list in a fresh browser', async () => {
    const path =
      '/catalog?type=service&lifecycle=production&sort=owner&order=desc';
    await open(alice, path);
    const mine = await waitForView(
      alice,
      'the shared view',
      v => v.refs.length > 0,
    );
    const { page: other } = await openSignedIn(
      browser,
      backend.baseUrl,
      'alice.nakamura',
    );
    await open(other, path);
    const theirs = await waitForView(
      other,
      'the shared view, elsewhere',
      v => v.refs.length > 0,
    );
    assert.deepEqual(theirs.refs, mine.refs);
    assert.equal(theirs.total, mine.total);
    assert.ok(await facetBox(other, 'type', 'service').isChecked());
    await other.context().close();
  });

  test('an owners-only entity is neither listed nor counted for a non-owner, and is for its owner', async () => {
    await open(alice, '/catalog?q=cl-ui');
    const view = await waitForView(
      alice,
      'the test entities',
      v => v.total === 1,
    );
    assert.deepEqual(view.refs, ['component:default/cl-ui-probe']);
    await open(alice, '/catalog');
    await waitForView(alice, 'all', v => v.total === forAlice.length);
    assert.ok(!(await facetValues(alice, 'lifecycle')).includes('classified'));
    assert.ok(!(await facetValues(alice, 'tags')).includes('cl-ui-vault-tag'));
    assert.equal(
      await facetCount(alice, 'owner', 'group:default/team-fleet'),
      count(forAlice, e => e.owner === 'group:default/team-fleet'),
    );
    const { page: bob } = await openSignedIn(
      browser,
      backend.baseUrl,
      'bob.okafor',
    );
    await open(bob, '/catalog?q=cl-ui');
    const bobs = await waitForView(
      bob,
      "Bob's test entities",
      v => v.total === 2,
    );
    assert.ok(bobs.refs.includes('component:default/cl-ui-vault'));
    assert.equal(await facetCount(bob, 'lifecycle', 'classified'), 1);
    await bob.context().close();
  });

  test('the server renders the list with the view of the URL; script and markup in entity text stay text', async () => {
    const res = await fetch(`${backend.baseUrl}/catalog?q=cl-ui&type=service`, {
      headers: { accept: 'text/html', cookie },
    });
    assert.equal(res.headers.get('x-atrium-ssr'), 'catalog');
    const html = await res.text();
    const start = html.indexOf('<div id="atrium-ssr"');
    const stateStart = html.indexOf(
      '<script type="application/json" id="atrium-apollo-state">',
    );
    assert.ok(start > 0 && stateStart > start);
    const content = html.slice(start, stateStart);
    const stateText = html.slice(stateStart).replace(/^<script[^>]*>/, '');
    const state = stateText.slice(0, stateText.indexOf('</script>'));
    assert.match(content, /<table/);
    assert.ok(
      content.includes('href="/catalog/default/component/cl-ui-probe"'),
    );
    assert.ok(content.includes('Probe &lt;script&gt;alert(1)&lt;/script&gt;'));
    for (const raw of [
      '<script>alert',
      '<script>window.__pwned',
      '<img src=x',
    ]) {
      assert.ok(!content.includes(raw), `content has no raw ${raw}`);
      assert.ok(!state.includes(raw), `state has no raw ${raw}`);
    }
    assert.ok(!/[<>]/.test(state), 'the state has no angle brackets');
    const cache = JSON.parse(state);
    assert.equal(
      cache['Entity:{"id":"component:default/cl-ui-probe"}'].description,
      `Described ${PAYLOAD}`,
    );
    assert.ok(
      !content.includes('cl-ui-vault') && !state.includes('cl-ui-vault'),
    );

    // In Chromium (signed in, so the app can take over): nothing embedded runs, and the app shows the list
    // from the embedded state without asking the gateway again.
    const { page } = await openSignedIn(
      browser,
      backend.baseUrl,
      'alice.nakamura',
    );
    const context = page.context();
    await waitFor(
      'the app to set its user cookie',
      async () =>
        (await context.cookies()).some(c => c.name === 'backstage-auth') ||
        undefined,
    );
    await page.goto('about:blank');
    const dialogs: string[] = [];
    page.on('dialog', d => {
      dialogs.push(d.message());
      d.dismiss().catch(() => {});
    });
    const problems: string[] = [];
    page.on('console', m => m.type() === 'error' && problems.push(m.text()));
    page.on('pageerror', e => problems.push(e.message));
    const operations: string[] = [];
    page.on('request', r => {
      if (r.url().endsWith('/api/graphql') && r.method() === 'POST') {
        operations.push(JSON.parse(r.postData() ?? '{}').operationName);
      }
    });
    const response = await page.goto(
      `${backend.baseUrl}/catalog?q=cl-ui&type=service`,
      { waitUntil: 'commit' },
    );
    assert.equal(response?.headers()['x-atrium-ssr'], 'catalog');
    await appList(page).waitFor({ timeout: 60_000 });
    await page
      .locator('#atrium-ssr')
      .waitFor({ state: 'detached', timeout: 30_000 });
    const title = await appList(page)
      .locator('tr[data-ref="component:default/cl-ui-probe"] td a')
      .first()
      .textContent();
    assert.equal(title, `Probe ${PAYLOAD}`);
    assert.equal(await page.evaluate(() => (window as any).__pwned), undefined);
    assert.equal(
      await page.evaluate(() => (window as any).__atriumHydrated),
      'catalog',
    );
    assert.deepEqual(dialogs, []);
    assert.deepEqual(problems, []);
    assert.ok(
      !operations.includes('AtriumCatalogList'),
      `the list came from the embedded state (sent: ${operations.join(', ')})`,
    );
    await context.close();
  });

  test('hovering the sidebar Catalog link reads the default view ahead; opening it asks for nothing more', async () => {
    await alice.goto(`${backend.baseUrl}/settings`, {
      waitUntil: 'domcontentloaded',
    });
    const link = alice
      .getByRole('navigation')
      .getByRole('link', { name: 'Catalog' })
      .first();
    await link.waitFor({ timeout: 60_000 });
    const lists: string[] = [];
    const isList = (r: { url(): string; postData(): string | null }) =>
      r.url().endsWith('/api/graphql') &&
      (r.postData() ?? '').includes('AtriumCatalogList');
    alice.on('request', r => {
      if (isList(r)) lists.push(r.postData()!);
    });
    const prefetched = alice.waitForRequest(isList, { timeout: 15_000 });
    await link.hover();
    await (await prefetched).response();
    const ahead = lists.length;
    assert.equal(ahead, 1, 'the hover read the list');
    await link.click();
    await waitForView(
      alice,
      'the prefetched list',
      v => v.total === forAlice.length,
    );
    assert.equal(lists.length, ahead, 'opening it read nothing more');
    alice.removeAllListeners('request');
  });

  test('with the gateway failing in the browser, the list is read from the catalog API', async () => {
    const { page } = await openSignedIn(
      browser,
      backend.baseUrl,
      'alice.nakamura',
    );
    const problems: string[] = [];
    page.on('console', m => {
      // The browser itself reports the refused gateway requests; nothing else may be an error.
      if (m.type() === 'error' && !/status of 503/.test(m.text()))
        problems.push(m.text());
    });
    await page.route('**/api/graphql', route =>
      route.fulfill({
        status: 503,
        contentType: 'text/plain',
        body: 'gateway down',
      }),
    );
    await page.context().clearCookies({ name: 'backstage-auth' });
    await open(page, '/catalog?type=website');
    const view = await waitForView(
      page,
      'the list from REST',
      v => v.total === count(forAlice, e => e.type === 'website'),
    );
    assert.ok(view.types.every(t => t === 'website'));
    await appList(page).getByText('Read from the catalog directly.').waitFor();
    await facetBox(page, 'lifecycle', 'production').check();
    await waitForView(
      page,
      'a filter on REST',
      v =>
        /lifecycle=production/.test(v.search) &&
        v.total ===
          count(
            forAlice,
            e => e.type === 'website' && e.lifecycle === 'production',
          ),
    );
    assert.ok(!(await facetValues(page, 'lifecycle')).includes('classified'));
    assert.deepEqual(problems, []);
    await page.context().close();
  });

  test('with the gateway failing on the server, the plain app is served and lists from the catalog API', async () => {
    await backend.stop();
    const down = join(
      mkdtempSync(join(tmpdir(), 'atrium-gateway-down-')),
      'down.yaml',
    );
    // Every gateway query is longer than this: the gateway refuses them all.
    writeFileSync(
      down,
      JSON.stringify({ graphql: { limits: { maxQueryLength: 1 } } }),
    );
    backend = await startBackend({
      name: 'catalog-list-gateway-down',
      dataDir: backend.dataDir,
      configs: [config, down],
    });
    const { page } = await openSignedIn(
      browser,
      backend.baseUrl,
      'alice.nakamura',
    );
    const problems: string[] = [];
    page.on('console', m => {
      if (m.type() === 'error' && !/status of 4\d\d/.test(m.text()))
        problems.push(m.text());
    });
    const response = await page.goto(`${backend.baseUrl}/catalog?tags=java`, {
      waitUntil: 'domcontentloaded',
    });
    assert.notEqual(response?.headers()['x-atrium-ssr'], 'catalog');
    await appList(page).waitFor({ timeout: 60_000 });
    await waitForView(
      page,
      'the list from REST',
      v => v.total === count(forAlice, e => e.tags.includes('java')),
    );
    assert.deepEqual(problems, []);
    await page.context().close();
  });
});
