/**
 * Approvals of compute actions in Chromium (issue 18, item 2), on the embedded default (its Kubernetes API and
 * registry simulators, not a cluster), with a freeze window on now. Alice (team-payments) opens the reserved
 * payments-gateway's Compute tab: the deploy dialog says before she confirms that the deploy needs approval, and
 * why; she requests it. Nothing rolls out, her own Home does not offer it to her and the API refuses her approval
 * (403). Mei (team-payments) approves it from her Home and the rollout runs: the App shows the new version. A
 * request she rejects is on the service's timeline (an expired one is audited and on the timeline in
 * tests/compute-approvals.test.ts, which waits for it on a short expiry). The self-service template stops at its
 * plan step during the freeze, making nothing. Screenshots: approval-dialog.png,
 * approval-widget.png, approval-done.png in artifacts/screenshots.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import type { Locator, Page } from 'playwright-core';
import { openSignedIn, saveScreenshot } from './lib/browser.ts';
import { actOnAppAsItIsNow, api } from './lib/compute.ts';
import { useDemoInBrowser } from './lib/demoBrowser.ts';
import { cutOffWithin } from './lib/layout.ts';
import { artifactDir } from './lib/paths.ts';
import { waitFor } from './lib/proc.ts';
import {
  assertNothingLeftOf,
  runTemplate,
  serviceValues,
  stepStatuses,
} from './lib/selfService.ts';

const SERVICE = '/catalog/default/component/payments-gateway';
/** payments-gateway in sim-eu-west: tier reserved, version 2.4.1 in the demo. */
const APP_ID = 'sim-eu-west-payments-gateway';
const APP_PATH =
  '/api/compute/clusters/sim-eu-west/namespaces/team-payments/apps/payments-gateway';
/** The version Alice asks to deploy (the demo registry lists it). */
const VERSION = '2.5.0';
/** How long a request stands before it expires, in this suite: long enough for Mei to decide on a loaded machine. */
const EXPIRES_AFTER_SECONDS = 150;

describe('approvals of compute actions in the browser (embedded default, a freeze window on)', () => {
  const demo = useDemoInBrowser({
    name: 'compute-approvals-ui',
    config: () => {
      const now = Date.now();
      return {
        compute: {
          approvals: {
            enabled: true,
            freezeWindows: [
              {
                name: 'year-end freeze',
                start: new Date(now - 3600_000).toISOString(),
                end: new Date(now + 6 * 3600_000).toISOString(),
              },
            ],
            // ISO 8601 text, not { seconds }: app-config.yaml's { hours: 24 } would merge with an object.
            expiresAfter: `PT${EXPIRES_AFTER_SECONDS}S`,
            expiryCheckInterval: 'PT5S',
            rules: { freezeWindows: true },
          },
        },
      };
    },
    users: ['alice.nakamura', 'mei.chen'],
  });

  const shot = (name: string) => join(artifactDir('screenshots'), name);
  const call = (
    user: string,
    path: string,
    init: { method?: string; body?: unknown } = {},
  ) => api(demo.baseUrl, demo.token(user), path, init);

  /** The Home card under the given title (Backstage's card header renders it as text, not a heading). */
  const homeCard = (page: Page, title: string): Locator =>
    page
      .locator('[class*="MuiCard-root"]')
      .filter({ has: page.getByText(title, { exact: true }) });

  /** Home's approvals widget, once it has read its lists. */
  async function approvalsWidget(page: Page): Promise<Locator> {
    await page.goto(`${demo.baseUrl}/`);
    const card = homeCard(page, 'Awaiting my approval');
    await card.getByTestId('approvals').waitFor({ timeout: 60_000 });
    return card;
  }

  const appNow = async (user: string) => {
    const { status, body } = await call(user, APP_PATH);
    assert.equal(status, 200, JSON.stringify(body));
    return body;
  };

  /** A request made through the API, as the dialog makes it (the action answers 202). */
  async function requestDeploy(user: string, version: string) {
    const { status, body } = await actOnAppAsItIsNow(
      call,
      user,
      APP_PATH,
      'deploy',
      { version },
    );
    assert.equal(status, 202, JSON.stringify(body));
    return body.approval;
  }

  let requested: any;

  test('Alice is told before confirming that the deploy needs approval, and why; she requests it', async () => {
    const app = await appNow('alice.nakamura');
    assert.equal(app.spec.tier, 'reserved');
    assert.notEqual(app.spec.version, VERSION);

    const { page, problems } = await openSignedIn(
      demo.browser,
      demo.baseUrl,
      'alice.nakamura',
    );
    await page.goto(`${demo.baseUrl}${SERVICE}/compute`);
    await page
      .getByTestId(`compute-app-${APP_ID}`)
      .waitFor({ timeout: 60_000 });
    await page.getByTestId(`compute-action-deploy-${APP_ID}`).click();
    const dialog = page.getByTestId('compute-dialog');
    await dialog.getByLabel('Version').selectOption(VERSION);

    const notice = dialog.locator(
      '[data-testid="compute-dialog-approval"][data-approval="needed"]',
    );
    await notice.waitFor({ timeout: 30_000 });
    const said = (await notice.textContent()) ?? '';
    assert.match(
      said,
      /This deploy needs approval from another member of team-payments/,
    );
    // Why: the App's tier and the freeze window, each in its own words.
    assert.equal(
      await notice.locator('li[data-rule="reserved-tier"]').count(),
      1,
      said,
    );
    assert.equal(
      await notice.locator('li[data-rule="freeze-window"]').count(),
      1,
      said,
    );
    assert.match(said, /year-end freeze/);
    const confirm = dialog.getByTestId('compute-dialog-confirm');
    assert.equal((await confirm.textContent())?.trim(), 'Request approval');
    await page.waitForTimeout(500); // the dialog's fade-in, for the picture only
    await saveScreenshot(page, { path: shot('approval-dialog.png') });

    await confirm.click();
    const done = dialog.getByTestId('compute-dialog-approval-requested');
    await done.waitFor({ timeout: 30_000 });
    assert.match(
      (await done.textContent()) ?? '',
      /Approval requested.*another member of team-payments or a platform admin.*expires/s,
    );
    // A request, not a rollout.
    assert.equal(
      await dialog.getByTestId('compute-dialog-progress').count(),
      0,
    );

    const mine = await call(
      'alice.nakamura',
      '/api/compute/approvals?requestedBy=me',
    );
    assert.equal(mine.status, 200, JSON.stringify(mine.body));
    requested = mine.body.items.find(
      (a: any) => a.status === 'pending' && a.change?.version === VERSION,
    );
    assert.ok(requested, JSON.stringify(mine.body));
    assert.equal(requested.requestedBy, 'user:default/alice.nakamura');
    assert.equal(
      (await appNow('alice.nakamura')).spec.version,
      app.spec.version,
    );
    assert.deepEqual(problems, []);
    await page.context().close();
  });

  test('Alice cannot approve her own request: her Home does not offer it, the API answers 403', async () => {
    assert.ok(requested, 'the request of the first test');
    const { page, problems } = await openSignedIn(
      demo.browser,
      demo.baseUrl,
      'alice.nakamura',
    );
    const widget = await approvalsWidget(page);
    // Her request is among her pending ones, and not among those she may decide.
    await widget
      .locator(`[data-my-approval="${requested.id}"]`)
      .waitFor({ timeout: 30_000 });
    assert.equal(
      await widget.locator(`[data-approval="${requested.id}"]`).count(),
      0,
    );
    const awaiting = await call(
      'alice.nakamura',
      '/api/compute/approvals?awaiting=me',
    );
    assert.equal(awaiting.status, 200);
    assert.ok(
      !awaiting.body.items.some((a: any) => a.id === requested.id),
      JSON.stringify(awaiting.body),
    );
    const own = await call(
      'alice.nakamura',
      `/api/compute/approvals/${requested.id}/approve`,
      { method: 'POST' },
    );
    assert.equal(own.status, 403, JSON.stringify(own.body));
    const still = await call(
      'alice.nakamura',
      `/api/compute/approvals/${requested.id}`,
    );
    assert.equal(still.body.status, 'pending');
    assert.deepEqual(problems, []);
    await page.context().close();
  });

  test('Mei approves it from her Home and the rollout runs: the App shows the new version', async () => {
    assert.ok(requested, 'the request of the first test');
    const { page, problems } = await openSignedIn(
      demo.browser,
      demo.baseUrl,
      'mei.chen',
    );
    const widget = await approvalsWidget(page);
    const row = widget.locator(`[data-approval="${requested.id}"]`);
    await row.waitFor({ timeout: 30_000 });
    // Alice by the name the catalog gives her (her ref's name until the catalog has answered).
    await row
      .getByText('Alice Nakamura asks: deploy payments-gateway in sim-eu-west')
      .waitFor({ timeout: 30_000 });
    const text = (await row.textContent()) ?? '';
    assert.match(text, new RegExp(`version.*${VERSION.replace(/\./g, '\\.')}`));
    assert.match(text, /expires in/);
    // The whole request is read in the card: nothing in it is wider than the card and cut off.
    assert.deepEqual(await cutOffWithin(widget), []);
    await row.scrollIntoViewIfNeeded();
    await saveScreenshot(page, { path: shot('approval-widget.png') });

    await row.getByRole('button', { name: 'Approve' }).click();
    const outcome = row.getByTestId('approval-outcome');
    await outcome.waitFor({ timeout: 60_000 });
    assert.match(
      (await outcome.textContent()) ?? '',
      /Approved; the deploy was applied/,
    );

    // The rollout runs to the new version, as the Compute tab shows it.
    await waitFor(
      'the approved deploy to roll out',
      async () => {
        const app = await appNow('mei.chen');
        return app.spec.version === VERSION &&
          app.status.phase === 'Running' &&
          app.status.updatedReplicas === app.spec.replicas
          ? true
          : undefined;
      },
      { timeoutMs: 120_000 },
    );
    await page.goto(`${demo.baseUrl}${SERVICE}/compute`);
    const card = page.getByTestId(`compute-app-${APP_ID}`);
    await card.waitFor({ timeout: 60_000 });
    await card.getByText(VERSION).first().waitFor({ timeout: 30_000 });
    // The App's card (its revisions at the top), not the whole long page.
    await card.scrollIntoViewIfNeeded();
    await saveScreenshot(page, { path: shot('approval-done.png') });
    const decided = await call(
      'mei.chen',
      `/api/compute/approvals/${requested.id}`,
    );
    assert.equal(decided.body.status, 'approved');
    assert.equal(decided.body.decidedBy, 'user:default/mei.chen');
    assert.deepEqual(problems, []);
    await page.context().close();
  });

  test('a rejected request is on the service timeline, with who rejected it and why', async () => {
    const toReject = await requestDeploy('alice.nakamura', '2.4.2');
    const { page, problems } = await openSignedIn(
      demo.browser,
      demo.baseUrl,
      'mei.chen',
    );
    const widget = await approvalsWidget(page);
    const row = widget.locator(`[data-approval="${toReject.id}"]`);
    await row.getByRole('button', { name: 'Reject' }).click();
    await row.getByLabel('Comment (optional)').fill('Not during the freeze');
    await row.getByRole('button', { name: 'Confirm rejection' }).click();
    await row.getByTestId('approval-outcome').waitFor({ timeout: 30_000 });
    assert.match(
      (await row.getByTestId('approval-outcome').textContent()) ?? '',
      /Rejected/,
    );

    await page.goto(`${demo.baseUrl}${SERVICE}/timeline`);
    const items = page.locator('li[data-kind]');
    await items.first().waitFor({ timeout: 60_000 });
    for (const pattern of [/reject/i, /approv/i]) {
      await items
        .filter({ hasText: pattern })
        .first()
        .waitFor({ timeout: 30_000 });
    }
    const rejected =
      (await items
        .filter({ hasText: /reject/i })
        .first()
        .textContent()) ?? '';
    // By Mei: her name once the catalog has answered the link, her ref before.
    assert.match(rejected, /Mei-Lin Chen|mei\.chen/);
    assert.match(rejected, /Not during the freeze/);
    assert.deepEqual(problems, []);
    await page.context().close();
  });

  // Through the scaffolder's API: a run cannot wait for a decision, and a request stored at its create-app step
  // would outlive the run's undo.
  test('during the freeze, the "Service on Atrium compute" template stops at its plan step, says why, and makes nothing', async () => {
    const task = await runTemplate(
      demo.baseUrl,
      demo.token('alice.nakamura'),
      serviceValues('frozen-reports'),
    );
    assert.equal(task.status, 'failed', task.log.join('\n'));
    assert.equal(stepStatuses(task).plan, 'failed', task.log.join('\n'));
    assert.equal(stepStatuses(task).publish, 'skipped');
    assert.ok(
      task.log.some(l => /needs approval: .*year-end freeze/.test(l)),
      task.log.join('\n'),
    );
    await assertNothingLeftOf(
      demo.backend,
      demo.token('alice.nakamura'),
      'frozen-reports',
    );
    const mine = await call(
      'alice.nakamura',
      '/api/compute/approvals?requestedBy=me',
    );
    assert.equal(mine.status, 200, JSON.stringify(mine.body));
    assert.ok(
      !JSON.stringify(mine.body).includes('frozen-reports'),
      'no request for approval stored',
    );
  });
});
