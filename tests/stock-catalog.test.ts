/**
 * A catalog written for stock Backstage (tests/fixtures/stock-catalog) loads unchanged, as files and over HTTP:
 * three levels of Location entities with relative targets, `$text`, `$json` and `$yaml` both beside the file and
 * on another host (read through Backstage's URL reader, allowed by backend.reading.allow), every kind, an entity
 * in another namespace, users and groups with pictures on another host. Each backend answers for every entity
 * through the catalog API and the GraphQL gateway with the relations the YAML implies; on the file-loaded one,
 * every entity's page renders in Chromium without a console error (the pictures pass the CSP's img-src, set by
 * backend.csp), and a picture that does not load shows the person's initials.
 */
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { signIn } from './lib/auth.ts';
import { startBackend, type Backend } from './lib/backend.ts';
import {
  launchChromium,
  openSignedIn,
  trackRequests,
  saveScreenshot,
} from './lib/browser.ts';
import { callGateway } from './lib/gateway.ts';
import { artifactDir } from './lib/paths.ts';
import { waitFor } from './lib/proc.ts';
import {
  prepareStockCatalog,
  stockCatalogConfig,
  type StockCatalog,
} from './lib/stockCatalog.ts';
import {
  ENTITIES,
  entityPath,
  expectedRelations,
} from './lib/stockCatalogExpected.ts';

const REFS = ENTITIES.map(e => e.ref);

async function byRefs(backend: Backend, token: string): Promise<any[]> {
  const res = await fetch(`${backend.baseUrl}/api/catalog/entities/by-refs`, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${token}`,
      'content-type': 'application/json',
    },
    body: JSON.stringify({ entityRefs: REFS }),
  });
  assert.equal(res.status, 200);
  return ((await res.json()) as { items: any[] }).items;
}

const relationsOf = (entity: any): Set<string> =>
  new Set((entity.relations ?? []).map((r: any) => `${r.type} ${r.targetRef}`));

/** Waits until every entity is in the catalog with every relation it should have (stitching comes last). */
async function waitForStockCatalog(backend: Backend): Promise<any[]> {
  const expected = expectedRelations();
  let missing: string[] = [];
  return waitFor(
    `the stock catalog in ${backend.baseUrl}`,
    async () => {
      const items = await byRefs(backend, backend.serviceToken);
      missing = REFS.flatMap((ref, i) => {
        if (!items[i]) return [`${ref} (absent)`];
        const has = relationsOf(items[i]);
        return [...expected.get(ref)!]
          .filter(r => !has.has(r))
          .map(r => `${ref} ${r}`);
      });
      return missing.length === 0 ? items : undefined;
    },
    {
      timeoutMs: 60_000,
      intervalMs: 250,
      onTimeout: () => `missing: ${missing.join(', ')}`,
    },
  );
}

/** What the placeholders put in, as files (relative) and from the remote host (absolute). */
function assertPlaceholders(items: any[], stock: StockCatalog) {
  const get = (ref: string) => items[REFS.indexOf(ref)];
  assert.match(
    get('api:default/stock-orders-api').spec.definition,
    /title: Orders\n/,
  );
  assert.match(
    get('api:default/stock-payments-api').spec.definition,
    /title: Payments \(remote\)/,
  );
  const web = get('component:default/stock-checkout-web');
  assert.deepEqual(web.metadata.tags, ['checkout', 'web']);
  assert.deepEqual(web.metadata.links, [
    { url: 'https://checkout.stock.example', title: 'Checkout' },
  ]);
  const service = get('component:default/stock-payments-service');
  assert.deepEqual(service.metadata.tags, ['payments', 'remote']);
  assert.deepEqual(service.metadata.links, [
    { url: 'https://payments.stock.example', title: 'Payments dashboard' },
  ]);
  for (const e of ENTITIES.filter(x => x.picture)) {
    assert.equal(
      get(e.ref).spec.profile.picture,
      `${stock.pictures.origin}${e.picture}`,
    );
  }
  for (const path of [
    '/apis/payments.yaml',
    '/data/tags.json',
    '/data/links.yaml',
  ])
    assert.ok(
      stock.remote.requests.includes(path),
      `the remote host served ${path}`,
    );
}

/** Every entity through the gateway, as a signed-in user, with its relations. */
async function assertGateway(backend: Backend) {
  const { token } = await signIn(backend.baseUrl, 'alice.nakamura');
  const answer = await callGateway(
    backend.baseUrl,
    token,
    `query($refs: [String!]!) { entities(refs: $refs) {
      ref kind namespace name relations { type targetRef target { ref } } profile { picture }
    } }`,
    { refs: REFS },
  );
  assert.equal(answer.status, 200, JSON.stringify(answer.body.errors));
  assert.equal(answer.body.errors, undefined);
  const expected = expectedRelations();
  answer.body.data.entities.forEach((entity: any, i: number) => {
    assert.ok(entity, `${REFS[i]} through the gateway`);
    assert.equal(entity.ref.toLowerCase(), REFS[i]);
    const has = new Set(
      entity.relations.map((r: any) => `${r.type} ${r.targetRef}`),
    );
    for (const r of expected.get(REFS[i])!)
      assert.ok(has.has(r), `${REFS[i]} has ${r} through the gateway`);
    assert.ok(entity.relations.every((r: any) => r.target?.ref));
  });
}

type Tracker = ReturnType<typeof trackRequests>;

/**
 * Opens an entity's page (a full load: server-rendered where Atrium renders it, then hydrated) and waits until
 * its header shows and the network is quiet. Returns how long that took, for the log.
 */
async function openEntity(
  page: Page,
  requests: Tracker,
  baseUrl: string,
  ref: string,
): Promise<string> {
  const started = Date.now();
  const { title } = ENTITIES.find(e => e.ref === ref)!;
  const name = ref.split('/')[1];
  await page.goto(`${baseUrl}${entityPath(ref)}`, {
    waitUntil: 'domcontentloaded',
  });
  // The header shows the title, else the display name or the name, depending on the kind's presentation.
  await page
    .locator('h1')
    .filter({ hasText: new RegExp(`^(${title}|${name})$`) })
    .first()
    .waitFor({ timeout: 30_000 });
  const shown = Date.now() - started;
  const quiet = await requests.settled(500, 15_000);
  return `${ref}: header after ${shown} ms, network ${
    quiet ? 'quiet' : 'still busy'
  } after ${Date.now() - started} ms`;
}

describe('a catalog written for stock Backstage', () => {
  let stock: StockCatalog;
  let files: Backend;
  let http: Backend;
  let browser: Browser | undefined;

  before(async () => {
    stock = await prepareStockCatalog();
    const config = (via: 'file' | 'url') => {
      const path = join(stock.dir, `app-config.stock-${via}.yaml`);
      writeFileSync(path, JSON.stringify(stockCatalogConfig(stock, via)));
      return path;
    };
    [files, http] = await Promise.all([
      startBackend({ name: 'stock-catalog-files', configs: [config('file')] }),
      startBackend({ name: 'stock-catalog-http', configs: [config('url')] }),
    ]);
  });
  after(async () => {
    await browser?.close();
    await Promise.all([files?.stop(), http?.stop()]);
    await stock?.close();
  });

  /** The catalog loads completely `via` files or HTTP (a test each). */
  const loadsCompletely = (via: 'files' | 'HTTP') =>
    test(`loads completely ${
      via === 'files' ? 'as files' : 'over HTTP'
    }: every entity, its relations, its placeholders, through the catalog API and the gateway`, async () => {
      const backend = via === 'files' ? files : http;
      const items = await waitForStockCatalog(backend);
      assertPlaceholders(items, stock);
      if (via === 'HTTP') {
        for (const path of [
          '/all.yaml',
          '/domains/all.yaml',
          '/domains/commerce/all.yaml',
          '/domains/commerce/apis/orders.yaml',
        ])
          assert.ok(
            stock.catalogHost.requests.includes(path),
            `read ${path} over HTTP`,
          );
      }
      await assertGateway(backend);
    });
  loadsCompletely('files');
  loadsCompletely('HTTP');

  test('every entity page renders in Chromium without a console error, pictures from their host', async t => {
    await waitForStockCatalog(files);
    const csp = (await fetch(`${files.baseUrl}/catalog`)).headers.get(
      'content-security-policy',
    );
    assert.match(
      csp ?? '',
      new RegExp(`img-src 'self' data: ${stock.pictures.origin}`),
    );
    browser = await launchChromium();
    const { page, problems } = await openSignedIn(
      browser,
      files.baseUrl,
      'alice.nakamura',
    );
    const requests = trackRequests(page);
    const shots = artifactDir('screenshots', 'stock-catalog');
    for (const entity of ENTITIES) {
      t.diagnostic(await openEntity(page, requests, files.baseUrl, entity.ref));
      await saveScreenshot(page, {
        path: join(shots, `${entity.ref.replace(/[:/]/g, '_')}.png`),
      });
      assert.equal(
        await page.getByText(/not found|went wrong/i).count(),
        0,
        `${entity.ref}: no error panel`,
      );
      assert.deepEqual(problems, [], `${entity.ref}: no problem on its page`);
      if (entity.picture) {
        const img = page.locator(
          `img[src="${stock.pictures.origin}${entity.picture}"]`,
        );
        await img.first().waitFor({ timeout: 10_000 });
        const width = await img
          .first()
          .evaluate(el => (el as HTMLImageElement).naturalWidth);
        assert.ok(width > 0, `${entity.ref}: its picture loaded`);
      }
    }
  });

  test("a picture that does not load shows initials instead, on the user page and among a group's members", async () => {
    assert.ok(browser, 'the browser of the previous test');
    const { page, problems } = await openSignedIn(
      browser!,
      files.baseUrl,
      'alice.nakamura',
    );
    const picture = `${stock.pictures.origin}/users/ben.png`;
    await page.route(picture, route =>
      route.fulfill({ status: 404, body: 'gone' }),
    );
    // Backstage UI's Avatar (the org plugin's cards): one initial when small, two when large.
    const fallback = (initials: string) =>
      page
        .locator('.bui-AvatarFallback')
        .filter({ hasText: new RegExp(`^${initials}$`) });
    const shots = artifactDir('screenshots', 'stock-catalog');
    const requests = trackRequests(page);

    await openEntity(page, requests, files.baseUrl, 'user:default/stock-ben');
    await fallback('B').first().waitFor({ timeout: 10_000 });
    assert.equal(await page.locator(`img[src="${picture}"]`).count(), 0);
    await saveScreenshot(page, { path: join(shots, 'initials-user.png') });

    await openEntity(
      page,
      requests,
      files.baseUrl,
      'group:default/stock-payments',
    );
    await fallback('BS').first().waitFor({ timeout: 10_000 });
    assert.equal(await page.locator(`img[src="${picture}"]`).count(), 0);
    const ann = page.locator(
      `img[src="${stock.pictures.origin}/users/ann.png"]`,
    );
    await ann.first().waitFor({ timeout: 10_000 });
    await saveScreenshot(page, { path: join(shots, 'initials-group.png') });

    // The browser reports the missing picture; nothing else went wrong.
    const others = problems.filter(
      p => !p.includes(picture) && !/404 \(Not Found\)/.test(p),
    );
    assert.deepEqual(others, []);
    assert.ok(problems.length > 0, 'the missing picture was asked for');
  });
});
