/**
 * Server-side rendering of Home and entity overviews (plugins/app-backend-module-ssr) on the real backend:
 * the HTML holds the page's content and its Apollo cache state; entity text full of script and markup stays
 * text; Chromium hydrates the page without a console error and without asking the gateway again for what the
 * page embedded, and paints the server's layer before it asks for the app's scripts and stylesheet; browsers
 * without a session get the plain app.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { signIn } from './lib/auth.ts';
import type { Backend } from './lib/backend.ts';
import {
  launchChromium,
  openSignedIn,
  recordProblems,
  trackRequests,
  saveScreenshot,
} from './lib/browser.ts';
import { startWithTestEntities, userCookie } from './lib/catalogFixture.ts';
import { artifactDir } from './lib/paths.ts';
import { waitFor } from './lib/proc.ts';
import { embedded, ENTITIES, PAYLOAD } from './lib/ssrEntities.ts';

const PAGE = '/catalog/default/component/xss-probe';

describe('server-side rendering', () => {
  let backend: Backend;
  let browser: Browser;
  let cookie: string;

  before(async () => {
    ({ backend } = await startWithTestEntities({
      name: 'ssr',
      entities: ENTITIES,
      allow: ['Component', 'System', 'API', 'Group', 'User'],
    }));
    const { token } = await signIn(backend.baseUrl, 'alice.nakamura');
    cookie = await userCookie(backend.baseUrl, token);
    browser = await launchChromium();
  });

  after(async () => {
    await browser?.close();
    await backend?.stop();
  });

  const get = (path: string, headers: Record<string, string> = {}) =>
    fetch(`${backend.baseUrl}${path}`, {
      headers: { accept: 'text/html', ...headers },
    });

  test('the HTML holds the page content and its cache state, personal and not stored by shared caches', async () => {
    const res = await get('/catalog/default/component/payments-gateway', {
      cookie,
    });
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('x-atrium-ssr'), 'entity');
    assert.equal(res.headers.get('cache-control'), 'private, no-cache');
    assert.match(res.headers.get('vary') ?? '', /cookie/i);
    const html = await res.text();
    const { content, state } = embedded(html);
    assert.match(content, /<h1>Payments Gateway<\/h1>/);
    assert.match(content, /team-payments/i);
    assert.match(content, /Workloads/);
    const cache = JSON.parse(state);
    assert.equal(
      cache['Entity:{"id":"component:default/payments-gateway"}'].name,
      'payments-gateway',
    );
    assert.ok(
      html.includes('<script type="backstage.io/config">'),
      "the app's injected config is kept",
    );

    const home = await get('/', { cookie });
    assert.equal(home.headers.get('x-atrium-ssr'), 'home');
    const { content: homeContent } = embedded(await home.text());
    assert.match(homeContent, /Welcome, Alice Nakamura/);
    assert.match(homeContent, /payments-gateway/);
  });

  test('entity text with script and markup stays text in the content and in the state', async () => {
    const res = await get(PAGE, { cookie });
    assert.equal(res.headers.get('x-atrium-ssr'), 'entity');
    const { content, state } = embedded(await res.text());
    // (React itself writes `<!-- -->` between adjacent texts; the payload's comment is followed by U+2028.)
    for (const raw of [
      '<script>window.__pwned',
      '<img src=x',
      '<!-- \u2028',
      'onerror="window',
    ]) {
      assert.ok(!content.includes(raw), `content has no raw ${raw}`);
      assert.ok(!state.includes(raw), `state has no raw ${raw}`);
    }
    assert.ok(!/[<>]/.test(state), 'the state has no angle brackets at all');
    assert.ok(
      content.includes(
        '&lt;/script&gt;&lt;script&gt;window.__pwned=1&lt;/script&gt;',
      ),
    );
    // Every rendered field: title, description, owner, member, system, API, link.
    for (const text of ['Probe ', 'Team ', 'System ', 'Runbook ']) {
      assert.ok(
        content.includes(`${text}&lt;/script&gt;`),
        `${text}… is escaped`,
      );
    }
    const cache = JSON.parse(state);
    assert.equal(
      cache['Entity:{"id":"component:default/xss-probe"}'].description,
      PAYLOAD,
    );

    // In a browser the same page runs nothing it embeds, and shows the text as text.
    const context = await browser.newContext();
    await context.addCookies([
      {
        name: 'backstage-auth',
        value: cookie.split('=')[1],
        url: backend.baseUrl,
      },
    ]);
    const page = await context.newPage();
    await page.goto(`${backend.baseUrl}${PAGE}`, {
      waitUntil: 'domcontentloaded',
    });
    const title = await page.locator('#atrium-ssr h1').textContent();
    assert.equal(title, `Probe ${PAYLOAD}`);
    assert.equal(await page.evaluate(() => (window as any).__pwned), undefined);
    await context.close();
  });

  test('an owners-only entity is named neither in the content nor in the state of pages related to it, for a non-owner', async () => {
    for (const path of [
      PAGE,
      '/catalog/default/system/xss-system',
      '/catalog/default/group/xss-team',
    ]) {
      const res = await get(path, { cookie });
      assert.equal(res.headers.get('x-atrium-ssr'), 'entity', path);
      const { content, state } = embedded(await res.text());
      assert.ok(!content.includes('hidden-ledger'), `${path}: content`);
      assert.ok(!state.includes('hidden-ledger'), `${path}: state`);
    }
    // The relations are there for those who may read it: the system's other part still shows.
    const system = await get('/catalog/default/system/xss-system', { cookie });
    const { state } = embedded(await system.text());
    assert.ok(state.includes('component:default/xss-probe'));
  });

  test('without a session, or with a bad one, the plain app is served', async () => {
    for (const headers of [
      {},
      { cookie: 'backstage-auth=not-a-token' },
    ] as Array<Record<string, string>>) {
      const res = await get('/', headers);
      assert.equal(res.status, 200);
      assert.equal(res.headers.get('x-atrium-ssr'), null);
      const html = await res.text();
      assert.ok(!html.includes('atrium-ssr'));
      assert.ok(html.includes('<div id="root">'));
    }
    const tab = await get(
      '/catalog/default/component/payments-gateway/compute',
      { cookie },
    );
    assert.equal(
      tab.headers.get('x-atrium-ssr'),
      null,
      "other tabs are the app's alone",
    );

    // Sign-out deletes the cookie with nothing but the cookie itself (the app's identity proxy does this).
    const signOut = await fetch(
      `${backend.baseUrl}/api/app/.backstage/auth/v1/cookie`,
      { method: 'DELETE', headers: { cookie } },
    );
    assert.ok(signOut.ok, `sign-out's cookie deletion: ${signOut.status}`);
    assert.match(
      signOut.headers.get('set-cookie') ?? '',
      /^backstage-auth=;.*Expires=Thu, 01 Jan 1970/,
    );
    const anonymous = await fetch(
      `${backend.baseUrl}/api/app/.backstage/auth/v1/cookie`,
    );
    assert.equal(anonymous.status, 401, 'no cookie without credentials');
  });

  test('in Chromium, the page hydrates without a console error and without fetching what it embedded', async () => {
    const { page } = await openSignedIn(
      browser,
      backend.baseUrl,
      'alice.nakamura',
    );
    // The app has its cookie once signed in.
    await page.waitForFunction(() => document.cookie !== undefined);
    await page
      .getByTestId('atrium-home-overview')
      .first()
      .waitFor({ timeout: 60_000 });
    const shots = artifactDir('screenshots');

    for (const [path, operation, ssr] of [
      [
        '/catalog/default/component/payments-gateway',
        'AtriumEntityOverview',
        'entity',
      ],
      ['/', 'AtriumHome', 'home'],
    ] as const) {
      // Leave the previous page first, so that its requests (Home prefetches the user's services when idle)
      // cannot be taken for this page's.
      await page.goto('about:blank');
      const problems = recordProblems(page);
      const operations: string[] = [];
      page.on('request', request => {
        if (
          request.url().endsWith('/api/graphql') &&
          request.method() === 'POST'
        ) {
          operations.push(JSON.parse(request.postData() ?? '{}').operationName);
        }
      });
      const response = await page.goto(`${backend.baseUrl}${path}`, {
        waitUntil: 'commit',
      });
      assert.equal(
        response?.headers()['x-atrium-ssr'],
        ssr,
        `${path} is server-rendered`,
      );
      // The server's layer is in the page as served, with content (read from the response, not the live DOM: on
      // a fast machine the app may hydrate and remove it before a DOM query could see it).
      const served = (await response?.text()) ?? '';
      assert.match(
        served,
        new RegExp(`<div id="atrium-ssr" data-page="${ssr}">\\s*<`),
        `${path}: the server's layer is in the HTML`,
      );
      if (ssr === 'entity') {
        await saveScreenshot(page, {
          path: join(shots, 'ssr-entity-first-paint.png'),
        });
      }
      // The app takes over: its own overview shows, and the server's layer is gone.
      await page
        .locator('#root')
        .getByTestId(
          ssr === 'entity' ? 'atrium-entity-overview' : 'atrium-home-overview',
        )
        .waitFor({ timeout: 60_000 });
      await page
        .locator('#atrium-ssr')
        .waitFor({ state: 'detached', timeout: 30_000 });
      await page.waitForTimeout(500);
      assert.equal(
        await page.evaluate(() => (window as any).__atriumHydrated),
        ssr,
        'React hydrated the server-rendered content',
      );
      assert.deepEqual(
        problems,
        [],
        `${path}: no console error, no failed request`,
      );
      assert.ok(
        !operations.includes(operation),
        `${path}: ${operation} came from the embedded state, not the network (sent: ${operations.join(
          ', ',
        )})`,
      );
      page.removeAllListeners('request');
    }
    await saveScreenshot(page, { path: join(shots, 'ssr-home-app.png') });

    // Pointing at a service's link reads its page's data ahead; opening it then asks for nothing of it again.
    const network = trackRequests(page);
    const reads: string[] = [];
    page.on('request', request => {
      const url = request.url();
      // The entity itself (cards then read its ancestry and relations, as in stock Backstage).
      if (url.endsWith('/entities/by-name/component/default/ledger-service')) {
        reads.push('catalog');
      }
      if (
        url.endsWith('/api/graphql') &&
        request.postData()?.includes('component:default/ledger-service')
      ) {
        reads.push('graphql');
      }
    });
    const link = page
      .locator('#root')
      .getByTestId('atrium-home-overview')
      .locator('a[href="/catalog/default/component/ledger-service"]');
    await link.hover();
    // (Home may have read the overview already, when the browser was idle; the entity itself is read now.)
    await waitFor('the hover to read the page ahead', async () =>
      reads.includes('catalog') ? true : undefined,
    );
    assert.ok(await network.settled(), 'the network settled after the hover');
    const ahead = reads.length;
    // The prefetched overview shows at once, in a layer, while the entity page's code loads beneath it.
    await page.evaluate(() => {
      const w = window as { __layerShown?: string };
      new MutationObserver(() => {
        const layer = document.querySelector(
          '[data-testid="atrium-navigation-layer"]',
        );
        w.__layerShown ??= layer?.querySelector('h1')?.textContent ?? undefined;
      }).observe(document.body, { childList: true, subtree: true });
    });
    await link.click();
    await page
      .locator('#root')
      .getByTestId('atrium-entity-overview')
      .getByRole('heading', { name: 'Ledger Service' })
      .waitFor({ timeout: 30_000 });
    assert.equal(
      await page.evaluate(
        () => (window as { __layerShown?: string }).__layerShown,
      ),
      'Ledger Service',
      'the prefetched overview was shown before the page',
    );
    // ...and steps aside once the page shows the same.
    await page
      .getByTestId('atrium-navigation-layer')
      .waitFor({ state: 'detached', timeout: 15_000 });
    assert.deepEqual(
      reads.slice(ahead),
      [],
      'the entity page used what the hover read',
    );
    await page.context().close();
  });

  test("in Chromium, the server's layer is painted before the app's stylesheet and scripts are asked for", async () => {
    const { page, problems } = await openSignedIn(
      browser,
      backend.baseUrl,
      'alice.nakamura',
    );
    // Signed in once Home shows (the app has its cookie by then).
    await page
      .getByTestId('atrium-home-overview')
      .first()
      .waitFor({ timeout: 60_000 });
    // The time of the first frame with the layer in it (its frame callback; the paint follows).
    await page.addInitScript(() => {
      const w = window as { __layerFrameAt?: number };
      const observer = new MutationObserver(() => {
        if (!document.getElementById('atrium-ssr')) return;
        observer.disconnect();
        requestAnimationFrame(() => {
          w.__layerFrameAt = performance.now();
        });
      });
      observer.observe(document, { childList: true, subtree: true });
    });
    const response = await page.goto(
      `${backend.baseUrl}/catalog/default/component/payments-gateway`,
    );
    assert.equal(response?.headers()['x-atrium-ssr'], 'entity');
    // The app still boots and takes over.
    await page
      .locator('#root')
      .getByTestId('atrium-entity-overview')
      .waitFor({ timeout: 60_000 });
    await page
      .locator('#atrium-ssr')
      .waitFor({ state: 'detached', timeout: 30_000 });
    const timing = await page.evaluate(() => ({
      layerFrameAt: (window as { __layerFrameAt?: number }).__layerFrameAt,
      resources: (
        performance.getEntriesByType('resource') as Array<
          PerformanceResourceTiming & { renderBlockingStatus?: string }
        >
      )
        .filter(e => new URL(e.name).pathname.startsWith('/static/'))
        .map(e => ({
          path: new URL(e.name).pathname,
          startTime: e.startTime,
          renderBlocking: e.renderBlockingStatus,
        })),
    }));
    assert.ok(timing.layerFrameAt !== undefined, 'the layer had a frame');
    const scripts = timing.resources.filter(r => r.path.endsWith('.js'));
    const sheets = timing.resources.filter(r => r.path.endsWith('.css'));
    assert.ok(scripts.length > 3 && sheets.length > 0, 'the app loaded');
    for (const script of scripts) {
      assert.ok(
        script.startTime >= timing.layerFrameAt!,
        `${script.path} was asked for at ${script.startTime} ms, before the layer's frame at ${timing.layerFrameAt} ms`,
      );
    }
    for (const sheet of sheets) {
      assert.equal(
        sheet.renderBlocking,
        'non-blocking',
        `${sheet.path} does not hold the first paint`,
      );
    }
    assert.deepEqual(problems, [], 'no console error, no failed request');
    await page.context().close();
  });
});
