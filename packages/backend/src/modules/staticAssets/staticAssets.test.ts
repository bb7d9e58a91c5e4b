import { createHash } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import {
  isContentHashed,
  loadStaticAssets,
  precompressStaticDir,
  PRECOMPRESSED_DIR,
  type StaticAsset,
} from './assets';
import {
  CACHE_CONTROL_IMMUTABLE,
  createStaticAssetsHandler,
  htmlNoCache,
  negotiateEncoding,
} from './http';

/** Compressible, and not trivially so: a JS-like text with varied numbers. */
function jsLike(lines: number, seed: number): Buffer {
  let s = seed;
  const out: string[] = [];
  for (let i = 0; i < lines; i++) {
    s = (s * 1103515245 + 12345) % 2147483648;
    out.push(`export const v${i} = ${s} + "${(s % 9973).toString(36)}";`);
  }
  return Buffer.from(out.join('\n'));
}

const sha256 = (content: Buffer) =>
  createHash('sha256').update(content).digest('hex');

const MAIN = 'main.0123456789ab.js';
const CHUNK = 'nested/lazy.abcdef012345.chunk.js';
const CSS = 'vendor.fedcba987654.css';
const PNG = 'logo.00112233aabb.png';
const TINY = 'tiny.aaaaaaaaaaaa.js';
const INJECTED = 'module-backstage.bbbbbbbbbbbb.js';
const SECRET = 'the secret outside static';

let root: string;
let dist: string;
let staticDir: string;
const files: Record<string, Buffer> = {};

beforeAll(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'atrium-static-assets-'));
  dist = path.join(root, 'dist');
  staticDir = path.join(dist, 'static');
  fs.mkdirSync(path.join(staticDir, 'nested'), { recursive: true });
  files[MAIN] = jsLike(3000, 1);
  files[CHUNK] = jsLike(500, 2);
  files[CSS] = Buffer.from('.a{color:red}\n'.repeat(200));
  files[PNG] = Buffer.from(
    Array.from({ length: 4096 }, (_, i) => (i * 7919) % 251),
  );
  files[TINY] = Buffer.from('1');
  files[INJECTED] = Buffer.from(
    `const c = "__APP_INJECTED_RUNTIME_CONFIG__";\n${jsLike(100, 3)}`,
  );
  files['runtime.js'] = jsLike(100, 4); // not content-hashed
  files[`${MAIN}.map`] = Buffer.from('{"version":3}'); // a map: the hash in its name is the JS file's
  for (const [name, content] of Object.entries(files)) {
    fs.writeFileSync(path.join(staticDir, name), content);
  }
  fs.writeFileSync(path.join(dist, 'secret.txt'), SECRET);
  fs.writeFileSync(path.join(root, 'outside.cccccccccccc.js'), SECRET);
  // A symbolic link inside static, with a hashed name, to a file outside: never followed.
  fs.symlinkSync(
    path.join(root, 'outside.cccccccccccc.js'),
    path.join(staticDir, 'link.dddddddddddd.js'),
  );
  // And a link to a folder outside.
  fs.symlinkSync(root, path.join(staticDir, 'linked'));
});

afterAll(() => {
  fs.rmSync(root, { recursive: true, force: true });
});

interface RawResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

/** A request with exactly these headers and path (no normalisation, no decompression). */
function request(
  port: number,
  urlPath: string,
  headers: Record<string, string | undefined> = {},
  method = 'GET',
): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: '127.0.0.1',
        port,
        path: urlPath,
        method,
        headers: Object.fromEntries(
          Object.entries(headers).filter(([, v]) => v !== undefined),
        ) as Record<string, string>,
      },
      res => {
        const chunks: Buffer[] = [];
        res.on('data', c => chunks.push(c));
        res.on('end', () =>
          resolve({
            status: res.statusCode!,
            headers: res.headers,
            body: Buffer.concat(chunks),
          }),
        );
      },
    );
    req.on('error', reject);
    req.end();
  });
}

/**
 * The handlers in front of a stand-in for app-backend: it answers `/catalog` like app-backend's SPA fallback
 * (HTML, `no-store, max-age=0`, an ETag and 304 on a match), `/data.json` with JSON and `no-store`, and
 * everything else with 404 and `x-fallthrough`.
 */
async function startServer(assets: ReadonlyMap<string, StaticAsset>) {
  const handler = createStaticAssetsHandler(assets);
  const appBackend = (req: http.IncomingMessage, res: http.ServerResponse) => {
    if (req.url === '/catalog') {
      res.setHeader('Content-Type', 'text/html; charset=utf-8');
      res.setHeader('Cache-Control', 'no-store, max-age=0');
      res.setHeader('ETag', 'W/"index"');
      if (req.headers['if-none-match'] === 'W/"index"') {
        // As express's res.send does for a fresh request: 304 without Content-Type.
        res.removeHeader('Content-Type');
        res.statusCode = 304;
        res.end();
        return;
      }
      res.end('<!doctype html><title>Atrium</title>');
      return;
    }
    if (req.url === '/data.json') {
      res.setHeader('Content-Type', 'application/json');
      res.setHeader('Cache-Control', 'no-store, max-age=0');
      res.end('{}');
      return;
    }
    res.statusCode = 404;
    res.setHeader('x-fallthrough', '1');
    res.end('fallthrough');
  };
  const server = http.createServer((req, res) =>
    htmlNoCache(req, res, () =>
      handler(req, res, err => {
        if (err) throw err;
        appBackend(req, res);
      }),
    ),
  );
  await new Promise<void>(r => server.listen(0, '127.0.0.1', r));
  return {
    port: (server.address() as AddressInfo).port,
    close: () => new Promise<void>(r => server.close(() => r())),
  };
}

describe('isContentHashed', () => {
  it.each([
    ['main.942176778ed8.js', true],
    ['1052.785cfc669d94.chunk.js', true],
    ['2530.2530.e96a97f91d26.css', true],
    ['react-syntax-highlighter/lowlight-import.892dade3a501.chunk.js', true],
    ['mic-drop.f832115f2e81.svg', true],
    ['main.942176778ed8.js.map', false],
    ['runtime.js', false],
    ['main.94217677.js', false],
    ['942176778ed8.js', false],
  ])('%s: %s', (name, expected) => {
    expect(isContentHashed(name)).toBe(expected);
  });
});

describe('negotiateEncoding', () => {
  const both = ['br', 'gzip'] as const;
  it.each([
    [undefined, both, 'identity'],
    ['', both, 'identity'],
    ['gzip, deflate, br', both, 'br'],
    ['gzip, deflate, br, zstd', both, 'br'],
    ['BR', both, 'br'],
    ['br;q=0, gzip', both, 'gzip'],
    ['br; q=0.0, gzip', both, 'gzip'],
    ['gzip;q=0.5, br;q=0.4', both, 'gzip'],
    ['br;q=0.5, identity', both, 'identity'],
    ['x-gzip', both, 'gzip'],
    ['*', both, 'br'],
    ['*;q=0.5, br;q=0', both, 'gzip'],
    ['deflate', both, 'identity'],
    ['br, gzip', ['gzip'], 'gzip'],
    ['br, gzip', [], 'identity'],
    // Nothing acceptable: identity all the same.
    ['identity;q=0, br;q=0, gzip;q=0', both, 'identity'],
    ['*;q=0', both, 'identity'],
    ['identity;q=0, gzip', both, 'gzip'],
  ] as const)('%p of %p: %s', (header, available, expected) => {
    expect(negotiateEncoding(header, available)).toBe(expected);
  });
});

describe('the static assets handler', () => {
  let server: Awaited<ReturnType<typeof startServer>>;
  let assets: Map<string, StaticAsset>;
  let stats: Awaited<ReturnType<typeof loadStaticAssets>>['stats'];

  beforeAll(async () => {
    // The build step's output for MAIN's brotli only, and a gzip variant of content no file has any more.
    const pre = path.join(dist, PRECOMPRESSED_DIR);
    fs.mkdirSync(pre, { recursive: true });
    fs.writeFileSync(
      path.join(pre, `${sha256(files[MAIN])}.br`),
      zlib.brotliCompressSync(files[MAIN]),
    );
    fs.writeFileSync(
      path.join(pre, `${sha256(Buffer.from('an earlier build'))}.gz`),
      zlib.gzipSync('an earlier build'),
    );
    ({ assets, stats } = await loadStaticAssets({
      staticDir,
      precompressedDir: pre,
      exclude: content =>
        content.includes('__APP_INJECTED_RUNTIME_CONFIG__') ||
        content.includes('__APP_INJECTED_CONFIG_MARKER__'),
    }));
    server = await startServer(assets);
  });
  afterAll(async () => {
    await server.close();
    fs.rmSync(path.join(dist, PRECOMPRESSED_DIR), {
      recursive: true,
      force: true,
    });
  });

  it('holds the content-hashed files only, with the build step’s variants for their exact bytes', () => {
    expect([...assets.keys()].sort()).toEqual(
      [CHUNK, CSS, MAIN, PNG, TINY].sort(),
    );
    expect(stats.excluded).toEqual([INJECTED]);
    // MAIN's brotli came from the build step; all other variants were made at startup.
    expect(stats.variantsFromBuild).toBe(1);
    expect(stats.variantsAtStartup).toBe(7);
    expect(assets.get(TINY)!.variants).toEqual({});
    expect(assets.get(PNG)!.variants).toEqual({});
  });

  it('serves brotli when accepted, byte-exact, immutable, with validators', async () => {
    const res = await request(server.port, `/static/${MAIN}`, {
      'accept-encoding': 'gzip, deflate, br',
    });
    expect(res.status).toBe(200);
    expect(res.headers['content-encoding']).toBe('br');
    expect(res.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(res.headers['cache-control']).toBe(
      'public, max-age=31536000, immutable',
    );
    expect(res.headers['cache-control']).toBe(CACHE_CONTROL_IMMUTABLE);
    expect(res.headers.vary).toBe('Accept-Encoding');
    expect(res.headers.etag).toMatch(/^"[\w-]+-br"$/);
    expect(
      new Date(res.headers['last-modified']!).getTime(),
    ).toBeLessThanOrEqual(Date.now());
    expect(Number(res.headers['content-length'])).toBe(res.body.length);
    expect(res.body.length).toBeLessThan(files[MAIN].length / 2);
    expect(zlib.brotliDecompressSync(res.body).equals(files[MAIN])).toBe(true);
  });

  it('serves gzip when brotli is not accepted, byte-exact', async () => {
    for (const accept of ['gzip, deflate', 'br;q=0, gzip', 'x-gzip']) {
      const res = await request(server.port, `/static/${MAIN}`, {
        'accept-encoding': accept,
      });
      expect(res.headers['content-encoding']).toBe('gzip');
      expect(res.headers.etag).toMatch(/-gzip"$/);
      expect(zlib.gunzipSync(res.body).equals(files[MAIN])).toBe(true);
    }
    const css = await request(server.port, `/static/${CSS}`, {
      'accept-encoding': 'gzip',
    });
    expect(css.headers['content-type']).toBe('text/css; charset=utf-8');
    expect(zlib.gunzipSync(css.body).equals(files[CSS])).toBe(true);
  });

  it('serves identity without Accept-Encoding, with identity preferred, or when nothing we hold is accepted', async () => {
    for (const headers of [
      {},
      { 'accept-encoding': 'deflate' },
      { 'accept-encoding': 'br;q=0.1, identity' },
      { 'accept-encoding': 'identity;q=0, br;q=0, gzip;q=0' },
    ]) {
      const res = await request(server.port, `/static/${MAIN}`, headers);
      expect(res.status).toBe(200);
      expect(res.headers['content-encoding']).toBeUndefined();
      expect(res.headers['cache-control']).toBe(CACHE_CONTROL_IMMUTABLE);
      expect(res.headers.vary).toBe('Accept-Encoding');
      expect(res.body.equals(files[MAIN])).toBe(true);
    }
  });

  it('serves nested files, and files that compression does not pay for as they are', async () => {
    const chunk = await request(server.port, `/static/${CHUNK}`, {
      'accept-encoding': 'br',
    });
    expect(zlib.brotliDecompressSync(chunk.body).equals(files[CHUNK])).toBe(
      true,
    );
    for (const name of [PNG, TINY]) {
      const res = await request(server.port, `/static/${name}`, {
        'accept-encoding': 'br, gzip',
      });
      expect(res.status).toBe(200);
      expect(res.headers['content-encoding']).toBeUndefined();
      expect(res.headers['cache-control']).toBe(CACHE_CONTROL_IMMUTABLE);
      expect(res.body.equals(files[name])).toBe(true);
    }
    expect(
      (await request(server.port, `/static/${PNG}`)).headers['content-type'],
    ).toBe('image/png');
  });

  it('answers HEAD with the headers and no body', async () => {
    const res = await request(
      server.port,
      `/static/${MAIN}`,
      { 'accept-encoding': 'br' },
      'HEAD',
    );
    expect(res.status).toBe(200);
    expect(res.headers['content-encoding']).toBe('br');
    expect(Number(res.headers['content-length'])).toBe(
      assets.get(MAIN)!.variants.br!.length,
    );
    expect(res.body.length).toBe(0);
  });

  it('answers conditional requests with 304 for the same variant', async () => {
    const first = await request(server.port, `/static/${MAIN}`, {
      'accept-encoding': 'br',
    });
    const etag = first.headers.etag!;
    for (const headers of [
      { 'accept-encoding': 'br', 'if-none-match': etag },
      { 'accept-encoding': 'br', 'if-none-match': `"other", W/${etag}` },
      { 'accept-encoding': 'br', 'if-none-match': '*' },
      {
        'accept-encoding': 'br',
        'if-modified-since': first.headers['last-modified']!,
      },
    ]) {
      const res = await request(server.port, `/static/${MAIN}`, headers);
      expect(res.status).toBe(304);
      expect(res.body.length).toBe(0);
      expect(res.headers.etag).toBe(etag);
      expect(res.headers['cache-control']).toBe(CACHE_CONTROL_IMMUTABLE);
      expect(res.headers.vary).toBe('Accept-Encoding');
    }
    // The gzip variant is another representation: its ETag differs, so the br one does not validate it.
    const gz = await request(server.port, `/static/${MAIN}`, {
      'accept-encoding': 'gzip',
      'if-none-match': etag,
    });
    expect(gz.status).toBe(200);
    expect(gz.headers['content-encoding']).toBe('gzip');
    // If-None-Match takes precedence over If-Modified-Since.
    const stale = await request(server.port, `/static/${MAIN}`, {
      'accept-encoding': 'br',
      'if-none-match': '"other"',
      'if-modified-since': first.headers['last-modified']!,
    });
    expect(stale.status).toBe(200);
  });

  it('leaves everything else to the next handler', async () => {
    for (const url of [
      '/static/runtime.js',
      `/static/${MAIN}.map`,
      `/static/${INJECTED}`,
      '/static/missing.0123456789ab.js',
      `/static/link.dddddddddddd.js`,
      '/static/linked/outside.cccccccccccc.js',
      '/static/',
      '/static',
      `/${MAIN}`,
      `/other/static/${MAIN}`,
      '/static/%E0%A4%A', // malformed escape
    ]) {
      const res = await request(server.port, url, { 'accept-encoding': 'br' });
      expect({ url, status: res.status }).toEqual({ url, status: 404 });
      expect(res.headers['x-fallthrough']).toBe('1');
    }
    const post = await request(server.port, `/static/${MAIN}`, {}, 'POST');
    expect(post.headers['x-fallthrough']).toBe('1');
  });

  it('never serves a file outside the static folder', async () => {
    for (const url of [
      '/static/../secret.txt',
      '/static/%2e%2e/secret.txt',
      '/static/%2E%2E%2Fsecret.txt',
      '/static/..%2fsecret.txt',
      '/static/nested/../../secret.txt',
      '/static/../../outside.cccccccccccc.js',
      '/static/%2e%2e/%2e%2e/outside.cccccccccccc.js',
      `/static/${encodeURIComponent(
        path.join(root, 'outside.cccccccccccc.js'),
      )}`,
      `/static/${path.join(root, 'outside.cccccccccccc.js')}`,
      '/static//etc/passwd',
      '/static/%2Fetc%2Fpasswd',
      '/static/..\\secret.txt',
    ]) {
      const res = await request(server.port, url, { 'accept-encoding': 'br' });
      expect({ url, status: res.status }).toEqual({ url, status: 404 });
      expect(res.body.toString()).toBe('fallthrough');
    }
  });

  it('turns app-backend’s no-store on HTML into no-cache, and leaves other responses alone', async () => {
    const page = await request(server.port, '/catalog');
    expect(page.status).toBe(200);
    expect(page.headers['cache-control']).toBe('no-cache');
    const revalidated = await request(server.port, '/catalog', {
      'if-none-match': page.headers.etag!,
    });
    expect(revalidated.status).toBe(304);
    expect(revalidated.headers['cache-control']).toBe('no-cache');
    const json = await request(server.port, '/data.json');
    expect(json.headers['cache-control']).toBe('no-store, max-age=0');
    const asset = await request(server.port, `/static/${MAIN}`);
    expect(asset.headers['cache-control']).toBe(CACHE_CONTROL_IMMUTABLE);
  });
});

describe('precompressStaticDir', () => {
  it('writes brotli and gzip variants that the loader takes, for the bytes they were made from only', async () => {
    const pre = path.join(root, 'precompressed');
    const result = await precompressStaticDir({
      staticDir,
      precompressedDir: pre,
    });
    // MAIN, CHUNK, CSS, TINY and INJECTED (the loader decides what to leave out); not the PNG, map or runtime.js.
    expect(result.files).toBe(5);
    expect(result.bytes.identity).toBe(
      [MAIN, CHUNK, CSS, TINY, INJECTED].reduce(
        (n, f) => n + files[f].length,
        0,
      ),
    );
    expect(result.bytes.br).toBeLessThan(result.bytes.gzip);
    expect(
      zlib
        .brotliDecompressSync(
          fs.readFileSync(path.join(pre, `${sha256(files[CHUNK])}.br`)),
        )
        .equals(files[CHUNK]),
    ).toBe(true);
    expect(
      zlib
        .gunzipSync(fs.readFileSync(path.join(pre, `${sha256(files[CSS])}.gz`)))
        .equals(files[CSS]),
    ).toBe(true);
    expect(fs.readdirSync(pre)).toHaveLength(10);

    const all = await loadStaticAssets({ staticDir, precompressedDir: pre });
    expect(all.stats.variantsAtStartup).toBe(0);
    expect(all.stats.variantsFromBuild).toBe(10);
    expect(all.stats.excluded).toEqual([]);
    expect(all.assets.get(MAIN)!.variants.br).toEqual(
      fs.readFileSync(path.join(pre, `${sha256(files[MAIN])}.br`)),
    );

    // A file that changed since (as app-backend's config injection changes one in place) finds no variant
    // for its new bytes: they are compressed again.
    const changed = Buffer.concat([files[CHUNK], Buffer.from('\n// changed')]);
    fs.writeFileSync(path.join(staticDir, CHUNK), changed);
    try {
      const after = await loadStaticAssets({
        staticDir,
        precompressedDir: pre,
      });
      expect(after.stats.variantsAtStartup).toBe(2);
      expect(after.stats.variantsFromBuild).toBe(8);
      const chunk = after.assets.get(CHUNK)!;
      expect(
        zlib.brotliDecompressSync(chunk.variants.br!).equals(changed),
      ).toBe(true);
      expect(zlib.gunzipSync(chunk.variants.gzip!).equals(changed)).toBe(true);
    } finally {
      fs.writeFileSync(path.join(staticDir, CHUNK), files[CHUNK]);
    }
  });
});
