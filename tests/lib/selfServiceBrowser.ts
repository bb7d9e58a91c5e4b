/**
 * The self-service journey in Debian's Chromium: a signed-in user fills in the template "Service on Atrium compute"
 * on /create (Atrium's team picker and quota-checked quantities from plugins/scaffolder-atrium), creates it and
 * follows the run to its end. Screenshots of the form and the finished run go to artifacts/screenshots.
 */
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { openSignedIn, saveScreenshot } from './browser.ts';
import { artifactDir } from './paths.ts';

export interface Journey {
  /** The form's quota line under CPU, as shown before creating. */
  cpuHelp: string;
  /** The team the picker chose (the user's only team). */
  team: string;
  /** The run's page URL, /create/tasks/<id>. */
  taskUrl: string;
  problems: string[];
}

export async function createServiceInBrowser(
  browser: Browser,
  baseUrl: string,
  user: string,
  name: string,
): Promise<Journey> {
  const shot = (what: string) =>
    join(artifactDir('screenshots'), `self-service-${what}.png`);
  const { page, problems } = await openSignedIn(browser, baseUrl, user);
  try {
    await page.goto(`${baseUrl}/create/templates/default/atrium-service`);
    const nameField = page.getByLabel(/^Name/);
    await nameField.waitFor({ timeout: 60_000 });
    await nameField.fill(name);
    await page.getByLabel(/^Description/).fill(`${name}, made in Chromium`);
    // The user's only team is chosen for them.
    const picker = page.locator('#atrium-team-picker');
    await page.waitForFunction(
      () =>
        (
          document.querySelector('#atrium-team-picker')?.textContent ?? ''
        ).trim().length > 1,
      undefined,
      { timeout: 30_000 },
    );
    const team = (await picker.textContent())?.trim() ?? '';
    await page.getByRole('button', { name: 'Next' }).click();

    await page.getByLabel(/^Replicas/).fill('1');
    await page.getByTestId('atrium-quota-cpu').fill('100m');
    await page.getByTestId('atrium-quota-memory').fill('128Mi');
    const help = page.getByTestId('atrium-quota-cpu-help');
    await page.waitForFunction(
      () =>
        /Fits|Over quota/.test(
          document.querySelector('[data-testid="atrium-quota-cpu-help"]')
            ?.textContent ?? '',
        ),
      undefined,
      { timeout: 30_000 },
    );
    const cpuHelp = (await help.textContent()) ?? '';
    await saveScreenshot(page, { path: shot('form'), fullPage: true });
    await page.getByRole('button', { name: 'Review' }).click();
    await page.getByRole('button', { name: 'Create' }).click();
    await page.waitForURL(/\/create\/tasks\//, { timeout: 30_000 });
    const taskUrl = page.url();
    // The run's page shows the template's output links once it is done.
    await page
      .getByRole('button', { name: 'Open in catalog' })
      .or(page.getByRole('link', { name: 'Open in catalog' }))
      .or(page.getByText(/Run completed with status: failed|failed/i))
      .first()
      .waitFor({ timeout: 240_000 });
    await saveScreenshot(page, { path: shot('run'), fullPage: true });
    return { cpuHelp, team, taskUrl, problems };
  } finally {
    await page.context().close();
  }
}
