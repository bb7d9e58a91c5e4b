import express from 'express';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createSsrHandler } from './module';
import { BOOT_SCRIPT_PATH, bootScript } from './appAfterPaint';

/**
 * The SSR handler against a loopback stand-in for the GraphQL gateway (named so; the real gateway is in
 * tests/ssr.test.ts), with stand-ins for Backstage's auth services: what it serves when rendering works, and
 * that the plain app is served whenever it does not.
 */
const INDEX =
  '<!doctype html><html><head><title>Atrium</title>' +
  '<script defer="defer" src="/static/runtime.1.js"></script><script defer="defer" src="/static/main.2.js"></script>' +
  '<link href="/static/vendor.3.css" rel="stylesheet"></head><body><div id="root"></div></body></html>';

type Mode = 'ok' | 'error' | 'hang';

const PAYLOAD = '</script><script>alert(1)</script>';
const facet = (value: string, count: number) => ({
  __typename: 'FacetCount',
  value,
  count,
});
const CATALOG_ANSWER = {
  catalog: {
    __typename: 'CatalogList',
    totalCount: 1,
    nextCursor: 'next-1',
    prevCursor: null,
    items: [
      {
        __typename: 'CatalogItem',
        starred: true,
        entity: {
          __typename: 'Entity',
          id: 'api:default/probe',
          ref: 'api:default/probe',
          kind: 'API',
          namespace: 'default',
          name: 'probe',
          title: `Probe ${PAYLOAD}`,
          description: PAYLOAD,
          type: 'openapi',
          lifecycle: 'production',
          tags: ['java'],
          owner: null,
        },
      },
    ],
    facets: {
      __typename: 'CatalogFacets',
      kind: [facet('API', 1), facet('Component', 3)],
      type: [facet('openapi', 1)],
      owner: [],
      lifecycle: [facet('production', 1)],
      tags: [facet('java', 1)],
      mine: 0,
      starred: 1,
    },
  },
};

describe('createSsrHandler', () => {
  let gateway: http.Server;
  let gatewayUrl: string;
  let mode: Mode = 'ok';
  const hanging: http.ServerResponse[] = [];
  /** The variables of each catalog list query the stand-in was asked. */
  const catalogVariables: unknown[] = [];

  beforeAll(async () => {
    gateway = http.createServer((req, res) => {
      let body = '';
      req.on('data', c => (body += c));
      req.on('end', () => {
        if (mode === 'hang') {
          hanging.push(res);
          return;
        }
        if (mode === 'error') {
          res.writeHead(500, { 'content-type': 'application/json' });
          res.end(JSON.stringify({ errors: [{ message: 'boom' }] }));
          return;
        }
        res.writeHead(200, { 'content-type': 'application/json' });
        const request = JSON.parse(body);
        if (request.operationName === 'AtriumCatalogList') {
          catalogVariables.push(request.variables);
          res.end(JSON.stringify({ data: CATALOG_ANSWER }));
          return;
        }
        res.end(
          JSON.stringify({
            data: {
              viewer: {
                __typename: 'Viewer',
                userRef: 'user:default/alice',
                user: null,
                groups: [],
                owned: { __typename: 'EntityPage', totalItems: 0, items: [] },
              },
            },
          }),
        );
      });
    });
    await new Promise<void>(r => gateway.listen(0, '127.0.0.1', r));
    gatewayUrl = `http://127.0.0.1:${(gateway.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    hanging.forEach(r => r.destroy());
    await new Promise(r => gateway.close(r));
  });

  async function serve(options: { signedIn: boolean; timeoutMs?: number }) {
    const warnings: string[] = [];
    const handler = createSsrHandler({
      logger: { warn: (m: string) => warnings.push(m) } as any,
      httpAuth: {
        credentials: async () => {
          if (!options.signedIn) throw new Error('Missing credentials');
          return {
            principal: { type: 'user', userEntityRef: 'user:default/alice' },
          };
        },
      } as any,
      auth: { getPluginRequestToken: async () => ({ token: 't' }) } as any,
      discovery: { getBaseUrl: async () => gatewayUrl } as any,
      timeoutMs: options.timeoutMs ?? 2000,
      organizationName: 'Larkspur & Co',
      readIndexHtml: async () => INDEX,
    });
    const app = express();
    app.use(handler);
    app.get('/*', (_req, res) => res.send('the plain app'));
    const server = app.listen(0, '127.0.0.1');
    await new Promise(r => server.once('listening', r));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    return {
      get: async (path: string) => {
        const res = await fetch(`${url}${path}`, {
          headers: { accept: 'text/html' },
        });
        return { res, text: await res.text() };
      },
      url,
      warnings,
      close: () => new Promise(r => server.close(r)),
    };
  }

  it('renders Home into the app HTML for a signed-in browser', async () => {
    mode = 'ok';
    const s = await serve({ signedIn: true });
    const { res, text } = await s.get('/');
    expect(res.headers.get('x-atrium-ssr')).toBe('home');
    expect(res.headers.get('cache-control')).toBe('private, no-cache');
    expect(text).toContain('<div id="atrium-ssr" data-page="home">');
    expect(text).toContain('Welcome, user:default/alice');
    expect(text).toContain('id="atrium-apollo-state"');
    // The layer paints before the app's stylesheet and scripts are loaded (appAfterPaint.ts).
    const head = text.slice(0, text.indexOf('</head>'));
    expect(head).not.toContain('rel="stylesheet"');
    expect(head).not.toMatch(/<script defer="defer"/);
    expect(head).toContain(`<script defer src="${BOOT_SCRIPT_PATH}">`);
    const at = (part: string) => text.indexOf(part);
    expect(at('<div id="atrium-ssr"')).toBeLessThan(at('vendor.3.css'));
    expect(at('vendor.3.css')).toBeLessThan(at('<div id="root">'));
    await s.close();
  });

  it('serves its boot script, cacheable for good, whatever the browser accepts', async () => {
    const s = await serve({ signedIn: false });
    const res = await fetch(`${s.url}${BOOT_SCRIPT_PATH}`, {
      headers: { accept: '*/*' },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/javascript/);
    expect(res.headers.get('cache-control')).toContain('immutable');
    expect(await res.text()).toBe(bootScript());
    await s.close();
  });

  it('serves the plain app when the gateway fails, hangs, or nobody is signed in', async () => {
    for (const [m, signedIn] of [
      ['error', true],
      ['hang', true],
      ['ok', false],
    ] as Array<[Mode, boolean]>) {
      mode = m;
      const s = await serve({ signedIn, timeoutMs: 300 });
      const { res, text } = await s.get('/catalog/default/component/x');
      expect(text).toBe('the plain app');
      expect(res.headers.get('x-atrium-ssr')).toBe(
        signedIn ? 'fallback' : null,
      );
      expect(s.warnings.length).toBe(signedIn ? 1 : 0);
      await s.close();
    }
  });

  it("renders the catalog list's view from the query string, its text escaped", async () => {
    mode = 'ok';
    catalogVariables.length = 0;
    const s = await serve({ signedIn: true });
    const { res, text } = await s.get(
      '/catalog?kind=API&type=openapi&tags=java&q=%20probe%20&sort=owner&order=desc&after=c1',
    );
    expect(res.headers.get('x-atrium-ssr')).toBe('catalog');
    expect(catalogVariables).toEqual([
      {
        filter: {
          kind: 'api',
          type: ['openapi'],
          tags: ['java'],
          text: 'probe',
        },
        sort: { field: 'OWNER', order: 'DESC' },
        first: 25,
        after: 'c1',
      },
    ]);
    expect(text).toContain(
      '<div id="atrium-ssr" data-page="catalog" data-title="Larkspur &amp; Co Catalog">',
    );
    expect(text).toContain('href="/catalog/default/api/probe"');
    expect(text).toContain('Probe &lt;/script&gt;&lt;script&gt;alert(1)');
    expect(text).not.toContain('<script>alert(1)');
    // The next page's link carries the gateway's cursor and the view.
    expect(text).toMatch(
      /href="\/catalog\?kind=api&amp;type=openapi&amp;tags=java&amp;q=probe&amp;sort=owner&amp;order=desc&amp;after=next-1"/,
    );
    await s.close();
  });

  it('leaves other pages to the app', async () => {
    mode = 'ok';
    const s = await serve({ signedIn: true });
    for (const path of [
      '/catalogs',
      '/catalog/default/component/x/compute',
      '/settings',
    ]) {
      expect((await s.get(path)).text).toBe('the plain app');
    }
    await s.close();
  });
});
