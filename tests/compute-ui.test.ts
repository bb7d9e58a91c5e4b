/**
 * The Compute tab in Chromium, on the embedded default: the backend serves its Kubernetes API simulator (not a
 * cluster) with the demo workloads, and a registry simulator for their tags. An owner scales an App and
 * watches the rollout finish, deploys a tag and rolls back, and finds each action in Activity, while a platform
 * admin's open tab shows it without a reload (the compute signal); a member of another team sees the same
 * workloads and no action.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import type { Backend } from './lib/backend.ts';
import { launchChromium, openSignedIn, saveScreenshot } from './lib/browser.ts';
import { startDemoBackend } from './lib/demo.ts';
import { artifactDir } from './lib/paths.ts';

const PAGE = '/catalog/default/component/payments-gateway/compute';
const APP = 'sim-eu-west-payments-gateway-canary';

describe('compute in the browser (embedded default)', () => {
  let backend: Backend;
  let browser: Browser;
  const shotDir = artifactDir('screenshots');

  before(async () => {
    backend = await startDemoBackend({ name: 'compute-ui' });
    browser = await launchChromium();
  });

  after(async () => {
    await browser?.close();
    await backend?.stop();
  });

  async function openAs(
    login: string,
  ): Promise<{ page: Page; problems: string[] }> {
    const { page, problems } = await openSignedIn(
      browser,
      backend.baseUrl,
      login,
    );
    await page.goto(backend.baseUrl + PAGE);
    await page.getByTestId('compute-tab').waitFor({ timeout: 60_000 });
    await page.getByTestId(`compute-app-${APP}`).waitFor({ timeout: 60_000 });
    return { page, problems };
  }

  /** Runs one action through its dialog and waits for the rollout to finish. */
  async function act(
    page: Page,
    button: string,
    fill: (dialog: ReturnType<Page['getByTestId']>) => Promise<void>,
    change: RegExp,
    shots: { change?: string; done?: string } = {},
  ) {
    const dialog = page.getByTestId('compute-dialog');
    // The simulator keeps updating Apps (status, crash loops), so the App the dialog was opened on may have
    // changed by the time it is confirmed: the dialog then says so and offers Reload, as a user would see.
    for (let attempt = 1; ; attempt++) {
      await page.getByTestId(button).click();
      await dialog.waitFor();
      await fill(dialog);
      await assertText(dialog.getByTestId('compute-dialog-change'), change);
      if (shots.change && attempt === 1) {
        await page.waitForTimeout(500); // the dialog's fade-in
        await saveScreenshot(page, { path: join(shotDir, shots.change) });
      }
      await dialog.getByTestId('compute-dialog-confirm').click();
      const progress = dialog.getByTestId('compute-dialog-progress');
      const failed = dialog.getByTestId('compute-dialog-failed');
      await progress.or(failed).waitFor({ timeout: 30_000 });
      if (await progress.isVisible()) break;
      const message = (await failed.textContent()) ?? '';
      assert.match(message, /changed this App meanwhile/, message);
      assert.ok(attempt < 3, `conflicts on ${attempt} attempts: ${message}`);
      await dialog.getByRole('button', { name: 'Reload' }).click();
      await dialog.waitFor({ state: 'detached' });
    }
    await dialog
      .getByTestId('compute-dialog-done')
      .waitFor({ timeout: 90_000 });
    assert.match(
      (await dialog.getByTestId('compute-dialog-progress').textContent()) ?? '',
      /updated (\d+)\/\1, ready \1\/\1/,
    );
    if (shots.done)
      await saveScreenshot(page, { path: join(shotDir, shots.done) });
    await dialog.getByRole('button', { name: 'Close' }).click();
    await dialog.waitFor({ state: 'detached' });
  }

  /** Opens the App's details (they are closed in its row) on one of their tabs. */
  async function openDetails(page: Page, tab: string) {
    const app = page.getByTestId(`compute-app-${APP}`);
    const toggle = app.getByRole('button', { name: /^Details of / });
    if ((await toggle.getAttribute('aria-expanded')) !== 'true') {
      await toggle.click();
    }
    await app.getByRole('tab', { name: new RegExp(`^${tab}`) }).click();
  }

  async function assertText(
    locator: ReturnType<Page['getByTestId']>,
    pattern: RegExp,
  ) {
    await locator.waitFor();
    assert.match((await locator.textContent()) ?? '', pattern);
  }

  test('an owner scales, deploys and rolls back, watching each rollout; Activity lists each action', async () => {
    const { page, problems } = await openAs('alice.nakamura');
    // The embedded default holds the demo workloads in both simulated clusters.
    await page.getByTestId('compute-cluster-sim-us-east').waitFor();
    await assertText(page.getByTestId(`compute-app-phase-${APP}`), /Running/);
    await assertText(page.getByTestId(`compute-app-replicas-${APP}`), /1\/1/);
    await saveScreenshot(page, {
      path: join(shotDir, 'compute-tab.png'),
      fullPage: true,
    });

    // A platform admin watches the same tab in another browser: Alice's action reaches it as a signal, and its
    // Activity (which does not poll) shows it without a reload.
    const watcher = await openAs('ravi.subramanian');
    const watched = watcher.page.getByTestId('compute-activity');
    await watched.getByText('No actions yet.').waitFor();

    await act(
      page,
      `compute-action-scale-${APP}`,
      async dialog => dialog.getByLabel('Replicas').fill('2'),
      /replicas 1 → 2/,
      { change: 'compute-dialog.png', done: 'compute-dialog-done.png' },
    );
    await assertText(page.getByTestId(`compute-app-replicas-${APP}`), /2\/2/);
    await watched
      .getByTestId('compute-activity-row')
      .filter({ hasText: 'scale' })
      .filter({ hasText: 'alice.nakamura' })
      .waitFor({ timeout: 10_000 });
    assert.deepEqual(watcher.problems, []);
    await watcher.page.close();

    await act(
      page,
      `compute-action-deploy-${APP}`,
      async dialog => {
        await dialog.getByLabel('Version').selectOption('2.5.0');
      },
      /2\.4\.1 → 2\.5\.0/,
    );
    // Roll back to revision 1 from the App's details (its revisions, on demand).
    await openDetails(page, 'Revisions');
    await act(
      page,
      `compute-action-rollback-${APP}-1`,
      async () => {},
      /2\.5\.0 → 2\.4\.1/,
    );

    const activity = page.getByTestId('compute-activity');
    await activity.scrollIntoViewIfNeeded();
    for (const action of ['scale', 'deploy', 'rollback']) {
      await activity
        .getByTestId('compute-activity-row')
        .filter({ hasText: action })
        .filter({ hasText: 'alice.nakamura' })
        .first()
        .waitFor({ timeout: 30_000 });
    }
    await saveScreenshot(page, {
      path: join(shotDir, 'compute-activity.png'),
      fullPage: true,
    });
    assert.deepEqual(problems, []);
  });

  test('a member of another team sees the workloads and no action', async () => {
    const { page, problems } = await openAs('bob.okafor');
    await assertText(
      page.getByTestId(`compute-app-phase-${APP}`),
      /Running|Progressing/,
    );
    await openDetails(page, 'Pods');
    await page.getByTestId(`compute-pods-${APP}`).waitFor();
    assert.equal(
      await page.locator('[data-testid^="compute-action-"]').count(),
      0,
    );
    assert.deepEqual(problems, []);
  });
});
