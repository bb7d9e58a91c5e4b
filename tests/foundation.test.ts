// The foundation: one Backstage release, a backend that starts with its embedded defaults and ingests the demo
// organisation, API routes closed to anonymous callers, and data that survives a restart.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import {
  assertRestartKeepsData,
  guestToken,
  startBackend,
  waitForCatalog,
  type Backend,
} from './lib/backend.ts';
import { demoEntities, demoKindCounts } from './lib/demo.ts';
import { ROOT } from './lib/paths.ts';
import { apiRoutes, backendPlugins } from './lib/routes.ts';

/**
 * Sign-in lives under /api/auth. Not sign-in: the routes every plugin carries for other backends, and the
 * signed-in user's own info.
 */
const isSignInPath = (url: string) =>
  url.startsWith('/api/auth/') &&
  !/^\/api\/auth\/(\.backstage\/|\.well-known\/backstage\/|v1\/userinfo)/.test(
    url,
  );

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
    token = await guestToken(backend.baseUrl);
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
    const apis = demoEntities().filter(e => e.kind === 'API');
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
      if (isSignInPath(url)) continue;
      if (res.status !== 401) open.push(`${method} ${url} -> ${res.status}`);
    }
    assert.deepEqual(open, []);
    assert.ok(routes.length > 60, `probed ${routes.length} routes`);

    // The sign-in endpoints and the frontend at / stay reachable.
    assert.equal((await fetch(`${backend.baseUrl}/`)).status, 200);
    const refresh = await fetch(`${backend.baseUrl}/api/auth/guest/refresh`, {
      method: 'POST',
      headers: { 'x-requested-with': 'XMLHttpRequest' },
    });
    assert.equal(refresh.status, 200);
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
