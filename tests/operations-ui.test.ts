/**
 * Operations in Chromium, end to end: an owner follows a firing alert from her Home to the service's timeline
 * and silences it. The backend reads Debian's real Prometheus and Alertmanager (tests/lib/prometheus.ts: a
 * rule fires while the test exporter's trigger gauge is 1, for payments-gateway) and the embedded Kubernetes
 * API simulator (not a cluster) for the deploys. Last, with Prometheus and Alertmanager stopped, the pages must
 * still render, each card naming what is down. Screenshots go to artifacts/screenshots/operations-*.png.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Locator, Page } from 'playwright-core';
import { openSignedIn, saveScreenshot } from './lib/browser.ts';
import { api } from './lib/compute.ts';
import { useDemoInBrowser } from './lib/demoBrowser.ts';
import { artifactDir } from './lib/paths.ts';
import { freePort, waitFor } from './lib/proc.ts';
import {
  EXPORTED,
  startMonitoringStack,
  type MonitoringStack,
} from './lib/prometheus.ts';

const SERVICE = '/catalog/default/component/payments-gateway';
const OPERATIONS =
  '/api/operations/entities/default/component/payments-gateway';
const CANARY =
  '/api/compute/clusters/sim-eu-west/namespaces/team-payments/apps/payments-gateway-canary';
/** A version the demo registry lists for payments-gateway, deployed before the browser opens. */
const VERSION = '2.5.0';

describe('operations in the browser: from Home to the timeline to a silence', () => {
  let stack: MonitoringStack;
  let port = 0;
  let fingerprint = '';
  const shot = (name: string) =>
    join(artifactDir('screenshots'), `operations-${name}.png`);

  // The monitoring stack first: it sends its alerts to the backend's port, and the backend reads it.
  before(async () => {
    port = await freePort();
    stack = await startMonitoringStack({
      atriumPort: port,
      rateWindowSeconds: 10,
    });
  });
  const demo = useDemoInBrowser({
    name: 'operations-ui',
    config: () => ({ operations: stack.operationsConfig() }),
    users: ['alice.nakamura', 'bob.okafor'],
    port: () => port,
  });
  // Registered after the backend's `after`: the stack goes once the backend has stopped.
  after(async () => {
    await stack?.remove();
  });

  const call = (user: string, path: string, body?: unknown) =>
    api(demo.baseUrl, demo.token(user), path, {
      method: body === undefined ? 'GET' : 'POST',
      body,
    });

  before(async () => {
    // A deploy of alice's team's service, so that Home has one to show.
    const app = (await call('alice.nakamura', CANARY)).body;
    const revision = app.status.currentRevision;
    const deployed = await call('alice.nakamura', `${CANARY}/deploy`, {
      resourceVersion: app.resourceVersion,
      version: VERSION,
    });
    assert.equal(deployed.status, 200, JSON.stringify(deployed.body));
    await waitFor(
      'the deploy to roll out',
      async () => {
        const { body } = await call('alice.nakamura', CANARY);
        return body.status.currentRevision > revision ? true : undefined;
      },
      { timeoutMs: 90_000 },
    );
    // The rule fired and Atrium's poll recorded it, so Home, the alerts card and the timeline all know it.
    fingerprint = await waitFor(
      "the rule's alert, recorded as fired",
      async () => {
        const { body } = await call(
          'alice.nakamura',
          `${OPERATIONS}/alert-events`,
        );
        return body.items.find((e: any) => e.name === EXPORTED.alertName)
          ?.fingerprint;
      },
      { timeoutMs: 60_000 },
    );
  });

  async function openHome(login: string) {
    const { page, problems } = await openSignedIn(
      demo.browser,
      demo.baseUrl,
      login,
    );
    await page.goto(`${demo.baseUrl}/`);
    return { page, problems };
  }

  /** The Home card under the given title (Backstage's card header renders it as text, not a heading). */
  const homeCard = (page: Page, title: string): Locator =>
    page
      .locator('[class*="MuiCard-root"]')
      .filter({ has: page.getByText(title, { exact: true }) });

  test('an owner sees her alert and deploy on Home, finds the alert on the timeline, and silences it', async () => {
    const { page, problems } = await openHome('alice.nakamura');

    const alerts = homeCard(page, 'My open alerts');
    await alerts.getByText(EXPORTED.alertName).waitFor({ timeout: 60_000 });
    await alerts.getByText(EXPORTED.alertSummary).waitFor();
    const deploys = homeCard(page, 'Recent deploys of my services');
    await deploys.getByText(VERSION).first().waitFor({ timeout: 60_000 });
    // The app scrolls inside its own container, so a full-page shot shows the viewport only: bring the cards in.
    await alerts.scrollIntoViewIfNeeded();
    await saveScreenshot(page, { path: shot('home-alice') });

    // From the alert to the service's operations.
    await alerts
      .getByRole('link', { name: /Payments Gateway/ })
      .first()
      .click();
    await page.waitForURL(url => url.pathname.startsWith(SERVICE));
    await page.goto(`${demo.baseUrl}${SERVICE}/operations`);
    const alertRow = page.getByTestId(`operations-alert-${fingerprint}`);
    await alertRow.waitFor({ timeout: 60_000 });
    await page
      .getByTestId('operations-chart-requestRate')
      .waitFor({ timeout: 60_000 });
    await saveScreenshot(page, { path: shot('metrics'), fullPage: true });

    // The timeline shows the same alert firing, next to the deploy.
    // Backstage's entity tabs are links.
    await page.locator(`a[href$="${SERVICE}/timeline"]`).first().click();
    const fired = page
      .locator('li[data-kind="alert-firing"]')
      .filter({ hasText: EXPORTED.alertName });
    await fired.first().waitFor({ timeout: 60_000 });
    await page
      .locator('li[data-kind="deploy"]')
      .filter({ hasText: VERSION })
      .first()
      .waitFor();
    await saveScreenshot(page, { path: shot('timeline'), fullPage: true });

    // Silenced from the alerts card, for an hour.
    await page.locator(`a[href$="${SERVICE}/operations"]`).first().click();
    await page.getByTestId(`operations-silence-${fingerprint}`).click();
    const dialog = page.getByTestId('operations-silence-dialog');
    await dialog.waitFor();
    await dialog
      .getByTestId('operations-silence-comment')
      .fill('Known: the test exporter answers 500 on purpose');
    await dialog.getByTestId('operations-silence-confirm').click();
    await dialog.waitFor({ state: 'detached', timeout: 30_000 });
    await page
      .getByTestId(`operations-alert-${fingerprint}`)
      .getByText(/silenced/i)
      .waitFor({ timeout: 30_000 });

    const silences = (await (
      await fetch(`${stack.alertmanager.url}/api/v2/silences`)
    ).json()) as any[];
    const mine = silences.filter(
      s =>
        s.createdBy === 'user:default/alice.nakamura' &&
        s.status.state === 'active',
    );
    assert.equal(mine.length, 1, JSON.stringify(silences));
    assert.ok(
      mine[0].matchers.some(
        (m: any) => m.name === 'component' && m.value === 'payments-gateway',
      ),
    );
    assert.deepEqual(problems, []);
  });

  test('a member of another team sees no open alert on Home and no silence button', async () => {
    const { page, problems } = await openHome('bob.okafor');
    const alerts = homeCard(page, 'My open alerts');
    await alerts.getByText(/No open alerts/).waitFor({ timeout: 60_000 });
    await alerts.scrollIntoViewIfNeeded();
    await saveScreenshot(page, { path: shot('home-bob') });

    await page.goto(`${demo.baseUrl}${SERVICE}/operations`);
    await page
      .getByTestId(`operations-alert-${fingerprint}`)
      .waitFor({ timeout: 60_000 });
    assert.equal(
      await page.getByTestId(`operations-silence-${fingerprint}`).count(),
      0,
    );
    assert.deepEqual(problems, []);
  });

  // Last: it stops the stack for good.
  test('with Prometheus and Alertmanager down, Home and the service page still render, each card saying which is down', async () => {
    await Promise.all([stack.prometheus.stop(), stack.alertmanager.stop()]);
    // The gateway keeps a user's open alerts up to 15 s (OPEN_ALERTS_MAX_AGE_SECONDS): let alice's answer from the
    // first test expire, so that Home asks again.
    await new Promise(resolve => setTimeout(resolve, 16_000));

    const { page, problems } = await openHome('alice.nakamura');
    const alerts = homeCard(page, 'My open alerts');
    assert.match(
      await alerts
        .getByTestId('open-alerts-error')
        .innerText({ timeout: 60_000 }),
      /Alertmanager/,
    );
    // The rest of Home does not depend on them.
    await homeCard(page, 'Recent deploys of my services')
      .getByText(VERSION)
      .first()
      .waitFor({ timeout: 60_000 });

    await page.goto(`${demo.baseUrl}${SERVICE}/operations`);
    assert.match(
      await page
        .getByTestId('operations-alerts-error')
        .innerText({ timeout: 60_000 }),
      /Alertmanager/,
    );
    assert.match(
      await page
        .getByTestId('operations-metrics-error')
        .innerText({ timeout: 60_000 }),
      /Prometheus/,
    );
    await saveScreenshot(page, { path: shot('down'), fullPage: true });
    // The page itself is whole: the entity header and the other tabs are there.
    await page
      .getByRole('heading', { name: /Payments Gateway/ })
      .first()
      .waitFor();
    await page.locator(`a[href$="${SERVICE}/timeline"]`).first().waitFor();

    // What went wrong is only the two upstreams' 503s: no script error, no other failed request.
    const unexpected = problems.filter(
      p =>
        !/^HTTP 503: (GET|POST) .*\/api\/operations\//.test(p) &&
        !/^console error: Failed to load resource: .* 503/.test(p),
    );
    assert.deepEqual(unexpected, []);
  });
});
