import { readFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';

/**
 * One GitHub response for the tests: status, headers and body in the shape GitHub's REST API answers with,
 * hand-written (src/__fixtures__/README.md), not captured.
 */
export interface RecordedResponse {
  status: number;
  headers: Record<string, string>;
  body: unknown;
}

export function recorded(name: string): RecordedResponse {
  return JSON.parse(
    readFileSync(join(__dirname, '..', '__fixtures__', `${name}.json`), 'utf8'),
  );
}

/** Tokens the stand-in knows: anything else is answered like a revoked token (401 Bad credentials). */
export const TOKENS = {
  service: 'ghp_serviceTokenFromIntegrationsGithub0001',
  alice: 'gho_aliceOwnGithubSignInToken000000000001',
};

export interface RecordedGithub {
  /** `http://127.0.0.1:PORT`; GitHub Enterprise's `/api/v3` prefix is accepted under it too. */
  url: string;
  /** Each request: path (without `/api/v3`), search query `q`, page and the token sent. */
  requests: Array<{ path: string; q?: string; page?: string; token?: string }>;
  /**
   * `ok`: the fixtures' answers; `rate-limited`: searches get the fixture's 403 (search limit used up); `hang`: no
   * answer at all (to time out).
   */
  mode: 'ok' | 'rate-limited' | 'hang';
  close(): Promise<void>;
}

/**
 * A loopback HTTP server that answers like GitHub's REST API with the fixture responses: `GET /user`, and
 * `GET /search/issues` for `review-requested:alice-larkspur` (three pages, whatever `per_page` says, with
 * their `Link` headers pointing back at this server), `author:alice-larkspur` (one page), `no-such-login`
 * (the fixture's 422) and any other login (no results). Not GitHub: GitHub is not reachable from here.
 */
export async function startRecordedGithub(): Promise<RecordedGithub> {
  const hanging = new Set<http.ServerResponse>();
  const state: RecordedGithub = {
    url: '',
    requests: [],
    mode: 'ok',
    close: () =>
      new Promise(resolve => {
        for (const res of hanging) res.destroy();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };

  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', state.url);
    const prefix = url.pathname.startsWith('/api/v3/') ? '/api/v3' : '';
    const path = url.pathname.slice(prefix.length);
    const token = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
    const q = url.searchParams.get('q') ?? undefined;
    const page = url.searchParams.get('page') ?? undefined;
    state.requests.push({ path, q, page, token });

    const send = (answer: RecordedResponse) => {
      const headers = { ...answer.headers };
      if (headers.link) {
        headers.link = headers.link.replaceAll(
          'https://api.github.com',
          `${state.url}${prefix}`,
        );
      }
      res.writeHead(answer.status, headers);
      res.end(JSON.stringify(answer.body));
    };

    if (state.mode === 'hang') {
      hanging.add(res);
      return;
    }
    if (!token || !Object.values(TOKENS).includes(token)) {
      send(recorded('bad-credentials'));
      return;
    }
    if (req.method === 'GET' && path === '/user') {
      send(recorded('user'));
      return;
    }
    if (req.method === 'GET' && path === '/search/issues') {
      if (state.mode === 'rate-limited') {
        send(recorded('rate-limit-exceeded'));
      } else if (/\bno-such-login\b/.test(q ?? '')) {
        send(recorded('validation-failed'));
      } else if (/\breview-requested:alice-larkspur\b/.test(q ?? '')) {
        send(recorded(`search-review-requested.page-${page ?? '1'}`));
      } else if (/\bauthor:alice-larkspur\b/.test(q ?? '')) {
        send(recorded('search-author'));
      } else {
        const none = recorded('search-author');
        send({
          ...none,
          body: { total_count: 0, incomplete_results: false, items: [] },
        });
      }
      return;
    }
    send({
      status: 404,
      headers: { 'content-type': 'application/json; charset=utf-8' },
      body: {
        message: 'Not Found',
        documentation_url: 'https://docs.github.com/rest',
        status: '404',
      },
    });
  });
  await new Promise<void>(r => server.listen(0, '127.0.0.1', r));
  state.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return state;
}
