/**
 * The catalog list rendered by the server (`/catalog?…`: the URL's view in the HTML, script and markup in
 * entity text inert, the app taking over from the embedded state without asking again), and the list with the
 * gateway failing: in the browser (its requests refused) and on the server (a backend whose gateway refuses
 * every query), read from the catalog's REST API. Fixture: tests/lib/catalogListFixture.ts. Run last by
 * tests/catalog-list.test.ts on its shared backend: its last test replaces that backend with one whose gateway
 * fails.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { startBackend } from './backend.ts';
import { launchChromium, openSignedIn } from './browser.ts';
import { appList, facetBox, facetValues, waitForView } from './catalogList.ts';
import {
  count,
  openList,
  PAYLOAD,
  type CatalogListBackend,
} from './catalogListFixture.ts';
import { waitFor } from './proc.ts';

/** The page's console errors from now on, but those that `expected` matches. */
function consoleErrorsBut(page: Page, expected: RegExp): string[] {
  const problems: string[] = [];
  page.on('console', m => {
    if (m.type() === 'error' && !expected.test(m.text()))
      problems.push(m.text());
  });
  return problems;
}

/** The suite, on `fixture`'s backend (started, and its fields set, by the caller's `before`). */
export function catalogListSsrSuite(fixture: CatalogListBackend) {
  describe(
    'the catalog list rendered by the server, and without the gateway',
    { timeout: 900_000 },
    () => {
      const backend = () => fixture.backend;
      let browser: Browser;

      before(async () => {
        browser = await launchChromium();
      });

      after(async () => {
        await browser?.close();
      });

      test('the server renders the list with the view of the URL; script and markup in entity text stay text', async () => {
        const res = await fetch(
          `${backend().baseUrl}/catalog?q=cl-ui&type=service`,
          {
            headers: { accept: 'text/html', cookie: fixture.cookie },
          },
        );
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
        assert.ok(
          content.includes('Probe &lt;script&gt;alert(1)&lt;/script&gt;'),
        );
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
          backend().baseUrl,
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
        page.on(
          'console',
          m => m.type() === 'error' && problems.push(m.text()),
        );
        page.on('pageerror', e => problems.push(e.message));
        const operations: string[] = [];
        page.on('request', r => {
          if (r.url().endsWith('/api/graphql') && r.method() === 'POST') {
            operations.push(JSON.parse(r.postData() ?? '{}').operationName);
          }
        });
        const response = await page.goto(
          `${backend().baseUrl}/catalog?q=cl-ui&type=service`,
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
        assert.equal(
          await page.evaluate(() => (window as any).__pwned),
          undefined,
        );
        assert.equal(
          await page.evaluate(() => (window as any).__atriumHydrated),
          'catalog',
        );
        assert.deepEqual(dialogs, []);
        assert.deepEqual(problems, []);
        assert.ok(
          !operations.includes('AtriumCatalogList'),
          `the list came from the embedded state (sent: ${operations.join(
            ', ',
          )})`,
        );
        await context.close();
      });

      test('with the gateway failing in the browser, the list is read from the catalog API', async () => {
        const { page } = await openSignedIn(
          browser,
          backend().baseUrl,
          'alice.nakamura',
        );
        // The browser itself reports the refused gateway requests; nothing else may be an error.
        const problems = consoleErrorsBut(page, /status of 503/);
        await page.route('**/api/graphql', route =>
          route.fulfill({
            status: 503,
            contentType: 'text/plain',
            body: 'gateway down',
          }),
        );
        await page.context().clearCookies({ name: 'backstage-auth' });
        await openList(page, backend().baseUrl, '/catalog?type=website');
        const view = await waitForView(
          page,
          'the list from REST',
          v => v.total === count(fixture.forAlice, e => e.type === 'website'),
        );
        assert.ok(view.types.every(t => t === 'website'));
        await appList(page)
          .getByText('Read from the catalog directly.')
          .waitFor();
        await facetBox(page, 'lifecycle', 'production').check();
        await waitForView(
          page,
          'a filter on REST',
          v =>
            /lifecycle=production/.test(v.search) &&
            v.total ===
              count(
                fixture.forAlice,
                e => e.type === 'website' && e.lifecycle === 'production',
              ),
        );
        assert.ok(
          !(await facetValues(page, 'lifecycle')).includes('classified'),
        );
        assert.deepEqual(problems, []);
        await page.context().close();
      });

      test('with the gateway failing on the server, the plain app is served and lists from the catalog API', async () => {
        await fixture.backend.stop();
        const down = join(
          mkdtempSync(join(tmpdir(), 'atrium-gateway-down-')),
          'down.yaml',
        );
        // Every gateway query is longer than this: the gateway refuses them all.
        writeFileSync(
          down,
          JSON.stringify({ graphql: { limits: { maxQueryLength: 1 } } }),
        );
        fixture.backend = await startBackend({
          name: 'catalog-list-gateway-down',
          dataDir: fixture.backend.dataDir,
          configs: [fixture.config, down],
        });
        const { page } = await openSignedIn(
          browser,
          backend().baseUrl,
          'alice.nakamura',
        );
        const problems = consoleErrorsBut(page, /status of 4\d\d/);
        const response = await page.goto(
          `${backend().baseUrl}/catalog?tags=java`,
          {
            waitUntil: 'domcontentloaded',
          },
        );
        assert.notEqual(response?.headers()['x-atrium-ssr'], 'catalog');
        await appList(page).waitFor({ timeout: 60_000 });
        await waitForView(
          page,
          'the list from REST',
          v =>
            v.total === count(fixture.forAlice, e => e.tags.includes('java')),
        );
        assert.deepEqual(problems, []);
        await page.context().close();
      });
    },
  );
}
