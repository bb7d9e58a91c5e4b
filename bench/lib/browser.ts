// Browser measurements for the speed benchmark: Debian's Chromium through playwright-core (tests/lib/browser.ts
// launches it with a fresh profile and the flags the tests use), signed in, timing pages from navigation start
// to their meaningful content.
//
// How a page is timed: an init script (installed before any page script runs) watches the document with a
// MutationObserver and, the first time the page's content test passes, waits for the frame that paints it (a
// frame callback, then a task after it) and records `performance.now()`, which in a freshly navigated document
// counts from navigation start. So the time is measured inside the page, with no polling delay from the driver;
// it is the moment the content is painted: in the DOM, rendered visible, not covered by anything at its place,
// and its frame's style, layout and paint done (a frame that takes 100 ms of style work counts; the DOM alone
// would not show it: a Chromium trace of Atrium's navigation at `large` found exactly that). Content the app shows in a layer
// above its pages (server-rendered, or Atrium's navigation layer) counts as soon as it is visible; what is
// underneath such a layer does not.
// The requests and bytes before the content come afterwards from the page's Resource Timing entries
// (`startTime`, `responseEnd`, `transferSize`: bytes on the wire, 0 for a cache hit), filtered by that moment.
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchChromium, trackRequests } from '../../tests/lib/browser.ts';
import { median } from './util.ts';

export type PageKey = 'home' | 'catalog' | 'component';

export interface PageSpec {
  key: PageKey;
  path: string;
  /** What counts as the page's meaningful content, in words. */
  content: string;
  /**
   * A page-side expression that is true once the content is rendered. It may use the helpers `main()` (the
   * <main> element, or the body), `heading(re)` (a visible heading in main matches), `element(selector)` (a
   * visible element in main matches) and `text(s)` (a visible text node in main contains s).
   */
  test: string;
}

export interface AppUnderTest {
  name: string;
  baseUrl: string;
  pages: PageSpec[];
  /** Signs in on `page` (a fresh context), leaving the session in the context's storage. */
  signIn(page: Page): Promise<void>;
  /**
   * In-app navigation: from Home to the component page by clicking this link on Home; without one (or when
   * Home does not show it within 15 s) by pushing the path onto the history, as the router's links do.
   */
  navigation: { linkSelector?: string };
}

export interface LoadSample {
  ms: number;
  /**
   * When the app's own page showed the content (in its root element, not covered), painted: the app is up.
   * The same as `ms` for an app that shows nothing above itself; later for content shown in a layer.
   */
  appMs?: number;
  /** Requests started before the content showed, the document included. */
  requests: number;
  /** Bytes of JavaScript transferred (Resource Timing transferSize) that finished before the content. */
  jsBytes: number;
  jsFiles: number;
  /** Bytes of everything transferred before the content, the document included. */
  allBytes: number;
}

export interface PageResult {
  path: string;
  content: string;
  cold: LoadSample[];
  warm: LoadSample[];
  /** The /api/ requests the page made on its first cold load (method and path), for reference. */
  apiRequests: string[];
}

export interface BrowserResults {
  pages: Record<PageKey, PageResult>;
  navigation: { ms: number[]; method: string };
}

const VIEWPORT = { width: 1440, height: 1000 };
const CONTENT_TIMEOUT_MS = 60_000;

/** The init script: content detection for the app's pages and a helper for timed in-app navigation. */
function initScript(pages: PageSpec[]): string {
  const tests = pages
    .map(p => `${JSON.stringify(p.path)}: () => (${p.test})`)
    .join(',\n');
  return `(() => {
  try { performance.setResourceTimingBufferSize(100000); } catch {}
  // The content tests look in \`scope\`: the whole page, or (for the app's own page) the app's root element.
  let scope = null;
  const root = () => scope || document.body;
  // Content counts when the user can see it: rendered (not hidden by display, visibility or opacity) and, where
  // it is in the viewport, on top at its place (not covered by a layer above it, such as a dialog or content
  // shown above the app while the app loads); not merely present.
  const onTop = el => {
    const r = el.getBoundingClientRect();
    const x = r.left + Math.min(r.width / 2, 8), y = r.top + r.height / 2;
    if (x < 0 || y < 0 || x >= innerWidth || y >= innerHeight) return true;
    const hit = document.elementFromPoint(x, y);
    return !!hit && (el.contains(hit) || hit.contains(el));
  };
  const visible = el => !!el && el.checkVisibility({ opacityProperty: true, visibilityProperty: true }) && onTop(el);
  const heading = re => Array.from(root().querySelectorAll('h1,h2,h3,h4,h5,h6,[role=heading]'))
    .some(h => re.test((h.textContent || '').trim()) && visible(h));
  const element = selector => Array.from(root().querySelectorAll(selector)).some(visible);
  const text = s => {
    if (!(root().textContent || '').includes(s)) return false; // cheap test first
    const walker = document.createTreeWalker(root(), NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode())
      if (n.nodeValue.includes(s) && visible(n.parentElement)) return true;
    return false;
  };
  const tests = {${tests}};
  // anyPath: an in-app navigation's target content counts before the URL changes (see __benchNavigate).
  const state = { target: location.pathname, contentAt: undefined, onContent: undefined, painting: false, anyPath: false, appAt: undefined, appPainting: false };
  window.__bench = state;
  // When the app's own page shows the content (in #root, on top: a layer above the app no longer covers it),
  // painted: the app is up. Without a layer above the app, the same frame as the content's.
  const checkApp = () => {
    if (state.appAt !== undefined || state.appPainting || location.pathname !== state.target) return;
    const test = tests[state.target];
    const app = document.getElementById('root');
    if (!test || !app) return;
    let ok = false;
    scope = app;
    try { ok = test(); } catch {} finally { scope = null; }
    if (!ok) return;
    state.appPainting = true;
    requestAnimationFrame(() => setTimeout(() => { state.appAt = performance.now(); }, 0));
  };
  const check = () => {
    if (!state.anyPath) checkApp();
    if (state.contentAt !== undefined) return;
    if (!state.anyPath && location.pathname !== state.target) return;
    const test = tests[state.target];
    if (!test || !document.body) return;
    let ok = false;
    try { ok = test(); } catch {}
    if (!ok || state.painting) return;
    // The content is in the DOM: its time is when the frame that shows it is painted (a task after the
    // frame's callback runs once that frame's rendering is done).
    state.painting = true;
    const target = state.target;
    requestAnimationFrame(() => setTimeout(() => {
      state.painting = false;
      if (state.contentAt !== undefined || state.target !== target) return;
      state.contentAt = performance.now();
      if (state.onContent) state.onContent(state.contentAt);
    }, 0));
  };
  new MutationObserver(check).observe(document, { subtree: true, childList: true, characterData: true });
  // Timed in-app navigation: click the link when there is one, otherwise push the path onto the history as
  // the router does, then resolve with the time until the target's content is painted. The content counts
  // wherever the URL is yet (an app may show it a frame before its router changes the URL), so it must not
  // show before the click: the navigation fails when the target's test already passes on the page it leaves.
  window.__benchNavigate = (path, linkSelector) => new Promise(resolve => {
    const link = linkSelector ? document.querySelector(linkSelector) : null;
    const method = link ? 'click' : 'history';
    let before = false;
    try { before = !!tests[path] && tests[path](); } catch {}
    if (before) { resolve({ ms: NaN, method, error: 'the target content shows before the click' }); return; }
    state.target = path;
    state.anyPath = true;
    state.contentAt = undefined;
    const timer = setTimeout(() => resolve({ ms: NaN, method }), ${CONTENT_TIMEOUT_MS});
    const start = performance.now();
    state.onContent = at => { clearTimeout(timer); state.onContent = undefined; resolve({ ms: at - start, method }); };
    if (link) link.click();
    else {
      const idx = ((history.state && history.state.idx) || 0) + 1;
      history.pushState({ usr: null, key: Math.random().toString(36).slice(2, 10), idx }, '', path);
      dispatchEvent(new PopStateEvent('popstate', { state: history.state }));
    }
    check();
  });
})();`;
}

/** Waits until the page's content test passed and returns the time from navigation start, in ms. */
async function contentTime(page: Page, what: string): Promise<number> {
  try {
    await page.waitForFunction(
      () => (window as any).__bench?.contentAt !== undefined,
      null,
      { timeout: CONTENT_TIMEOUT_MS, polling: 50 },
    );
  } catch (error) {
    throw new Error(
      `${what}: content did not show within ${CONTENT_TIMEOUT_MS} ms at ${page.url()} (${error})`,
    );
  }
  return page.evaluate(() => (window as any).__bench.contentAt as number);
}

/** When the app's own page showed the content (`LoadSample.appMs`); undefined when it did not in time. */
async function appTime(page: Page): Promise<number | undefined> {
  return page
    .waitForFunction(() => (window as any).__bench?.appAt !== undefined, null, {
      timeout: CONTENT_TIMEOUT_MS,
      polling: 50,
    })
    .then(() => page.evaluate(() => (window as any).__bench.appAt as number))
    .catch(() => undefined);
}

/** Requests and bytes before the content, from Resource Timing (after the network settles, bounded). */
async function transferBefore(page: Page): Promise<Omit<LoadSample, 'ms'>> {
  await page
    .waitForLoadState('networkidle', { timeout: 10_000 })
    .catch(() => undefined);
  return page.evaluate(() => {
    const t = (window as any).__bench.contentAt as number;
    const nav = performance.getEntriesByType(
      'navigation',
    )[0] as PerformanceNavigationTiming;
    const entries = performance.getEntriesByType(
      'resource',
    ) as PerformanceResourceTiming[];
    const isJs = (e: PerformanceResourceTiming) =>
      /\.m?js$/.test(new URL(e.name).pathname);
    const done = entries.filter(e => e.responseEnd <= t);
    const js = done.filter(isJs);
    return {
      requests: 1 + entries.filter(e => e.startTime <= t).length,
      jsBytes: js.reduce((sum, e) => sum + e.transferSize, 0),
      jsFiles: js.length,
      allBytes:
        (nav?.transferSize ?? 0) +
        done.reduce((sum, e) => sum + e.transferSize, 0),
    };
  });
}

async function newContext(
  browser: Browser,
  app: AppUnderTest,
  storageState: Awaited<ReturnType<BrowserContext['storageState']>>,
): Promise<BrowserContext> {
  const context = await browser.newContext({
    viewport: VIEWPORT,
    storageState,
  });
  await context.addInitScript({ content: initScript(app.pages) });
  return context;
}

/** One load of `spec` in `page`: navigation, content time, then requests and bytes before it. */
async function load(
  page: Page,
  app: AppUnderTest,
  spec: PageSpec,
): Promise<LoadSample> {
  await page.goto(app.baseUrl + spec.path, {
    waitUntil: 'commit',
    timeout: CONTENT_TIMEOUT_MS,
  });
  const ms = await contentTime(page, `${app.name} ${spec.key}`);
  const transfer = await transferBefore(page);
  return { ms, appMs: await appTime(page), ...transfer };
}

/**
 * Runs every browser measurement for one app: per page, `reps` cold loads (each in a new context holding only
 * the signed-in state, so nothing is cached) each followed by a warm load in the same context; and `reps`
 * in-app navigations from Home to the component page.
 */
export async function measureApp(
  app: AppUnderTest,
  reps: number,
  log: (message: string) => void,
): Promise<BrowserResults> {
  const browser = await launchChromium();
  try {
    // Sign in once; every measured context starts from this session (cookies and local storage).
    const signInContext = await browser.newContext({ viewport: VIEWPORT });
    await app.signIn(await signInContext.newPage());
    const storageState = await signInContext.storageState();
    await signInContext.close();

    const pages = {} as Record<PageKey, PageResult>;
    for (const spec of app.pages) {
      const result: PageResult = {
        path: spec.path,
        content: spec.content,
        cold: [],
        warm: [],
        apiRequests: [],
      };
      for (let rep = 0; rep < reps; rep++) {
        const context = await newContext(browser, app, storageState);
        try {
          const page = await context.newPage();
          if (rep === 0) {
            page.on('request', r => {
              const url = new URL(r.url());
              if (url.pathname.startsWith('/api/'))
                result.apiRequests.push(
                  `${r.method()} ${url.pathname}${url.search}`,
                );
            });
          }
          result.cold.push(await load(page, app, spec));
          page.removeAllListeners('request');
          result.warm.push(await load(page, app, spec));
        } finally {
          await context.close();
        }
      }
      log(
        `${app.name} ${spec.key}: cold ${median(
          result.cold.map(s => s.ms),
        ).toFixed(0)} ms, ` +
          `warm ${median(result.warm.map(s => s.ms)).toFixed(
            0,
          )} ms (median of ${reps})`,
      );
      pages[spec.key] = result;
    }

    // In-app navigation: Home, settled (whatever Home prefetches has been fetched), then to the component.
    const home = app.pages.find(p => p.key === 'home')!;
    const component = app.pages.find(p => p.key === 'component')!;
    const navMs: number[] = [];
    let method = '';
    for (let rep = 0; rep < reps; rep++) {
      const context = await newContext(browser, app, storageState);
      try {
        const page = await context.newPage();
        const network = trackRequests(page);
        await load(page, app, home);
        const selector = app.navigation.linkSelector;
        const link = selector ? page.locator(selector).first() : undefined;
        const hasLink = link
          ? await link
              .waitFor({ state: 'visible', timeout: 15_000 })
              .then(() => true)
              .catch(() => false)
          : false;
        if (link && hasLink) {
          // A pointer on its way to the link, as a person's would be; a prefetch on hover starts here.
          await link.hover({ timeout: 10_000 });
        }
        // Settled: what Home and the hover read has arrived (Playwright's `networkidle` was reached at the
        // page load already, and does not wait for later requests).
        if (!(await network.settled())) {
          log(`${app.name}: the network did not settle before the navigation`);
        }
        const r = await page.evaluate(
          ([path, linkSelector]) =>
            (window as any).__benchNavigate(path, linkSelector) as Promise<{
              ms: number;
              method: string;
              error?: string;
            }>,
          [component.path, hasLink ? selector! : ''] as const,
        );
        if (!Number.isFinite(r.ms))
          throw new Error(
            `${app.name}: in-app navigation to ${component.path}: ${
              r.error ?? 'its content did not show'
            }`,
          );
        navMs.push(r.ms);
        method = r.method;
      } finally {
        await context.close();
      }
    }
    log(
      `${app.name} in-app navigation (${method}): ${median(navMs).toFixed(
        0,
      )} ms (median of ${reps})`,
    );
    return { pages, navigation: { ms: navMs, method } };
  } finally {
    await browser.close();
  }
}
