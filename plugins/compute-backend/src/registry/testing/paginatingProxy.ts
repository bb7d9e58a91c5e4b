/*
 * A loopback reverse proxy in front of a registry that paginates `GET /v2/<name>/tags/list` the way the
 * distribution spec describes (and registry v3, GHCR, Harbor, … do): tags in lexical order, `n` and `last` query
 * parameters, and `Link: </v2/<name>/tags/list?n=…&last=…>; rel="next"` while more remain.
 *
 * Needed because Debian's docker-registry (distribution 2.8) ignores `n` on the tags list and always returns
 * every tag in one response. Everything else (auth headers and challenges included) passes through unchanged.
 * Self-contained on purpose: only `node:` imports and erasable TypeScript syntax.
 */
import {
  request as httpRequest,
  type IncomingMessage,
  type ServerResponse,
} from 'node:http';
import { listenOnLoopback } from './loopbackHttp.ts';

export interface PaginatingProxy {
  /** `http://127.0.0.1:<port>` */
  readonly url: string;
  /** Every tags-list request the proxy answered: path and query, in order. */
  readonly tagPageRequests: string[];
  stop(): Promise<void>;
}

const TAGS_LIST = /^\/v2\/(.+)\/tags\/list$/;

export async function startPaginatingProxy(
  upstreamUrl: string,
): Promise<PaginatingProxy> {
  const upstream = new URL(upstreamUrl);
  const tagPageRequests: string[] = [];

  const forward = (
    req: IncomingMessage,
    path: string,
    onResponse: (res: IncomingMessage) => void,
    onError: (error: Error) => void,
  ) => {
    const headers = { ...req.headers, host: upstream.host };
    const out = httpRequest(
      {
        host: upstream.hostname,
        port: upstream.port,
        method: req.method,
        path,
        headers,
        timeout: 10_000,
      },
      onResponse,
    );
    out.on('timeout', () => out.destroy(new Error('upstream timeout')));
    out.on('error', onError);
    req.pipe(out);
  };

  const handle = (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://proxy');
    const fail = (error: Error) => {
      if (!res.headersSent)
        res.writeHead(502, { 'Content-Type': 'text/plain' });
      res.end(String(error));
    };
    const tagsMatch =
      req.method === 'GET' ? TAGS_LIST.exec(url.pathname) : null;
    if (!tagsMatch) {
      forward(
        req,
        `${url.pathname}${url.search}`,
        upstreamRes => {
          res.writeHead(upstreamRes.statusCode ?? 502, upstreamRes.headers);
          upstreamRes.pipe(res);
        },
        fail,
      );
      return;
    }
    tagPageRequests.push(`${url.pathname}${url.search}`);
    forward(
      req,
      url.pathname,
      upstreamRes => {
        const chunks: Buffer[] = [];
        upstreamRes.on('data', (chunk: Buffer) => chunks.push(chunk));
        upstreamRes.on('error', fail);
        upstreamRes.on('end', () => {
          const body = Buffer.concat(chunks);
          if (upstreamRes.statusCode !== 200) {
            res.writeHead(upstreamRes.statusCode ?? 502, upstreamRes.headers);
            res.end(body);
            return;
          }
          const parsed = JSON.parse(body.toString('utf8')) as {
            name: string;
            tags: string[] | null;
          };
          const all = [...(parsed.tags ?? [])].sort();
          const last = url.searchParams.get('last');
          const n = Number(url.searchParams.get('n') ?? all.length);
          const rest = last === null ? all : all.filter(t => t > last);
          const page = Number.isInteger(n) && n > 0 ? rest.slice(0, n) : rest;
          const headers: Record<string, string> = {
            'Content-Type': 'application/json; charset=utf-8',
          };
          if (page.length > 0 && page.length < rest.length) {
            const next = new URLSearchParams({
              n: String(n),
              last: page[page.length - 1],
            });
            headers.Link = `<${url.pathname}?${next}>; rel="next"`;
          }
          res.writeHead(200, headers);
          res.end(JSON.stringify({ name: parsed.name, tags: page }));
        });
      },
      fail,
    );
  };

  const http = await listenOnLoopback(handle, (res, error) => {
    if (!res.headersSent) res.writeHead(500);
    res.end(String(error));
  });
  return {
    url: `http://127.0.0.1:${http.port}`,
    tagPageRequests,
    stop: http.stop,
  };
}
