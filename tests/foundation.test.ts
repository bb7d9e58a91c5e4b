// The foundation: one Backstage release, a backend that starts with its embedded defaults and ingests the demo
// organisation, API routes closed to anonymous callers, and data that survives a restart.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import {
  assertRestartKeepsData,
  startBackend,
  waitForCatalog,
  type Backend,
} from './lib/backend.ts';
import { signIn } from './lib/auth.ts';
import { connectSignals, signalsUpgradeStatus } from './lib/signals.ts';
import { demoEntities, demoKindCounts } from './lib/demo.ts';
import { ROOT } from './lib/paths.ts';
import { apiRoutes, backendPlugins } from './lib/routes.ts';

/**
 * The endpoints that must answer without credentials, because they are how one gets credentials: the OAuth
 * steps of each auth provider, the public keys and discovery document of Backstage's token issuer, and the
 * embedded OpenID provider (which only the embedded default enables).
 */
const isSignInPath = (url: string) =>
  /^\/api\/auth\/[^/.]+\/(start|handler\/frame|refresh|logout)\b/.test(url) ||
  /^\/api\/auth\/\.well-known\/(openid-configuration|jwks\.json)$/.test(url) ||
  url.startsWith('/api/embedded-idp/');

/**
 * Open on purpose, though not for sign-in: Atrium's own metrics for Prometheus to scrape (counts and timings
 * only; Prometheus cannot mint Backstage tokens; plugins/operations-backend); and the embedded default's git
 * server's clones and raw files, for git clients and the catalog's URL reader, which carry no Backstage token
 * (plugins/git-server-backend; pushing and managing repositories take the scaffolder's token).
 */
const OPEN_BY_DESIGN = new Set([
  'GET /api/operations/metrics',
  'GET /api/git-server/repos/x.git/info/refs',
  'POST /api/git-server/repos/x.git/git-upload-pack',
  'GET /api/git-server/raw/x/x/x',
]);

describe('yarn.lock', () => {
  it('holds one version of every @backstage package', () => {
    const lock = readFileSync(resolve(ROOT, 'yarn.lock'), 'utf8');
    const versions = new Map<string, Set<string>>();
    for (const [, name, version] of lock.matchAll(
      /resolution: "(@backstage\/[^@"]+)@npm:([^"]+)"/g,
    )) {
      if (!versions.has(name)) versions.set(name, new Set());
      versions.get(name)!.add(version);
    }
    assert.ok(
      versions.size > 20,
      `expected many @backstage packages, found ${versions.size}`,
    );
    const mixed = [...versions]
      .filter(([, v]) => v.size > 1)
      .map(([n, v]) => `${n}: ${[...v].join(', ')}`);
    assert.deepEqual(
      mixed,
      [],
      'Backstage packages must all come from one release',
    );
  });
});

describe('the backend with its embedded defaults', { timeout: 900_000 }, () => {
  let backend: Backend;
  let token: string;
  const expected = demoKindCounts();

  before(async () => {
    backend = await startBackend({ name: 'foundation' });
    token = backend.serviceToken;
  });
  after(() => backend?.stop());

  it('ingests the whole demo organisation and Atrium itself', async () => {
    const counts = await waitForCatalog(backend.baseUrl, token, expected);
    for (const [kind, n] of Object.entries(expected)) {
      assert.equal(
        counts[kind],
        n,
        `${kind}: catalog has ${counts[kind]}, demo data defines ${n}`,
      );
    }
    const res = await fetch(
      `${backend.baseUrl}/api/catalog/entities/by-name/component/default/atrium`,
      {
        headers: { authorization: `Bearer ${token}` },
      },
    );
    assert.equal(res.status, 200);
  });

  it('resolves every API definition from its spec file', async () => {
    // An MCP server's API lists its remotes instead of a definition (checked below).
    const apis = demoEntities().filter(
      e => e.kind === 'API' && e.spec?.type !== 'mcp-server',
    );
    for (const api of apis) {
      const res = await fetch(
        `${backend.baseUrl}/api/catalog/entities/by-name/api/default/${api.metadata.name}`,
        {
          headers: { authorization: `Bearer ${token}` },
        },
      );
      const entity = (await res.json()) as { spec: { definition: unknown } };
      assert.equal(typeof entity.spec.definition, 'string', api.metadata.name);
      assert.match(
        entity.spec.definition as string,
        /openapi: 3|asyncapi: |syntax = "proto3"/,
        api.metadata.name,
      );
    }
  });

  it('loads an MCP server API, which has remotes and no definition (Backstage 1.57)', async () => {
    const res = await fetch(
      `${backend.baseUrl}/api/catalog/entities/by-name/api/default/order-assistant-mcp`,
      { headers: { authorization: `Bearer ${token}` } },
    );
    assert.equal(res.status, 200);
    const entity = (await res.json()) as {
      spec: { definition?: unknown; remotes: Array<{ url: string }> };
      relations: Array<{ type: string; targetRef: string }>;
    };
    assert.equal(entity.spec.definition, undefined);
    assert.match(entity.spec.remotes[0].url, /^https:\/\//);
    assert.ok(
      entity.relations.some(
        r =>
          r.type === 'ownedBy' && r.targetRef === 'group:default/team-payments',
      ),
      JSON.stringify(entity.relations),
    );
  });

  it('relates teams, members and owned components', async () => {
    const res = await fetch(
      `${backend.baseUrl}/api/catalog/entities/by-name/group/default/team-payments`,
      {
        headers: { authorization: `Bearer ${token}` },
      },
    );
    const group = (await res.json()) as {
      relations: Array<{ type: string; targetRef: string }>;
    };
    const of = (type: string) =>
      group.relations.filter(r => r.type === type).map(r => r.targetRef);
    assert.ok(of('hasMember').includes('user:default/alice.nakamura'));
    assert.ok(of('ownerOf').includes('component:default/payments-gateway'));
    assert.deepEqual(of('childOf'), ['group:default/commerce']);
  });

  it('serves the built frontend with Atrium branding', async () => {
    const res = await fetch(`${backend.baseUrl}/catalog`);
    assert.equal(res.status, 200);
    const html = await res.text();
    assert.match(html, /<title>Atrium<\/title>/);
    assert.match(html, /favicon\.svg/);
  });

  it('serves content-hashed static files immutable in brotli or gzip, and the HTML no-cache', async () => {
    // index.html and the SPA's fallback for app routes: cacheable, revalidated before each use (ETag → 304).
    const index = await fetch(`${backend.baseUrl}/`);
    assert.equal(index.status, 200);
    assert.equal(index.headers.get('cache-control'), 'no-cache');
    const html = await index.text();
    const etag = index.headers.get('etag');
    assert.ok(etag, 'index.html has an ETag');
    // (With If-None-Match alone, fetch would add `cache-control: no-cache`, which asks for a full response.)
    const revalidated = await fetch(`${backend.baseUrl}/`, {
      headers: { 'if-none-match': etag, 'cache-control': 'max-age=0' },
    });
    assert.equal(revalidated.status, 304);
    assert.equal(revalidated.headers.get('cache-control'), 'no-cache');
    const route = await fetch(
      `${backend.baseUrl}/catalog/default/component/atrium`,
    );
    assert.equal(route.status, 200);
    assert.match(route.headers.get('content-type')!, /^text\/html/);
    assert.equal(route.headers.get('cache-control'), 'no-cache');
    await route.arrayBuffer();

    // The entry script index.html names, from the precompressed variants (fetch decodes them: byte-exact).
    const main = /\/static\/(main\.[0-9a-f]{12}\.js)"/.exec(html)?.[1];
    assert.ok(main, 'index.html loads /static/main.<hash>.js');
    const onDisk = readFileSync(
      resolve(ROOT, 'packages/app/dist/static', main),
    );
    for (const [accept, coding] of [
      ['gzip, deflate, br', 'br'],
      ['gzip, deflate', 'gzip'],
    ] as const) {
      const res: Response = await fetch(`${backend.baseUrl}/static/${main}`, {
        headers: { 'accept-encoding': accept },
      });
      assert.equal(res.status, 200);
      assert.equal(res.headers.get('content-encoding'), coding);
      assert.equal(
        res.headers.get('cache-control'),
        'public, max-age=31536000, immutable',
      );
      assert.match(res.headers.get('vary')!, /accept-encoding/i);
      assert.match(res.headers.get('content-type')!, /^text\/javascript/);
      assert.ok(res.headers.get('etag') && res.headers.get('last-modified'));
      assert.ok(
        Buffer.from(await res.arrayBuffer()).equals(onDisk),
        `${coding} body decodes to ${main}`,
      );
    }

    // Unknown files and paths out of dist/static fall through to app-backend, which answers 404. (fetch
    // resolves a `%2e%2e/` segment itself, so these escape the slash.)
    for (const path of [
      '/static/missing.0123456789ab.js',
      '/static/..%2f..%2fapp-config.yaml',
      '/static/%2e%2e%2findex.html.tmpl',
    ]) {
      const res = await fetch(`${backend.baseUrl}${path}`);
      assert.equal(res.status, 404, path);
      await res.arrayBuffer();
    }
  });

  it('answers 401 on every API route without credentials, but for sign-in', async () => {
    const plugins = backendPlugins().map(p => p.id);
    for (const id of [
      'catalog',
      'auth',
      'permission',
      'scaffolder',
      'search',
      'techdocs',
      'user-settings',
      'app',
      'embedded-idp',
      'compute',
      'kube-simulator',
    ]) {
      assert.ok(plugins.includes(id), `route scan covers ${id}`);
    }
    const routes = apiRoutes();
    const open: string[] = [];
    for (const { method, url } of routes) {
      const res = await fetch(`${backend.baseUrl}${url}`, {
        method,
        headers: method === 'GET' ? {} : { 'content-type': 'application/json' },
        body: method === 'GET' ? undefined : '{}',
        redirect: 'manual',
      });
      await res.arrayBuffer();
      // Under /api/auth only the sign-in endpoints are open.
      if (isSignInPath(url) || OPEN_BY_DESIGN.has(`${method} ${url}`)) continue;
      if (res.status !== 401) open.push(`${method} ${url} -> ${res.status}`);
    }
    assert.deepEqual(open, []);
    assert.ok(routes.length > 60, `probed ${routes.length} routes`);

    // The sign-in endpoints and the frontend at / stay reachable: sign-in starts by sending the browser to the
    // embedded IdP, whose discovery document is public.
    assert.equal((await fetch(`${backend.baseUrl}/`)).status, 200);
    const start = await fetch(
      `${backend.baseUrl}/api/auth/oidc/start?env=development&scope=openid&origin=${backend.baseUrl}`,
      { redirect: 'manual' },
    );
    assert.equal(start.status, 302);
    assert.ok(
      start.headers
        .get('location')!
        .startsWith(`${backend.baseUrl}/api/embedded-idp/auth?`),
      start.headers.get('location')!,
    );
    const discovery = await fetch(
      `${backend.baseUrl}/api/embedded-idp/.well-known/openid-configuration`,
    );
    assert.equal(discovery.status, 200);
    assert.equal(
      ((await discovery.json()) as { issuer: string }).issuer,
      `${backend.baseUrl}/api/embedded-idp`,
    );
  });

  it("refuses the signals WebSocket without a user token (401), and lets a signed-in user's through", async () => {
    // On a fresh backend, before any WebSocket has opened.
    assert.equal(await signalsUpgradeStatus(backend.baseUrl), 401);
    await waitForCatalog(backend.baseUrl, token, expected); // Sign-in needs the user's entity.
    const { token: user } = await signIn(backend.baseUrl, 'alice.nakamura');
    // Backstage 1.57 authenticates WebSocket upgrades in the framework (httpRouter.addWebSocketHandler): a user's
    // token in the Authorization header opens that user's connection (1.55's plugin read only the subprotocol and
    // took such an upgrade for the guest).
    assert.equal(
      await signalsUpgradeStatus(backend.baseUrl, undefined, {
        headers: { authorization: `Bearer ${user}` },
      }),
      101,
    );
    assert.equal(await signalsUpgradeStatus(backend.baseUrl), 401);
    const connection = await connectSignals(backend.baseUrl, user, [
      'atrium:foundation',
    ]);
    connection.close();
    assert.equal(await signalsUpgradeStatus(backend.baseUrl, user), 101);
    // No token, and a valid service token, are refused before any WebSocket opens (1.57's signals plugin takes
    // only user principals: 401 without credentials, 403 for a service).
    assert.equal(await signalsUpgradeStatus(backend.baseUrl), 401);
    const serviceStatus = await signalsUpgradeStatus(
      backend.baseUrl,
      backend.serviceToken,
    );
    assert.ok(
      serviceStatus === 401 || serviceStatus === 403,
      String(serviceStatus),
    );
    // A user token with a bad signature: the plugin refuses it itself.
    const forged = `${user.slice(0, user.lastIndexOf('.'))}.AAAA`;
    assert.equal(await signalsUpgradeStatus(backend.baseUrl, forged), 401);
  });

  it('answers 400, not 500, to a catalog refresh of an empty entity ref (packages/backend/src/modules/catalogRefreshRequests.ts)', async () => {
    await waitForCatalog(backend.baseUrl, token, expected);
    const { token: user } = await signIn(backend.baseUrl, 'alice.nakamura');
    const refresh = (entityRef: string) =>
      fetch(`${backend.baseUrl}/api/catalog/refresh`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${user}`,
          'content-type': 'application/json',
        },
        body: JSON.stringify({ entityRef }),
      });
    const empty = await refresh('');
    assert.equal(empty.status, 400);
    assert.match(
      ((await empty.json()) as { error: { message: string } }).error.message,
      /entityRef must not be empty/,
    );
    // The check passes every other body on to the catalog, which still parses and answers it.
    const known = await refresh('component:default/payments-gateway');
    assert.equal(known.status, 200, await known.text());
  });

  it('keeps its data across a restart', async () => {
    backend = await assertRestartKeepsData(backend, 'sqlite-restart', old =>
      startBackend({
        name: 'foundation-restart',
        dataDir: old.dataDir,
        port: old.port,
      }),
    );
  });
});
