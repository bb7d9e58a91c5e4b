// The static assets handler's answers, in front of a stand-in for app-backend.
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import {
  loadStaticAssets,
  PRECOMPRESSED_DIR,
  type StaticAsset,
} from './assets';
import { CACHE_CONTROL_IMMUTABLE } from './http';
import {
  CHUNK,
  CSS,
  INJECTED,
  MAIN,
  PNG,
  TINY,
  request,
  sha256,
  startServer,
  useBuiltApp,
} from './testing/builtApp';

const { root, dist, staticDir, files } = useBuiltApp();

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
