/**
 * Atrium's catalog list (`/catalog`) in Chromium on the real backend, with the demo catalog and a test file
 * (tests/lib/catalogListFixture.ts: an owners-only component of team-fleet, one with script in its text): each
 * filter changes the rows and the counts (checked against the catalog files), paging both ways and with Back,
 * sorting, starring then the starred filter, a shared URL in a fresh browser, the owners-only entity never
 * listed nor counted for a non-owner, and the sidebar's Catalog link read ahead on hover. Server-side
 * rendering and the gateway failing: catalogListSsrSuite.ts. Run by tests/catalog-list.test.ts on its shared
 * backend.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { launchChromium, openSignedIn, saveScreenshot } from './browser.ts';
import {
  appList,
  catalogOf,
  facetBox,
  facetCount,
  facetValues,
  matchesText,
  waitForView,
  type Listed,
} from './catalogList.ts';
import {
  count,
  openList,
  type CatalogListBackend,
} from './catalogListFixture.ts';
import { artifactDir } from './paths.ts';

/** The suite, on `fixture`'s backend (started, and its fields set, by the caller's `before`). */
export function catalogListBrowserSuite(fixture: CatalogListBackend) {
  describe('the catalog list in a browser', { timeout: 900_000 }, () => {
    const backend = () => fixture.backend;
    let browser: Browser;
    let alice: Page;
    const shots = artifactDir('screenshots');

    before(async () => {
      browser = await launchChromium();
      ({ page: alice } = await openSignedIn(
        browser,
        backend().baseUrl,
        'alice.nakamura',
      ));
    });

    after(async () => {
      await browser?.close();
    });

    test('the default view: every component the user may read, 25 a page, with facet counts', async () => {
      await openList(alice, backend().baseUrl, '/catalog');
      const view = await waitForView(
        alice,
        'the default view',
        v => v.total === fixture.forAlice.length,
      );
      assert.equal(view.refs.length, 25);
      assert.equal(
        await alice
          .locator(
            '#root table tbody tr a[href*="/catalog/default/component/"]',
          )
          .first()
          .getAttribute('href'),
        `/catalog/default/component/${view.refs[0].split('/')[1]}`,
      );
      for (const type of ['service', 'website', 'library']) {
        assert.equal(
          await facetCount(alice, 'type', type),
          count(fixture.forAlice, e => e.type === type),
          `type ${type}`,
        );
      }
      assert.equal(
        await facetCount(alice, 'mine', '1'),
        count(fixture.forAlice, e => fixture.aliceOwnership.includes(e.owner)),
      );
      await saveScreenshot(alice, { path: join(shots, 'catalog-list.png') });
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
          act: () =>
            facetBox(alice, 'owner', 'group:default/team-fleet').check(),
          url: /owner=group%3Adefault%2Fteam-fleet/,
          keep: e => e.owner === 'group:default/team-fleet',
        },
        {
          name: 'mine',
          act: () => facetBox(alice, 'mine', '1').check(),
          url: /mine=1/,
          keep: e => fixture.aliceOwnership.includes(e.owner),
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
        await openList(alice, backend().baseUrl, '/catalog');
        await waitForView(
          alice,
          'the default view',
          v => v.total === fixture.forAlice.length,
        );
        const expected = count(fixture.forAlice, step.keep);
        assert.ok(
          expected > 0 && expected < fixture.forAlice.length,
          step.name,
        );
        await step.act();
        const view = await waitForView(
          alice,
          `the ${step.name} filter`,
          v => step.url.test(v.search) && v.total === expected,
        );
        assert.equal(view.refs.length, Math.min(expected, 25), step.name);
        const want = new Set(
          fixture.forAlice.filter(step.keep).map(e => e.ref),
        );
        assert.ok(
          view.refs.every(r => want.has(r)),
          `${step.name}: the rows`,
        );
        if (step.row) assert.ok(step.row(view), `${step.name}: the columns`);
        // The other facets now count within the filter.
        const kept = fixture.forAlice.filter(step.keep);
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
      await openList(alice, backend().baseUrl, '/catalog');
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
      await openList(alice, backend().baseUrl, '/catalog');
      const first = await waitForView(
        alice,
        'page 1',
        v => v.total === fixture.forAlice.length,
      );
      await appList(alice).getByRole('link', { name: 'Next ›' }).click();
      const second = await waitForView(
        alice,
        'page 2',
        v =>
          /after=/.test(v.search) &&
          v.refs.length === fixture.forAlice.length - 25,
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
      await openList(alice, backend().baseUrl, '/catalog');
      const asc = await waitForView(
        alice,
        'by name',
        v => v.total === fixture.forAlice.length,
      );
      const initials = fixture.forAlice.map(e => e.name[0]).sort();
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
      await openList(alice, backend().baseUrl, '/catalog?q=fraud');
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
      await openList(alice, backend().baseUrl, '/catalog?starred=1');
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
      await openList(alice, backend().baseUrl, path);
      const mine = await waitForView(
        alice,
        'the shared view',
        v => v.refs.length > 0,
      );
      const { page: other } = await openSignedIn(
        browser,
        backend().baseUrl,
        'alice.nakamura',
      );
      await openList(other, backend().baseUrl, path);
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
      await openList(alice, backend().baseUrl, '/catalog?q=cl-ui');
      const view = await waitForView(
        alice,
        'the test entities',
        v => v.total === 1,
      );
      assert.deepEqual(view.refs, ['component:default/cl-ui-probe']);
      await openList(alice, backend().baseUrl, '/catalog');
      await waitForView(alice, 'all', v => v.total === fixture.forAlice.length);
      assert.ok(
        !(await facetValues(alice, 'lifecycle')).includes('classified'),
      );
      assert.ok(
        !(await facetValues(alice, 'tags')).includes('cl-ui-vault-tag'),
      );
      assert.equal(
        await facetCount(alice, 'owner', 'group:default/team-fleet'),
        count(fixture.forAlice, e => e.owner === 'group:default/team-fleet'),
      );
      const { page: bob } = await openSignedIn(
        browser,
        backend().baseUrl,
        'bob.okafor',
      );
      await openList(bob, backend().baseUrl, '/catalog?q=cl-ui');
      const bobs = await waitForView(
        bob,
        "Bob's test entities",
        v => v.total === 2,
      );
      assert.ok(bobs.refs.includes('component:default/cl-ui-vault'));
      assert.equal(await facetCount(bob, 'lifecycle', 'classified'), 1);
      await bob.context().close();
    });

    test('hovering the sidebar Catalog link reads the default view ahead; opening it asks for nothing more', async () => {
      await alice.goto(`${backend().baseUrl}/settings`, {
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
        v => v.total === fixture.forAlice.length,
      );
      assert.equal(lists.length, ahead, 'opening it read nothing more');
      alice.removeAllListeners('request');
    });
  });
}
