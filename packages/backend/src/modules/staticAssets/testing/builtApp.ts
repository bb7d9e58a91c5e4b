/*
 * The static assets tests' built app and server: a temporary dist/ (useBuiltApp), raw HTTP requests, and the
 * handlers in front of a stand-in for app-backend (startServer).
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { StaticAsset } from '../assets';
import { createStaticAssetsHandler, htmlNoCache } from '../http';

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

export const sha256 = (content: Buffer) =>
  createHash('sha256').update(content).digest('hex');

export const MAIN = 'main.0123456789ab.js';
export const CHUNK = 'nested/lazy.abcdef012345.chunk.js';
export const CSS = 'vendor.fedcba987654.css';
export const PNG = 'logo.00112233aabb.png';
export const TINY = 'tiny.aaaaaaaaaaaa.js';
export const INJECTED = 'module-backstage.bbbbbbbbbbbb.js';
export const SECRET = 'the secret outside static';

/**
 * A built app's `dist/` in a temporary folder, made before the calling file's tests and removed after them:
 * `static/` with the files above (content-hashed and not, nested, a source map, a tiny file, one with the
 * injected config marker), a secret beside `static/` and outside `dist/`, and symbolic links out of `static/`.
 */
export function useBuiltApp() {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'atrium-static-assets-'));
  const dist = path.join(root, 'dist');
  const staticDir = path.join(dist, 'static');
  const files: Record<string, Buffer> = {};

  beforeAll(() => {
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

  return { root, dist, staticDir, files };
}

export interface RawResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

/** A request with exactly these headers and path (no normalisation, no decompression). */
export function request(
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
export async function startServer(assets: ReadonlyMap<string, StaticAsset>) {
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
