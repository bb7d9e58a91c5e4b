// End-to-end: Debian's Chromium, driven by playwright-core, against the production build of the frontend
// served by the backend with its embedded defaults. Each page's screenshot is kept under artifacts/screenshots.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { DEMO_PASSWORD } from './lib/auth.ts';
import type { Backend } from './lib/backend.ts';
import {
  launchChromium,
  recordProblems,
  signInInBrowser,
  saveScreenshot,
  trackRequests,
} from './lib/browser.ts';
import { startDemoBackend } from './lib/demo.ts';
import { artifactDir } from './lib/paths.ts';

describe('Atrium in a real browser (Chromium)', { timeout: 600_000 }, () => {
  let backend: Backend;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let problems: string[];
  const shots = artifactDir('screenshots');

  before(async () => {
    backend = await startDemoBackend({ name: 'e2e' });
    browser = await launchChromium();
    context = await browser.newContext({
      viewport: { width: 1440, height: 1000 },
    });
    page = await context.newPage();
  });

  after(async () => {
    await browser?.close();
    await backend?.stop();
  });

  it('signs in through the company IdP and lands on the Atrium home page', async () => {
    await signInInBrowser(
      page,
      backend.baseUrl,
      'alice.nakamura',
      DEMO_PASSWORD,
    );
    // From here on, nothing may fail (before sign-in, the page's check for a session answers 401).
    problems = recordProblems(page);
    await page
      .getByRole('heading', { name: /^Good (morning|afternoon|evening)/ })
      .waitFor({ timeout: 60_000 });
    await page.getByText('The catalog at a glance').waitFor();
    // Her team's system is listed (not the company's every system), and the sidebar carries Atrium's navigation.
    const systems = page.getByRole('table', { name: 'Systems' });
    await systems
      .locator('a[href="/catalog/default/system/payments"]')
      .waitFor();
    assert.equal(
      await systems
        .locator('a[href="/catalog/default/system/fleet-management"]')
        .count(),
      0,
    );
    for (const item of [
      'Home',
      'Catalog',
      'APIs',
      'Docs',
      'Create',
      'Search',
      'Settings',
    ]) {
      await page
        .getByRole('navigation')
        .getByText(item, { exact: true })
        .first()
        .waitFor();
    }
    assert.equal(await page.title(), 'Home | Atrium');
    // Backstage's featured templates show the templates Atrium marks `recommended` (app-config.yaml).
    await page
      .getByText('Service on Atrium compute', { exact: true })
      .first()
      .waitFor({ timeout: 30_000 });
    await saveScreenshot(page, {
      path: join(shots, 'home.png'),
      fullPage: true,
    });
  });

  it('lists the demo components in the catalog and finds one by search', async () => {
    await page
      .getByRole('navigation')
      .getByText('Catalog', { exact: true })
      .first()
      .click();
    await page
      .getByRole('heading', { name: 'Larkspur Freight Catalog' })
      .waitFor({ timeout: 60_000 });
    // Signed in, the catalog opens on what Alice's teams own.
    await page.getByText('Fraud Scoring').first().waitFor({ timeout: 60_000 });
    await saveScreenshot(page, {
      path: join(shots, 'catalog.png'),
      fullPage: true,
    });
    await page.getByPlaceholder('Search').fill('payments gateway');
    await page
      .getByRole('link', { name: 'Payments Gateway' })
      .first()
      .click({ timeout: 30_000 });
    await page.waitForURL('**/catalog/default/component/payments-gateway');
  });

  it('opens a component page with its owner, system, APIs and relations', async () => {
    const requests = trackRequests(page);
    await page.goto(
      `${backend.baseUrl}/catalog/default/component/payments-gateway`,
    );
    const main = page.getByRole('main');
    await main
      .getByRole('heading', { name: 'Payments Gateway' })
      .first()
      .waitFor({ timeout: 60_000 });
    await main.getByText('team-payments').first().waitFor();
    await main
      .getByText('Authorises, captures and refunds payments')
      .first()
      .waitFor();
    // Relations once, in Atrium's overview (Backstage's relation tables are off in app-config.yaml).
    const overview = main.getByTestId('atrium-entity-overview');
    await overview.getByRole('heading', { name: 'Provides APIs' }).waitFor();
    await overview.getByRole('link', { name: 'Payments API' }).waitFor();
    await main.getByRole('heading', { name: 'Relations' }).waitFor();
    // Every card has loaded (each is its own lazy chunk and request): none of Backstage's relation tables.
    assert.ok(await requests.settled(1_000, 30_000), 'the page settled');
    assert.equal(
      await main.getByRole('heading', { name: 'Provided APIs' }).count(),
      0,
    );
    assert.equal(
      await main
        .getByText('No component is a dependency of this component')
        .count(),
      0,
    );
    // One About, Atrium's (Backstage's About and Links cards are off: they said the same again).
    assert.equal(
      await main.getByRole('heading', { name: 'About', exact: true }).count(),
      1,
    );
    assert.equal(
      await main.getByRole('heading', { name: 'Links', exact: true }).count(),
      0,
    );
    await saveScreenshot(page, {
      path: join(shots, 'component.png'),
      fullPage: true,
    });
    // Alice's team owns it, so the overview offers Backstage's refresh: the catalog reads it again from its file.
    await main.getByRole('button', { name: 'Refresh', exact: true }).click();
    await page.getByText('Refresh scheduled').waitFor();
  });

  it('shows the OpenAPI definition of an API', async () => {
    await page.goto(`${backend.baseUrl}/catalog/default/api/payments-api`);
    await page
      .getByRole('heading', { name: 'Larkspur Payments API' })
      .waitFor({ timeout: 60_000 });
    await page.getByText('Authorise a payment for an order').first().waitFor();
    await saveScreenshot(page, {
      path: join(shots, 'api-definition.png'),
      fullPage: true,
    });
  });

  it('shows a team page with its members', async () => {
    await page.goto(`${backend.baseUrl}/catalog/default/group/team-payments`);
    await page.getByText('Alice Nakamura').first().waitFor({ timeout: 60_000 });
    await saveScreenshot(page, {
      path: join(shots, 'group.png'),
      fullPage: true,
    });
  });

  it('shows system, domain and user pages', async () => {
    const pages: Array<[string, string, string]> = [
      ['system/payments', 'Card and wallet payments, fraud checks', 'system'],
      ['domain/commerce', 'Everything a shopper touches', 'domain'],
      ['user/alice.nakamura', 'Alice Nakamura', 'user'],
    ];
    for (const [path, text, shot] of pages) {
      await page.goto(`${backend.baseUrl}/catalog/default/${path}`);
      await page
        .getByRole('main')
        .getByText(text)
        .first()
        .waitFor({ timeout: 60_000 });
      await saveScreenshot(page, {
        path: join(shots, `${shot}.png`),
        fullPage: true,
      });
    }
  });

  it('offers the light and dark themes in Settings', async () => {
    await page.goto(`${backend.baseUrl}/settings`);
    await page.getByText('Change the theme mode').waitFor({ timeout: 60_000 });
    await page.getByRole('button', { name: /Atrium dark/i }).click();
    await page.waitForFunction(
      () => document.body.dataset.themeMode === 'dark',
    );
    await saveScreenshot(page, {
      path: join(shots, 'settings-dark.png'),
      fullPage: true,
    });
    await page.getByRole('button', { name: /Atrium light/i }).click();
    await page.waitForFunction(
      () => document.body.dataset.themeMode === 'light',
    );
  });

  it('had no console errors and no failed requests', () => {
    assert.deepEqual(problems, []);
  });
});
