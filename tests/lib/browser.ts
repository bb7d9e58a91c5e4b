import {
  chromium,
  errors,
  type Browser,
  type Page,
  type PageScreenshotOptions,
} from 'playwright-core';
import { existsSync } from 'node:fs';
import { DEMO_PASSWORD } from './auth.ts';

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

/**
 * Saves a screenshot for people to look at (artifacts/screenshots); it is evidence, not an assertion. Under load
 * Chromium can take longer than Playwright's 30 s to hand over a frame (CI, session 12: the sign-in page's shot
 * timed out with two suites running beside it); a shot that times out is reported on stderr and the test goes on.
 */
export async function saveScreenshot(
  page: Page,
  options: PageScreenshotOptions & { path: string },
): Promise<void> {
  try {
    await page.screenshot({
      animations: 'disabled',
      timeout: 60_000,
      ...options,
    });
  } catch (error) {
    if (!(error instanceof errors.TimeoutError)) throw error;
    process.stderr.write(
      `screenshot ${options.path} not taken: ${error.message.split('\n')[0]}\n`,
    );
  }
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

/**
 * Signs in on Atrium's sign-in page through the real OIDC redirect flow: the button sends the page to the
 * IdP's form, which sends it back to Atrium signed in. `shots` (optional) gets screenshots of both pages.
 *
 * Before sign-in, the page asks the auth backend for an existing session, which answers 401 when there is
 * none; callers that record problems should start recording after this returns.
 */
export async function signInInBrowser(
  page: Page,
  baseUrl: string,
  login: string,
  password: string,
  shots?: { signIn?: string; idp?: string },
): Promise<void> {
  await page.goto(baseUrl, { waitUntil: 'domcontentloaded' });
  const button = page.getByRole('button', { name: 'Sign in' });
  await button.waitFor({ timeout: 60_000 });
  if (shots?.signIn) await saveScreenshot(page, { path: shots.signIn });
  await button.click();
  const field = page.getByLabel('Username or e-mail');
  await field.waitFor({ timeout: 30_000 });
  await field.fill(login);
  await page.getByLabel('Password').fill(password);
  if (shots?.idp) await saveScreenshot(page, { path: shots.idp });
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL(
    url =>
      url.origin === new URL(baseUrl).origin &&
      !url.pathname.startsWith('/api/'),
    {
      timeout: 30_000,
    },
  );
}

/**
 * A page in a fresh context (1440 × 1000) signed in as a demo user, and the problems it records from then on
 * (the sign-in's expected 401 is not among them).
 */
export async function openSignedIn(
  browser: Browser,
  baseUrl: string,
  login: string,
): Promise<{ page: Page; problems: string[] }> {
  const context = await browser.newContext({
    viewport: { width: 1440, height: 1000 },
  });
  const page = await context.newPage();
  await signInInBrowser(page, baseUrl, login, DEMO_PASSWORD);
  return { page, problems: recordProblems(page) };
}

/**
 * Counts a page's requests in flight from now on. `settled()` resolves once none has been in flight for
 * `quietMs`, bounded by `timeoutMs` (false when the network never settled). Unlike Playwright's `networkidle`
 * load state, which a page reaches once and then keeps, it also waits for requests made later, such as a
 * prefetch on hover.
 */
export function trackRequests(page: Page): {
  settled(quietMs?: number, timeoutMs?: number): Promise<boolean>;
} {
  let inFlight = 0;
  let lastChange = Date.now();
  page.on('request', () => {
    inFlight++;
    lastChange = Date.now();
  });
  const done = () => {
    inFlight = Math.max(0, inFlight - 1);
    lastChange = Date.now();
  };
  page.on('requestfinished', done);
  page.on('requestfailed', done);
  return {
    async settled(quietMs = 500, timeoutMs = 10_000) {
      const end = Date.now() + timeoutMs;
      while (Date.now() < end) {
        if (inFlight === 0 && Date.now() - lastChange >= quietMs) return true;
        await new Promise(resolve => setTimeout(resolve, 50));
      }
      return false;
    },
  };
}
