/**
 * The stock-style catalog of tests/fixtures/stock-catalog: its files made concrete in a temporary folder, the
 * loopback servers that stand in for other hosts (the catalog served over HTTP, the host the absolute
 * placeholders read, the picture service), the config that loads it, and what the YAML implies.
 */
import {
  cpSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  writeFileSync,
} from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { extname, join, normalize, resolve } from 'node:path';
import { demoCatalogWith, EVERY_KIND_RULE } from './demo.ts';
import { ROOT } from './paths.ts';

export const FIXTURE = resolve(ROOT, 'tests/fixtures/stock-catalog');

/** A 1 × 1 PNG: what the picture service answers for every picture. */
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==',
  'base64',
);

export interface LoopbackServer {
  origin: string;
  /** The paths asked for so far. */
  requests: string[];
  close(): Promise<void>;
}

/** Serves `answer(path)` on 127.0.0.1 at a spare port; 404 where it returns undefined. */
async function serve(
  answer: (path: string) => { type: string; body: Buffer } | undefined,
): Promise<LoopbackServer> {
  const requests: string[] = [];
  const server: Server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    requests.push(path);
    const found = answer(path);
    if (!found) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return;
    }
    res
      .writeHead(200, {
        'content-type': found.type,
        'cache-control': 'no-store',
      })
      .end(found.body);
  });
  await new Promise<void>(r => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>(r => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}

/** Files under `root`, never outside it. */
function serveDir(root: string) {
  return serve(path => {
    const file = normalize(join(root, decodeURIComponent(path)));
    if (!file.startsWith(root)) return undefined;
    try {
      const type = extname(file) === '.json' ? 'application/json' : 'text/yaml';
      return { type, body: readFileSync(file) };
    } catch {
      return undefined;
    }
  });
}

export interface StockCatalog {
  /** The concrete copy: `<dir>/catalog/all.yaml` is the root location. */
  dir: string;
  root: string;
  /** The catalog folder over HTTP (`<origin>/all.yaml`). */
  catalogHost: LoopbackServer;
  /** What the absolute placeholders read. */
  remote: LoopbackServer;
  pictures: LoopbackServer;
  close(): Promise<void>;
}

function substitute(dir: string, values: Record<string, string>) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) substitute(path, values);
    else {
      let text = readFileSync(path, 'utf8');
      for (const [token, value] of Object.entries(values))
        text = text.split(token).join(value);
      writeFileSync(path, text);
    }
  }
}

/** Copies the fixture, starts its three servers and writes their origins into the copy. */
export async function prepareStockCatalog(): Promise<StockCatalog> {
  const dir = mkdtempSync(join(tmpdir(), 'atrium-stock-catalog-'));
  cpSync(FIXTURE, dir, { recursive: true });
  const remote = await serveDir(join(dir, 'remote'));
  const pictures = await serve(path =>
    /^\/(users|groups)\/[a-z-]+\.png$/.test(path)
      ? { type: 'image/png', body: PNG }
      : undefined,
  );
  substitute(join(dir, 'catalog'), {
    __REMOTE__: remote.origin,
    __PICTURES__: pictures.origin,
  });
  const catalogHost = await serveDir(join(dir, 'catalog'));
  return {
    dir,
    root: join(dir, 'catalog', 'all.yaml'),
    catalogHost,
    remote,
    pictures,
    close: async () => {
      await Promise.all([catalogHost, remote, pictures].map(s => s.close()));
    },
  };
}

/**
 * Config that loads the demo org (to sign in with) and the stock catalog, as files or over HTTP; lets the URL
 * reader read the remote host (and the catalog's host for HTTP), and lets browsers show the pictures.
 */
export function stockCatalogConfig(
  stock: StockCatalog,
  via: 'file' | 'url',
  options: { imgSrc?: boolean } = {},
) {
  const demo = demoCatalogWith([]).catalog.locations.filter((l: any) =>
    String(l.target).endsWith('demo/org.yaml'),
  );
  const location =
    via === 'file'
      ? { type: 'file', target: stock.root }
      : { type: 'url', target: `${stock.catalogHost.origin}/all.yaml` };
  const hosts = [stock.remote, ...(via === 'url' ? [stock.catalogHost] : [])];
  return {
    catalog: {
      // Nested locations' entities fall under the global rules: a stock catalog brings every kind.
      rules: [EVERY_KIND_RULE],
      locations: [...demo, location],
    },
    backend: {
      reading: { allow: hosts.map(h => ({ host: new URL(h.origin).host })) },
      ...(options.imgSrc === false
        ? {}
        : { csp: { 'img-src': ["'self'", 'data:', stock.pictures.origin] } }),
    },
  };
}
