/*
 * A small Docker registry token server (the "realm" of the registry's token auth) for tests, on loopback.
 *
 * It checks HTTP Basic credentials against a fixed user list and issues RS256 JWTs in the format that
 * docker/distribution's `auth.token` verifies: `iss`, `aud` (= service), `sub`, `exp`/`nbf`/`iat`, `jti` and
 * `access` claims, with the signer's self-signed certificate in the `x5c` header. The same certificate is the
 * registry's `rootcertbundle` (see `certFile`).
 *
 * The key and certificate come from the `openssl` CLI (Node's crypto cannot create certificates).
 * Self-contained on purpose: only `node:` imports and erasable TypeScript syntax (node:test can import it).
 */
import { execFileSync } from 'node:child_process';
import {
  createPrivateKey,
  createSign,
  randomUUID,
  X509Certificate,
} from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { listenOnLoopback } from './loopbackHttp.ts';

export interface TokenServerOptions {
  /** `username → password`. Each user gets every action it asks for on repositories. */
  users: Record<string, string>;
  /** The registry's `auth.token.service`; also the token audience. Default `atrium-test-registry`. */
  service?: string;
  /** The token issuer (`auth.token.issuer`). Default `atrium-test-token-issuer`. */
  issuer?: string;
  /** Token lifetime in seconds (`expires_in`). Default 300. */
  expiresInSeconds?: number;
  /**
   * Whether requests without credentials get a token (with no access, like Docker Hub or Harbor do for
   * private repositories). Default true; when false they get 401.
   */
  anonymous?: boolean;
}

export interface TokenRequestRecord {
  /** The user whose credentials were accepted; undefined for anonymous requests and refused ones. */
  user?: string;
  scopes: string[];
  status: number;
}

export interface TokenServer {
  /** `http://127.0.0.1:<port>/token`, the registry's `auth.token.realm`. */
  readonly realm: string;
  readonly service: string;
  readonly issuer: string;
  /** PEM certificate of the signing key, for the registry's `auth.token.rootcertbundle`. */
  readonly certFile: string;
  /** Every token request so far (to count them in tests). */
  readonly requests: TokenRequestRecord[];
  /** Changes the lifetime of tokens issued from now on. */
  setExpiresInSeconds(seconds: number): void;
  stop(): Promise<void>;
}

const OPENSSL_CANDIDATES = [
  '/usr/bin/openssl',
  '/usr/local/bin/openssl',
  'openssl',
];

function findOpenssl(): string {
  for (const candidate of OPENSSL_CANDIDATES) {
    try {
      execFileSync(candidate, ['version'], {
        stdio: 'ignore',
        timeout: 10_000,
      });
      return candidate;
    } catch {
      // try the next one
    }
  }
  throw new Error(
    "The registry token-auth tests need the `openssl` CLI to create the token signer's self-signed " +
      "certificate (the registry's rootcertbundle). Install the Debian package `openssl`.",
  );
}

const b64url = (data: Buffer | string) =>
  Buffer.from(data).toString('base64url');

function parseScopes(
  values: string[],
): { type: string; name: string; actions: string[] }[] {
  const out: { type: string; name: string; actions: string[] }[] = [];
  for (const value of values) {
    // A scope parameter may hold several space-separated scopes: `type:name:action1,action2`.
    for (const scope of value.split(' ').filter(Boolean)) {
      const first = scope.indexOf(':');
      const last = scope.lastIndexOf(':');
      if (first < 0 || last <= first) continue;
      out.push({
        type: scope.slice(0, first),
        name: scope.slice(first + 1, last),
        actions: scope
          .slice(last + 1)
          .split(',')
          .filter(Boolean),
      });
    }
  }
  return out;
}

/** Starts the token server on a spare loopback port, with a fresh RSA key and self-signed certificate. */
export async function startTokenServer(
  options: TokenServerOptions,
): Promise<TokenServer> {
  const service = options.service ?? 'atrium-test-registry';
  const issuer = options.issuer ?? 'atrium-test-token-issuer';
  let expiresIn = options.expiresInSeconds ?? 300;
  const anonymous = options.anonymous ?? true;

  const openssl = findOpenssl();
  const dir = mkdtempSync(join(tmpdir(), 'atrium-registry-token-'));
  const keyFile = join(dir, 'signer.key');
  const certFile = join(dir, 'signer.crt');
  execFileSync(
    openssl,
    [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-sha256',
      '-days',
      '2',
      '-subj',
      '/CN=atrium-test-token-issuer',
      '-keyout',
      keyFile,
      '-out',
      certFile,
    ],
    { stdio: 'pipe', timeout: 30_000 },
  );
  const key = createPrivateKey(readFileSync(keyFile));
  const certDer = new X509Certificate(readFileSync(certFile)).raw.toString(
    'base64',
  );

  const sign = (subject: string, access: ReturnType<typeof parseScopes>) => {
    const now = Math.floor(Date.now() / 1000);
    const header = { typ: 'JWT', alg: 'RS256', x5c: [certDer] };
    const claims = {
      iss: issuer,
      sub: subject,
      // distribution 2.8 reads `aud` as a single string.
      aud: service,
      exp: now + expiresIn,
      nbf: now - 10,
      iat: now,
      jti: randomUUID(),
      access,
    };
    const input = `${b64url(JSON.stringify(header))}.${b64url(
      JSON.stringify(claims),
    )}`;
    const signature = createSign('RSA-SHA256').update(input).sign(key);
    return `${input}.${b64url(signature)}`;
  };

  const requests: TokenRequestRecord[] = [];
  const send = (
    res: ServerResponse,
    status: number,
    body: unknown,
    headers: Record<string, string> = {},
  ) => {
    res.writeHead(status, { 'Content-Type': 'application/json', ...headers });
    res.end(JSON.stringify(body));
  };

  const handle = (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const scopes = url.searchParams.getAll('scope');
    if (req.method !== 'GET' || url.pathname !== '/token') {
      send(res, 404, { error: 'not found' });
      return;
    }
    if (url.searchParams.get('service') !== service) {
      requests.push({ scopes, status: 400 });
      send(res, 400, {
        error: `unknown service ${url.searchParams.get('service')}`,
      });
      return;
    }
    const authorization = req.headers.authorization;
    let user: string | undefined;
    if (authorization) {
      const match = /^Basic\s+(.+)$/i.exec(authorization);
      const decoded = match
        ? Buffer.from(match[1], 'base64').toString('utf8')
        : '';
      const colon = decoded.indexOf(':');
      const username = colon >= 0 ? decoded.slice(0, colon) : '';
      const password = colon >= 0 ? decoded.slice(colon + 1) : '';
      if (
        !username ||
        !Object.hasOwn(options.users, username) ||
        options.users[username] !== password
      ) {
        requests.push({ scopes, status: 401 });
        send(
          res,
          401,
          { details: 'incorrect username or password' },
          {
            'WWW-Authenticate': 'Basic realm="atrium-test-token"',
          },
        );
        return;
      }
      user = username;
    } else if (!anonymous) {
      requests.push({ scopes, status: 401 });
      send(
        res,
        401,
        { details: 'authentication required' },
        {
          'WWW-Authenticate': 'Basic realm="atrium-test-token"',
        },
      );
      return;
    }
    const access = user
      ? parseScopes(scopes).filter(s => s.type === 'repository')
      : [];
    const token = sign(user ?? '', access);
    requests.push({ user, scopes, status: 200 });
    send(res, 200, {
      token,
      access_token: token,
      expires_in: expiresIn,
      issued_at: new Date().toISOString(),
    });
  };

  const http = await listenOnLoopback(handle, (res, error) =>
    send(res, 500, { error: String(error) }),
  );
  return {
    realm: `http://127.0.0.1:${http.port}/token`,
    service,
    issuer,
    certFile,
    requests,
    setExpiresInSeconds: (seconds: number) => {
      expiresIn = seconds;
    },
    stop: async () => {
      await http.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
