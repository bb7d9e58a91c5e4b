/**
 * Adoption analytics and NPS in Chromium, end to end, against the real backend (plugins/adoption-backend at
 * /api/adoption) and the app's own analytics implementation (plugins/adoption): a user's page views reach the
 * backend in batches and show in today's active users and the top pages of the Insights page for a platform
 * admin; the NPS survey appears (with `adoption.nps.minActiveDays: 0`), answering it changes the NPS the admin
 * sees and it is not asked again; a user who is not a reader gets 403 from the Insights API and sees neither the
 * page nor its nav item, nor Home's adoption widget. Screenshots go to artifacts/screenshots/adoption-*.png.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import type { Locator, Page } from 'playwright-core';
import { openSignedIn, saveScreenshot } from './lib/browser.ts';
import { api } from './lib/compute.ts';
import { useDemoInBrowser } from './lib/demoBrowser.ts';
import { artifactDir } from './lib/paths.ts';
import { waitFor } from './lib/proc.ts';

/** A platform admin (group:default/platform-admins): reads Insights and the NPS comments. */
const ADMIN = 'ravi.subramanian';
/** Neither an admin nor in `adoption.readers`. */
const VISITOR = 'alice.nakamura';
/** Answers the survey. */
const RESPONDENT = 'bob.okafor';
/** A page only the visitor opens in this suite, so that its row in the top pages is hers. */
const VISITED = '/catalog/default/system/payments';

const today = () => new Date().toISOString().slice(0, 10);

describe('adoption analytics and NPS in the browser', () => {
  const demo = useDemoInBrowser({
    name: 'adoption-ui',
    // Every signed-in user is asked at once, rather than after three active days.
    config: () => ({
      adoption: { nps: { enabled: true, minActiveDays: 0 } },
    }),
    users: [ADMIN, VISITOR, RESPONDENT],
  });

  const shot = (name: string) =>
    join(artifactDir('screenshots'), `adoption-${name}.png`);

  const get = (user: string, path: string) =>
    api(demo.baseUrl, demo.token(user), path);

  /** The first batch of analytics events the page sends with a view of `path`, and the backend's answer. */
  const nextBatch = (page: Page, path: string) =>
    page.waitForResponse(
      r =>
        r.url() === `${demo.baseUrl}/api/adoption/events` &&
        r.request().method() === 'POST' &&
        (r.request().postData() ?? '').includes(`"path":"${path}"`),
      { timeout: 60_000 },
    );

  const section = (page: Page, id: string): Locator =>
    page.getByTestId(`adoption-section-${id}`);

  const adoptionProblems = (problems: string[]) =>
    problems.filter(p => p.includes('/api/adoption'));

  test("a user's visits reach the backend in batches and show for an admin in today's active users and top pages", async () => {
    const { page, problems } = await openSignedIn(
      demo.browser,
      demo.baseUrl,
      VISITOR,
    );
    await page.goto(`${demo.baseUrl}/catalog`);
    await page.getByRole('link', { name: 'Catalog' }).first().waitFor({
      timeout: 60_000,
    });
    // The catalog's page view leaves with keepalive as the page is left; the system's page view goes in the
    // next batch, 10 s after it at the latest.
    const batch = nextBatch(page, VISITED);
    await page.goto(`${demo.baseUrl}${VISITED}`);
    await page
      .getByRole('heading', { name: 'payments' })
      .first()
      .waitFor({ timeout: 60_000 });
    const response = await batch;
    assert.equal(response.status(), 202, await response.text());
    const sent = JSON.parse(response.request().postData() ?? '{}');
    const view = sent.events.find(
      (e: any) => e.action === 'navigate' && e.context?.path === VISITED,
    );
    assert.ok(view, JSON.stringify(sent.events));
    assert.equal(view.subject, VISITED);
    assert.equal(typeof view.context.pluginId, 'string');
    assert.ok(!Number.isNaN(Date.parse(view.timestamp)));
    await page.context().close();
    assert.deepEqual(adoptionProblems(problems), []);

    // The visitor is counted today, and her page is among the top pages, before the admin has looked.
    const range = `from=${today()}&to=${today()}`;
    const active = await waitFor(
      "the visitor in today's active users",
      async () => {
        const { status, body } = await get(
          ADMIN,
          `/api/adoption/insights/active-users?${range}&grain=day`,
        );
        assert.equal(status, 200, JSON.stringify(body));
        const point = body.points.find((p: any) => p.period === today());
        return point && point.active >= 1 ? point : undefined;
      },
      { timeoutMs: 30_000 },
    );
    assert.ok(active.new + active.returning >= 1);
    const top = await get(
      ADMIN,
      `/api/adoption/insights/top?${range}&kind=pages&limit=10`,
    );
    assert.ok(
      top.body.items.some((i: any) => i.key === VISITED && i.users === 1),
      JSON.stringify(top.body),
    );

    // The admin's Insights page shows both.
    const admin = await openSignedIn(demo.browser, demo.baseUrl, ADMIN);
    await admin.page.goto(`${demo.baseUrl}/adoption-insights`);
    const activeUsers = section(admin.page, 'active-users');
    const chart = activeUsers.getByTestId('adoption-chart-active-users');
    await chart.waitFor({ timeout: 60_000 });
    const points = JSON.parse((await chart.getAttribute('data-points'))!);
    const drawnToday = points.find((p: any) => p.period === today());
    assert.ok(drawnToday && drawnToday.active >= 1, JSON.stringify(points));
    await activeUsers.locator('[data-stat="dau"]').waitFor();
    const pages = section(admin.page, 'top-pages');
    await pages.getByRole('cell', { name: VISITED, exact: true }).waitFor();
    // A view of an entity's page counts for that entity too, shown by the catalog's name for it (its title).
    await section(admin.page, 'top-entities')
      .getByRole('cell', { name: 'Payments', exact: true })
      .waitFor();
    // Every section loaded, each with its CSV link.
    for (const id of [
      'teams',
      'templates',
      'top-plugins',
      'top-entities',
      'searches',
      'actions',
      'nps',
      'nps-comments',
    ]) {
      await section(admin.page, id)
        .getByRole('link', { name: 'Download CSV' })
        .waitFor();
    }
    assert.equal(
      await admin.page.locator('[data-testid^="adoption-error-"]').count(),
      0,
    );
    const csv = await section(admin.page, 'top-pages')
      .getByRole('link', { name: 'Download CSV' })
      .getAttribute('href');
    assert.match(
      csv!,
      /\/api\/adoption\/insights\/top\?.*kind=pages.*format=csv/,
    );
    // The admin is asked too (every user is, in this suite); "Not now" puts the card away.
    const card = admin.page.getByRole('region', { name: 'Atrium survey' });
    await card.waitFor({ timeout: 60_000 });
    const dismissed = admin.page.waitForResponse(
      r =>
        r.url().endsWith('/api/adoption/nps/dismissals') &&
        r.request().method() === 'POST',
    );
    await card.getByRole('button', { name: 'Not now' }).click();
    assert.equal((await dismissed).status(), 204);
    await card.waitFor({ state: 'detached' });
    // The nav item is there for the admin.
    await admin.page
      .getByRole('link', { name: 'Adoption insights' })
      .first()
      .waitFor();
    await admin.page.screenshot({ path: shot('insights'), fullPage: true });
    assert.deepEqual(adoptionProblems(admin.problems), []);
    await admin.page.context().close();
  });

  test('the survey appears once; answering it changes the NPS the admin sees', async () => {
    const npsBefore = await get(ADMIN, '/api/adoption/insights/nps');
    assert.equal(npsBefore.status, 200, JSON.stringify(npsBefore.body));

    const { page, problems } = await openSignedIn(
      demo.browser,
      demo.baseUrl,
      RESPONDENT,
    );
    const card = page.getByRole('region', { name: 'Atrium survey' });
    await card.waitFor({ timeout: 60_000 });
    await card.getByRole('button', { name: '10', exact: true }).click();
    await card
      .getByLabel('What is the main reason? (optional)')
      .fill('The catalog finds every service');
    // Home behind it, drawn: the card blocks nothing.
    await page.getByText("Find your team's page").waitFor({ timeout: 60_000 });
    await saveScreenshot(page, { path: shot('survey') });
    const answered = page.waitForResponse(
      r =>
        r.url().endsWith('/api/adoption/nps/answers') &&
        r.request().method() === 'POST',
    );
    await card.getByRole('button', { name: 'Send' }).click();
    assert.equal((await answered).status(), 201);
    await card.getByText('Thank you!').waitFor();

    // A new tab is a new session: the app asks again, and the backend says the user has answered.
    const again = await page.context().newPage();
    const survey = again.waitForResponse(r =>
      r.url().endsWith('/api/adoption/nps/survey'),
    );
    await again.goto(`${demo.baseUrl}/`);
    const answer = await (await survey).json();
    assert.deepEqual(answer, { show: false, reason: 'answered' });
    await again.getByRole('link', { name: 'Catalog' }).first().waitFor();
    assert.equal(
      await again.getByRole('region', { name: 'Atrium survey' }).count(),
      0,
    );

    // Their answer is theirs to see.
    const mine = await get(RESPONDENT, '/api/adoption/nps/answers/mine');
    assert.equal(mine.body.answers.length, 1);
    assert.equal(mine.body.answers[0].score, 10);
    await again.goto(`${demo.baseUrl}/adoption-insights/mine`);
    await again.getByText('Score 10').waitFor({ timeout: 60_000 });
    await again.getByText('The catalog finds every service').waitFor();
    assert.deepEqual(adoptionProblems(problems), []);
    await page.context().close();

    // The admin sees the NPS move, on the Insights page and on Home's widget.
    const npsAfter = await get(ADMIN, '/api/adoption/insights/nps');
    assert.equal(npsAfter.body.answers, npsBefore.body.answers + 1);
    assert.notEqual(npsAfter.body.nps, npsBefore.body.nps);
    const expected =
      npsAfter.body.nps > 0
        ? `+${npsAfter.body.nps}`
        : String(npsAfter.body.nps);
    const admin = await openSignedIn(demo.browser, demo.baseUrl, ADMIN);
    await admin.page.goto(`${demo.baseUrl}/adoption-insights`);
    const nps = section(admin.page, 'nps').locator('[data-stat="nps"]');
    await nps.getByText(expected, { exact: true }).waitFor({ timeout: 60_000 });
    const comments = section(admin.page, 'nps-comments');
    await comments
      .getByRole('cell', { name: 'The catalog finds every service' })
      .waitFor();

    await admin.page.goto(`${demo.baseUrl}/`);
    const widget = admin.page.getByTestId('adoption-widget');
    await widget.waitFor({ timeout: 60_000 });
    await widget
      .locator('[data-stat="quarter-nps"]')
      .getByText(expected, { exact: true })
      .waitFor();
    await widget.scrollIntoViewIfNeeded();
    await admin.page.screenshot({ path: shot('widget') });
    assert.deepEqual(adoptionProblems(admin.problems), []);
    await admin.page.context().close();
  });

  test('a user who is not a reader gets 403 and sees neither the page, its nav item nor the widget', async () => {
    const denied = await get(
      VISITOR,
      `/api/adoption/insights/active-users?from=${today()}&to=${today()}`,
    );
    assert.equal(denied.status, 403, JSON.stringify(denied.body));
    const summary = await get(VISITOR, '/api/adoption/insights/summary');
    assert.equal(summary.status, 403);

    const { page, problems } = await openSignedIn(
      demo.browser,
      demo.baseUrl,
      VISITOR,
    );
    await page.goto(`${demo.baseUrl}/`);
    // The sidebar is drawn once the app has decided which pages this user has.
    await page.getByRole('link', { name: 'Catalog' }).first().waitFor({
      timeout: 60_000,
    });
    assert.equal(
      await page.getByRole('link', { name: 'Adoption insights' }).count(),
      0,
    );
    // Home's widgets are in place (the layout is read), without the adoption widget.
    await page.locator('[data-widget]').first().waitFor({ timeout: 60_000 });
    assert.equal(
      await page.locator('[data-widget="AtriumAdoption"]').count(),
      0,
    );

    await page.goto(`${demo.baseUrl}/adoption-insights`);
    // The app has no such page for this user; its own answers page is still there.
    await page
      .getByText(/page not found|could not be found|404/i)
      .first()
      .waitFor({ timeout: 60_000 });
    assert.equal(
      await page.locator('[data-testid^="adoption-section-"]').count(),
      0,
    );
    await page.goto(`${demo.baseUrl}/adoption-insights/mine`);
    await page
      .getByRole('heading', { name: 'My survey answers' })
      .first()
      .waitFor({ timeout: 60_000 });
    assert.deepEqual(
      adoptionProblems(problems).filter(p => !p.includes('/insights/')),
      [],
    );
    assert.deepEqual(
      problems.filter(p => p.includes('/api/adoption/insights/')),
      [],
      'the app never asks Insights for a user who may not read them',
    );
    await page.context().close();
  });
});
