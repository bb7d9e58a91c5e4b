import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Coding, StaticAsset } from './assets';

/** Content-hashed files never change under their name: a year, and no revalidation while fresh. */
export const CACHE_CONTROL_IMMUTABLE = 'public, max-age=31536000, immutable';
/** The entry point: cacheable, but revalidated (ETag → 304) before every use, so a deploy shows at once. */
export const CACHE_CONTROL_REVALIDATE = 'no-cache';
/** What `@backstage/plugin-app-backend` sets on index.html and the SPA fallback (its lib/headers.ts). */
const APP_BACKEND_NO_STORE = 'no-store, max-age=0';

type Next = (err?: unknown) => void;
export type Encoding = Coding | 'identity';

/**
 * Picks the encoding for a response from the request's Accept-Encoding (RFC 9110 §12.5.3) among those
 * `available`: the highest q wins, ties go to br, then gzip, then identity. A coding that is not listed is
 * not acceptable, except identity, which is (with the lowest q listed) unless `identity;q=0` (or `*;q=0`
 * without `identity`) excludes it. Without the header, identity. When nothing is acceptable, identity, as
 * the RFC advises.
 */
export function negotiateEncoding(
  acceptEncoding: string | undefined,
  available: readonly Coding[],
): Encoding {
  if (acceptEncoding === undefined) return 'identity';
  const q = new Map<string, number>();
  for (const part of acceptEncoding.split(',')) {
    const [token, ...params] = part.split(';').map(s => s.trim());
    if (!token) continue;
    let weight = 1;
    for (const param of params) {
      const m = /^q\s*=\s*([0-9.]+)$/i.exec(param);
      if (m) weight = Math.min(1, Number(m[1]) || 0);
    }
    const coding =
      token.toLowerCase() === 'x-gzip' ? 'gzip' : token.toLowerCase();
    q.set(coding, Math.max(weight, q.get(coding) ?? 0));
  }
  const star = q.get('*');
  // Unlisted identity stays acceptable, as the least preferred of what the client listed (as npm negotiator).
  const positive = [...q.values()].filter(w => w > 0);
  const implicitIdentity = positive.length ? Math.min(...positive) : 1;
  const weightOf = (coding: Encoding) =>
    q.get(coding) ?? star ?? (coding === 'identity' ? implicitIdentity : 0);
  let best: Encoding = 'identity';
  let bestWeight = 0;
  for (const coding of [...(['br', 'gzip'] as const), 'identity' as const]) {
    if (coding !== 'identity' && !available.includes(coding)) continue;
    const weight = weightOf(coding);
    if (weight > bestWeight) {
      best = coding;
      bestWeight = weight;
    }
  }
  return best;
}

/** The path under `/static/` of a request URL (relative to where the handler is mounted), decoded. */
function staticPathOf(url: string | undefined): string | undefined {
  if (!url) return undefined;
  const end = url.search(/[?#]/);
  const pathname = end < 0 ? url : url.slice(0, end);
  if (!pathname.startsWith('/static/')) return undefined;
  try {
    return decodeURIComponent(pathname.slice('/static/'.length));
  } catch {
    return undefined;
  }
}

/** If-None-Match (weak comparison, `*`), else If-Modified-Since, as RFC 9110 §13.2.2 orders them. */
function isNotModified(
  req: IncomingMessage,
  etag: string,
  lastModified: Date,
): boolean {
  const ifNoneMatch = req.headers['if-none-match'];
  if (ifNoneMatch !== undefined) {
    const opaque = (tag: string) => tag.trim().replace(/^W\//, '');
    return ifNoneMatch
      .split(',')
      .some(tag => tag.trim() === '*' || opaque(tag) === etag);
  }
  const since = Date.parse(req.headers['if-modified-since'] ?? '');
  return (
    !Number.isNaN(since) &&
    Math.floor(lastModified.getTime() / 1000) <= Math.floor(since / 1000)
  );
}

/**
 * Serves `GET`/`HEAD /static/<path>` for the files in `assets` (and only those: a request is looked up by its
 * decoded path among the files listed at startup, so `..`, `%2e%2e` or an absolute path never reaches the
 * file system), each immutable, in the best encoding the request accepts. Anything else goes to `next`.
 */
export function createStaticAssetsHandler(
  assets: ReadonlyMap<string, StaticAsset>,
) {
  return (req: IncomingMessage, res: ServerResponse, next: Next): void => {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      next();
      return;
    }
    const staticPath = staticPathOf(req.url);
    const asset = staticPath === undefined ? undefined : assets.get(staticPath);
    if (!asset) {
      next();
      return;
    }

    const encoding = negotiateEncoding(
      req.headers['accept-encoding'],
      Object.keys(asset.variants) as Coding[],
    );
    const body =
      encoding === 'identity' ? asset.content : asset.variants[encoding]!;
    const etag = `"${asset.hash}${
      encoding === 'identity' ? '' : `-${encoding}`
    }"`;

    res.setHeader('Cache-Control', CACHE_CONTROL_IMMUTABLE);
    res.setHeader('Vary', 'Accept-Encoding');
    res.setHeader('ETag', etag);
    res.setHeader('Last-Modified', asset.lastModified.toUTCString());
    if (isNotModified(req, etag, asset.lastModified)) {
      res.statusCode = 304;
      res.end();
      return;
    }
    res.setHeader('Content-Type', asset.type);
    res.setHeader('Content-Length', body.length);
    if (encoding === 'identity') {
      // The backend's compression middleware (in front of every route) would otherwise compress this response
      // per request for a client that accepts only a coding we hold no variant for (deflate).
      req.headers['accept-encoding'] = 'identity';
    } else {
      res.setHeader('Content-Encoding', encoding);
    }
    res.statusCode = 200;
    res.end(req.method === 'HEAD' ? undefined : body);
  };
}

/**
 * app-backend answers index.html and the SPA's HTML fallback (`/catalog/...`) with `no-store, max-age=0`,
 * which keeps browsers from storing the page at all. This middleware, in front of app-backend's routes, turns
 * that into `no-cache` on HTML responses (and on their 304s, which carry no Content-Type): browsers may keep
 * the page, but revalidate it (ETag) before each use, so a deploy is seen on the next load. It changes the
 * header just before the response head is written, whoever wrote the response.
 */
export function htmlNoCache(
  _req: IncomingMessage,
  res: ServerResponse,
  next: Next,
): void {
  const writeHead = res.writeHead;
  res.writeHead = function writeHeadNoCache(
    this: ServerResponse,
    ...args: unknown[]
  ) {
    const type = String(res.getHeader('Content-Type') ?? '');
    const status = typeof args[0] === 'number' ? args[0] : res.statusCode;
    if (
      !res.headersSent &&
      res.getHeader('Cache-Control') === APP_BACKEND_NO_STORE &&
      (type.startsWith('text/html') || status === 304)
    ) {
      res.setHeader('Cache-Control', CACHE_CONTROL_REVALIDATE);
    }
    return (writeHead as (...a: unknown[]) => ServerResponse).apply(this, args);
  } as ServerResponse['writeHead'];
  next();
}
