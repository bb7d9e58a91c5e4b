// The service page as people see it: its four tabs at two screen sizes in both themes, in Debian's Chromium,
// each one screenshot (artifacts/screenshots/service-page/) and checked for the faults a screenshot shows and
// an assertion on text never does: sideways scrolling and text drawn over text (tests/lib/layout.ts).
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { DEMO_PASSWORD } from './lib/auth.ts';
import type { Backend } from './lib/backend.ts';
import {
  launchChromium,
  saveScreenshot,
  signInInBrowser,
  trackRequests,
} from './lib/browser.ts';
import { startDemoBackend } from './lib/demo.ts';
import { layoutProblems } from './lib/layout.ts';
import { artifactDir } from './lib/paths.ts';

const SERVICE = '/catalog/default/component/payments-gateway';
const TABS = [
  { name: 'overview', path: '' },
  { name: 'compute', path: '/compute' },
  { name: 'operations', path: '/operations' },
  { name: 'timeline', path: '/timeline' },
];
const SIZES = [
  { width: 1440, height: 1000 },
  { width: 1024, height: 768 },
];
const THEMES = [
  { id: 'atrium-light', mode: 'light' },
  { id: 'atrium-dark', mode: 'dark' },
];

describe(
  'the service page, every tab at two sizes in both themes',
  { timeout: 900_000 },
  () => {
    let backend: Backend;
    let browser: Browser;
    const shots = join(artifactDir('screenshots'), 'service-page');

    before(async () => {
      backend = await startDemoBackend({ name: 'service-page' });
      browser = await launchChromium();
    });

    after(async () => {
      await browser?.close();
      await backend?.stop();
    });

    /** What each tab showed wrong, by tab, at every size and in both themes (filled by the first test). */
    const found = new Map<string, string[]>(TABS.map(t => [t.name, []]));

    async function check(page: Page, tab: string, label: string) {
      const problems = await layoutProblems(page);
      const list = found.get(tab)!;
      for (const o of problems.horizontalOverflow) {
        list.push(`${label}: ${o.where} is ${o.by} px too wide`);
      }
      for (const o of problems.overlappingText) {
        list.push(`${label}: "${o.a}" over "${o.b}" (${o.overlap})`);
      }
    }

    it('shows every tab at 1440×1000 and 1024×768, light and dark (screenshots)', async t => {
      for (const theme of THEMES) {
        const context = await browser.newContext({ viewport: SIZES[0] });
        // Backstage keeps the chosen theme in local storage; set before the app reads it.
        await context.addInitScript(
          id => window.localStorage.setItem('theme', id),
          theme.id,
        );
        const page = await context.newPage();
        await signInInBrowser(
          page,
          backend.baseUrl,
          'alice.nakamura',
          DEMO_PASSWORD,
        );
        for (const size of SIZES) {
          await page.setViewportSize(size);
          for (const tab of TABS) {
            const requests = trackRequests(page);
            await page.goto(`${backend.baseUrl}${SERVICE}${tab.path}`);
            await page
              .getByRole('heading', { name: 'Payments Gateway' })
              .first()
              .waitFor({ timeout: 60_000 });
            await requests.settled(800, 20_000);
            assert.equal(
              await page.evaluate(() => document.body.dataset.themeMode),
              theme.mode,
            );
            const label = `${tab.name} ${size.width}×${size.height} ${theme.mode}`;
            await saveScreenshot(page, {
              path: join(
                shots,
                `${tab.name}-${size.width}x${size.height}-${theme.mode}.png`,
              ),
              fullPage: true,
            });
            // How tall the tab is, in the report: a tab that fits a screen stays near the viewport's height.
            t.diagnostic(
              `${label}: ${await page.evaluate(
                () => document.body.scrollHeight,
              )} px tall`,
            );
            await check(page, tab.name, label);
            if (tab.name === 'compute') {
              // An App's details (pods, revisions…) open on demand below its row: they must fit too.
              await page
                .getByRole('button', { name: /^Details of / })
                .first()
                .click();
              await page
                .locator('[data-testid^="compute-pods-"]')
                .first()
                .waitFor();
              await saveScreenshot(page, {
                path: join(
                  shots,
                  `compute-details-${size.width}x${size.height}-${theme.mode}.png`,
                ),
                fullPage: true,
              });
              await check(page, tab.name, `${label}, details open`);
            }
          }
        }
        await context.close();
      }
    });

    for (const tab of TABS.map(t => t.name)) {
      it(`${tab}: nothing scrolls sideways, is cut off, or draws text over text`, () => {
        assert.deepEqual(found.get(tab), []);
      });
    }

    it('the check finds what it looks for: a too-wide box and text over text', async () => {
      const page = await browser.newPage({
        viewport: { width: 800, height: 600 },
      });
      try {
        await page.setContent(`
        <main style="width: 600px; overflow-x: auto">
          <div style="width: 900px">a table too wide</div>
        </main>
        <p style="position: absolute; left: 20px; top: 200px; margin: 0">First line of text</p>
        <p style="position: absolute; left: 30px; top: 204px; margin: 0">Second line of text</p>
        <p style="width: 100px; overflow: hidden; text-overflow: ellipsis; white-space: nowrap">an ellipsis is fine here</p>`);
        const problems = await layoutProblems(page);
        assert.deepEqual(problems.horizontalOverflow, [
          { where: 'main', by: 300 },
        ]);
        assert.equal(problems.overlappingText.length, 1);
        assert.deepEqual(
          [problems.overlappingText[0].a, problems.overlappingText[0].b],
          ['First line of text', 'Second line of text'],
        );
      } finally {
        await page.close();
      }
    });
  },
);
