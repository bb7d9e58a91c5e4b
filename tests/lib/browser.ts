import { chromium, type Browser, type Page } from 'playwright-core';
import { existsSync } from 'node:fs';

/** Debian's Chromium. Tests never download a browser. */
export const CHROMIUM = process.env.ATRIUM_CHROMIUM ?? '/usr/bin/chromium';

const FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Launches Chromium with a fresh, temporary profile (Playwright creates a new user-data-dir per launch). */
export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `Chromium not found at ${CHROMIUM}; scripts/test.sh installs Debian's chromium package`,
    );
  }
  return chromium.launch({
    executablePath: CHROMIUM,
    args: FLAGS,
    headless: true,
    timeout: 60_000,
  });
}

/** Everything that went wrong on a page: console errors, uncaught exceptions, failed or erroring requests. */
export function recordProblems(page: Page): string[] {
  const problems: string[] = [];
  page.on('console', message => {
    if (message.type() === 'error')
      problems.push(`console error: ${message.text()}`);
  });
  page.on('pageerror', error => problems.push(`page error: ${error.message}`));
  page.on('requestfailed', request => {
    const reason = request.failure()?.errorText ?? '';
    // A navigation cancels the previous page's requests in flight; that is the browser's doing, not a failure.
    if (reason === 'net::ERR_ABORTED') return;
    problems.push(
      `request failed: ${request.method()} ${request.url()} ${reason}`,
    );
  });
  page.on('response', response => {
    if (response.status() >= 400) {
      problems.push(
        `HTTP ${response.status()}: ${response
          .request()
          .method()} ${response.url()}`,
      );
    }
  });
  return problems;
}
