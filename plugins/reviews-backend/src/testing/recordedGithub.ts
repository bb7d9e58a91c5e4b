import { createPublicKey, randomBytes, verify } from 'node:crypto';
import { readFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';

/**
 * This file is also imported by the node:test suites under tests/ (ESM with type stripping), where there is no
 * `__dirname`: they pass `fixturesDir`. Under Jest (CommonJS) the fixtures are found next to this folder.
 */
// eslint-disable-next-line no-restricted-syntax -- Jest (CommonJS) has __dirname; node:test (ESM) passes fixturesDir
const HERE = typeof __dirname === 'string' ? __dirname : undefined;
const DEFAULT_FIXTURES_DIR = HERE && join(HERE, '..', '__fixtures__');

/**
 * One GitHub response for the tests: status, headers and body in the shape GitHub's REST API answers with,
 * hand-written (src/__fixtures__/README.md), not captured.
 */
export interface RecordedResponse {
  status: number;
  headers: Record<string, string>;
  body: unknown;
}

export function recorded(
  name: string,
  fixturesDir = DEFAULT_FIXTURES_DIR,
): RecordedResponse {
  if (!fixturesDir) {
    throw new Error(
      'recorded(): pass the fixtures folder (plugins/reviews-backend/src/__fixtures__) outside Jest',
    );
  }
  return JSON.parse(readFileSync(join(fixturesDir, `${name}.json`), 'utf8'));
}

/** Tokens the stand-in knows: anything else is answered like a revoked token (401 Bad credentials). */
export const TOKENS = {
  service: 'ghp_serviceTokenFromIntegrationsGithub0001',
  alice: 'gho_aliceOwnGithubSignInToken000000000001',
  /** The installation token the stand-in issues for its GitHub App (option `app`). */
  installation: 'ghs_appInstallationTokenForLarkspur00001',
};

/** The GitHub App the stand-in knows: its id, the public half of its key, and the organization it is installed on. */
export interface StandInGithubApp {
  appId: number;
  publicKeyPem: string;
  owner: string;
}

/** Whether `authorization` is a JWT of `app` (RS256, signed by its key, issued by its id, not expired). */
function isAppJwt(authorization: string | undefined, app: StandInGithubApp) {
  const jwt = /^bearer ([\w-]+)\.([\w-]+)\.([\w-]+)$/i.exec(
    authorization ?? '',
  );
  if (!jwt) return false;
  const signed = verify(
    'RSA-SHA256',
    Buffer.from(`${jwt[1]}.${jwt[2]}`),
    createPublicKey(app.publicKeyPem),
    Buffer.from(jwt[3], 'base64url'),
  );
  const claims = JSON.parse(Buffer.from(jwt[2], 'base64url').toString());
  return (
    signed &&
    String(claims.iss) === String(app.appId) &&
    claims.exp * 1000 > Date.now()
  );
}

/** The OAuth app the stand-in knows (GitHub's `client_id` and `client_secret` of Atrium's GitHub sign-in). */
export const OAUTH_CLIENT = {
  clientId: 'Iv1.atriumStandInClient01',
  clientSecret: 'atrium-stand-in-oauth-client-secret-0001',
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
 *
 * It also answers GitHub (Enterprise)'s OAuth web flow for `OAUTH_CLIENT`, as a GitHub sign-in goes through
 * it with `enterpriseInstanceUrl` set to `url`: `GET /login/oauth/authorize` sends the browser straight back
 * to `redirect_uri` with a code and the `state` (as if alice-larkspur, already signed in to GitHub, had
 * authorized the app), and `POST /login/oauth/access_token` exchanges that code, once, for `TOKENS.alice`,
 * as JSON when `Accept` asks for it and form-encoded otherwise (GitHub's default).
 */
export async function startRecordedGithub(
  options: {
    /** The fixtures folder; required outside Jest (see `recorded`). */
    fixturesDir?: string;
    /**
     * A GitHub App installed on one organization: `GET /app/installations` and `POST
     * /app/installations/1/access_tokens` answer its JWT, the latter with `TOKENS.installation`.
     */
    app?: StandInGithubApp;
  } = {},
): Promise<RecordedGithub> {
  const fixture = (name: string) => recorded(name, options.fixturesDir);
  fixture('user'); // Fail now, not on the first request, when the fixtures are not found.
  /** Codes handed out by authorize and not exchanged yet: code to its scope. */
  const codes = new Map<string, string>();
  const hanging = new Set<http.ServerResponse>();
  const state: RecordedGithub = {
    url: '',
    requests: [],
    mode: 'ok',
    // Set once the server exists (below).
    close: async () => {},
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
    if (req.method === 'GET' && url.pathname === '/login/oauth/authorize') {
      const redirect = url.searchParams.get('redirect_uri');
      if (
        url.searchParams.get('client_id') !== OAUTH_CLIENT.clientId ||
        !redirect
      ) {
        res.writeHead(404, { 'content-type': 'text/plain' });
        res.end('Not Found: unknown client_id or no redirect_uri');
        return;
      }
      const code = randomBytes(10).toString('hex');
      codes.set(code, url.searchParams.get('scope') ?? '');
      const back = new URL(redirect);
      back.searchParams.set('code', code);
      const oauthState = url.searchParams.get('state');
      if (oauthState !== null) back.searchParams.set('state', oauthState);
      res.writeHead(302, { location: back.toString() });
      res.end();
      return;
    }
    if (req.method === 'POST' && url.pathname === '/login/oauth/access_token') {
      let text = '';
      req.setEncoding('utf8');
      req.on('data', chunk => (text += chunk));
      req.on('end', () => {
        const form = /json/.test(req.headers['content-type'] ?? '')
          ? new URLSearchParams(JSON.parse(text || '{}'))
          : new URLSearchParams(text);
        const code = form.get('code') ?? '';
        let answer: Record<string, string>;
        if (
          form.get('client_id') !== OAUTH_CLIENT.clientId ||
          form.get('client_secret') !== OAUTH_CLIENT.clientSecret
        ) {
          answer = {
            error: 'incorrect_client_credentials',
            error_description:
              'The client_id and/or client_secret passed are incorrect.',
          };
        } else if (codes.has(code)) {
          answer = {
            access_token: TOKENS.alice,
            token_type: 'bearer',
            scope: codes.get(code)!,
          };
        } else {
          answer = {
            error: 'bad_verification_code',
            error_description: 'The code passed is incorrect or expired.',
          };
        }
        codes.delete(code);
        // Like GitHub: 200 even for an error, in the form the client asked for.
        if (/application\/json/.test(req.headers.accept ?? '')) {
          res.writeHead(200, {
            'content-type': 'application/json; charset=utf-8',
          });
          res.end(JSON.stringify(answer));
        } else {
          res.writeHead(200, {
            'content-type': 'application/x-www-form-urlencoded; charset=utf-8',
          });
          res.end(new URLSearchParams(answer).toString());
        }
      });
      return;
    }
    const app = options.app;
    if (app && path.startsWith('/app/')) {
      if (!isAppJwt(req.headers.authorization, app)) {
        send(fixture('bad-credentials'));
      } else if (req.method === 'GET' && path === '/app/installations') {
        send({
          status: 200,
          headers: { 'content-type': 'application/json; charset=utf-8' },
          body: [
            {
              id: 1,
              app_id: app.appId,
              account: { login: app.owner, type: 'Organization' },
              suspended_by: null,
            },
          ],
        });
      } else if (
        req.method === 'POST' &&
        path === '/app/installations/1/access_tokens'
      ) {
        send({
          status: 201,
          headers: { 'content-type': 'application/json; charset=utf-8' },
          body: {
            token: TOKENS.installation,
            expires_at: new Date(Date.now() + 3_600_000).toISOString(),
            repository_selection: 'all',
          },
        });
      } else {
        res.writeHead(404, { 'content-type': 'application/json' });
        res.end('{"message":"Not Found"}');
      }
      return;
    }
    if (!token || !Object.values(TOKENS).includes(token)) {
      send(fixture('bad-credentials'));
      return;
    }
    if (req.method === 'GET' && path === '/user') {
      send(fixture('user'));
      return;
    }
    if (req.method === 'GET' && path === '/search/issues') {
      if (state.mode === 'rate-limited') {
        send(fixture('rate-limit-exceeded'));
      } else if (/\bno-such-login\b/.test(q ?? '')) {
        send(fixture('validation-failed'));
      } else if (/\breview-requested:alice-larkspur\b/.test(q ?? '')) {
        send(fixture(`search-review-requested.page-${page ?? '1'}`));
      } else if (/\bauthor:alice-larkspur\b/.test(q ?? '')) {
        send(fixture('search-author'));
      } else {
        const none = fixture('search-author');
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
  state.close = () =>
    new Promise(resolve => {
      for (const res of hanging) res.destroy();
      server.closeAllConnections();
      server.close(() => resolve());
    });
  await new Promise<void>(r => server.listen(0, '127.0.0.1', r));
  state.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return state;
}
