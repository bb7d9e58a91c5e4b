// bench/adoption.ts's BENCH_SCREENSHOT=1: the Insights page over the generated data, in Debian's Chromium as the
// platform admin, saved full page to artifacts/screenshots/adoption/insights-generated.png for issue 19's note,
// and a check that a table's CSV export answers the same rows as its JSON. The backend serves the built frontend:
// run `source scripts/lib/backend.sh && ensure_frontend_build` first.
import { join } from 'node:path';
import {
  launchChromium,
  openSignedIn,
  saveScreenshot,
} from '../tests/lib/browser.ts';
import { artifactDir } from '../tests/lib/paths.ts';
import { log } from './lib/util.ts';

/** The sections the Insights page draws, each with a "Download CSV" link once loaded. */
const SECTIONS = [
  'active-users',
  'teams',
  'templates',
  'top-plugins',
  'top-pages',
  'top-entities',
  'searches',
  'actions',
  'nps',
  'nps-comments',
];

export async function screenshotInsights(options: {
  baseUrl: string;
  login: string;
  token: string;
}): Promise<{ path: string; csv: string }> {
  const browser = await launchChromium();
  try {
    const { page, problems } = await openSignedIn(
      browser,
      options.baseUrl,
      options.login,
    );
    await page.goto(`${options.baseUrl}/adoption-insights`);
    for (const id of SECTIONS) {
      await page
        .getByTestId(`adoption-section-${id}`)
        .getByRole('link', { name: 'Download CSV' })
        .waitFor({ timeout: 120_000 });
    }
    const errors = await page
      .locator('[data-testid^="adoption-error-"]')
      .allTextContents();
    if (errors.length) throw new Error(`Insights errors: ${errors.join('; ')}`);
    const path = join(
      artifactDir('screenshots', 'adoption'),
      'insights-generated.png',
    );
    await saveScreenshot(page, { path, fullPage: true });
    log(`screenshot: ${path}`);

    // The top plugins' CSV link, fetched as the admin: a header and one row per item of the JSON.
    const href = await page
      .getByTestId('adoption-section-top-plugins')
      .getByRole('link', { name: 'Download CSV' })
      .getAttribute('href');
    if (!href) throw new Error('the top plugins section has no CSV link');
    const url = new URL(href, options.baseUrl);
    const headers = { authorization: `Bearer ${options.token}` };
    const csvRes = await fetch(url, { headers });
    const csv = await csvRes.text();
    url.searchParams.delete('format');
    const json = (await (await fetch(url, { headers })).json()) as {
      items: unknown[];
    };
    const lines = csv.trim().split(/\r?\n/);
    const type = csvRes.headers.get('content-type') ?? '';
    if (
      csvRes.status !== 200 ||
      !type.startsWith('text/csv') ||
      lines.length !== json.items.length + 1
    ) {
      throw new Error(
        `CSV export: ${csvRes.status} ${type}, ${lines.length} lines for ${json.items.length} items`,
      );
    }
    const unexpected = problems.filter(p => !p.includes('favicon'));
    if (unexpected.length) log(`page problems: ${unexpected.join(' | ')}`);
    return {
      path,
      csv: `${lines.length - 1} rows + header (${
        lines[0]
      }), same items as JSON`,
    };
  } finally {
    await browser.close();
  }
}
