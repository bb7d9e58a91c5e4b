// Sign-in through the real OIDC redirect flow, without a browser: Atrium's /api/auth/oidc/start, the IdP's sign-in
// form (the embedded IdP's, or the same provider run on its own by tests/lib/ha for several replicas), the
// callback, then a session refresh as the frontend does it on load.
import { onFreshSocketIfClosed } from './http.ts';

/** The demo users' password in app-config.yaml (atrium.embeddedIdp.password). */
export const DEMO_PASSWORD = 'larkspur-demo';

/**
 * A tiny cookie jar for one host: names to values, as browsers send them back (path scoping ignored). Browsers
 * do not scope cookies by port either, so Atrium's replicas, its load balancer and an IdP on other loopback ports
 * share it, as they would in a browser.
 */
class CookieJar {
  private readonly cookies = new Map<string, string>();
  constructor(header = '') {
    for (const pair of header.split(';')) {
      const eq = pair.indexOf('=');
      if (eq > 0)
        this.cookies.set(pair.slice(0, eq).trim(), pair.slice(eq + 1).trim());
    }
  }
  take(res: Response) {
    for (const line of res.headers.getSetCookie()) {
      const [pair, ...attrs] = line.split(';');
      const eq = pair.indexOf('=');
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      const expired = attrs.some(
        a =>
          /^\s*expires=Thu, 01 Jan 1970/i.test(a) || /^\s*max-age=0\b/i.test(a),
      );
      if (expired || value === '') this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }
  header(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }
}

/** Thrown when Atrium or the IdP refuses the sign-in; `message` is what the user would see. */
export class SignInRefused extends Error {}

export interface SignedIn {
  token: string;
  identity: {
    userEntityRef: string;
    ownershipEntityRefs: string[];
  };
  profile: { email?: string; displayName?: string };
  /** The browser's cookies for Atrium afterwards (the refresh token's among them), as a Cookie header. */
  cookie: string;
}

export interface SignInOptions {
  password?: string;
  /**
   * The auth environment whose provider signs in (Backstage's `env` parameter): `development` in app-config.yaml
   * (the default), `production` with app-config.production.yaml.
   */
  env?: string;
  /** The app's origin, which the callback page posts its result to; Atrium accepts only app.baseUrl's. */
  origin?: string;
  /**
   * Sends the IdP's redirect back to Atrium (the callback) to this base URL rather than to the redirect URI's
   * own host: another replica than the one the sign-in started on.
   */
  callbackBaseUrl?: string;
}

const decodeFramePayload = (html: string): any => {
  // The callback page hands its result to the opener as URI-encoded JSON.
  const encoded = html.match(/decodeURIComponent\('([^']+)'\)/);
  if (!encoded)
    throw new Error(`unrecognised callback page: ${html.slice(0, 400)}`);
  return JSON.parse(decodeURIComponent(encoded[1]));
};

/**
 * Signs `login` (a demo username or e-mail) in through the OIDC redirect flow and returns the Backstage
 * token, as the frontend would get it. Bounded: at most 20 hops. The third argument is the password, or options.
 */
export async function signIn(
  baseUrl: string,
  login: string,
  passwordOrOptions: string | SignInOptions = {},
): Promise<SignedIn> {
  const options =
    typeof passwordOrOptions === 'string'
      ? { password: passwordOrOptions }
      : passwordOrOptions;
  const password = options.password ?? DEMO_PASSWORD;
  const env = options.env ?? 'development';
  const jar = new CookieJar();
  const go = async (url: string, init: RequestInit = {}) => {
    const res = await fetch(url, {
      ...init,
      redirect: 'manual',
      headers: { ...(init.headers as any), cookie: jar.header() },
    });
    jar.take(res);
    return res;
  };
  const start = new URL(`${baseUrl}/api/auth/oidc/start`);
  start.searchParams.set('scope', 'openid profile email');
  start.searchParams.set('origin', options.origin ?? baseUrl);
  start.searchParams.set('env', env);

  let url = start.toString();
  let res = await go(url);
  let submitted = false;
  for (let hop = 0; hop < 20; hop++) {
    if (res.status >= 300 && res.status < 400) {
      url = new URL(res.headers.get('location')!, url).toString();
      if (
        options.callbackBaseUrl &&
        new URL(url).pathname.endsWith('/api/auth/oidc/handler/frame')
      ) {
        const callback = new URL(url);
        url = new URL(
          callback.pathname + callback.search,
          options.callbackBaseUrl,
        ).toString();
      }
      res = await go(url);
      continue;
    }
    const path = new URL(url).pathname;
    const body = await res.text();
    if (path.includes('/interaction/')) {
      if (submitted) {
        const error = body.match(/role="alert">([^<]*)</)?.[1];
        throw new SignInRefused(`IdP refused ${login}: ${error ?? res.status}`);
      }
      const action = body.match(/<form method="post" action="([^"]+)"/)?.[1];
      if (!action)
        throw new Error(`no sign-in form at ${url}: ${body.slice(0, 300)}`);
      url = new URL(action.replace(/&amp;/g, '&'), url).toString();
      submitted = true;
      res = await go(url, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ login, password }).toString(),
      });
      continue;
    }
    if (path.endsWith('/api/auth/oidc/handler/frame')) {
      const payload = decodeFramePayload(body);
      if (payload.error) {
        throw new SignInRefused(
          payload.error.message ?? JSON.stringify(payload.error),
        );
      }
      break;
    }
    throw new Error(
      `unexpected ${res.status} at ${url}: ${body.slice(0, 300)}`,
    );
  }
  return refreshSession(baseUrl, jar.header(), env);
}

/**
 * What the frontend does on every page load: `POST /api/auth/oidc/refresh` with the browser's cookies (the
 * refresh token's), which asks the IdP for new tokens and issues a new Backstage token. Returns the session with
 * the cookies as they are afterwards (the IdP may rotate the refresh token).
 */
export async function refreshSession(
  baseUrl: string,
  cookie: string,
  env = 'development',
): Promise<SignedIn & { servedBy: string | null }> {
  const jar = new CookieJar(cookie);
  const refresh = await onFreshSocketIfClosed(() =>
    fetch(
      `${baseUrl}/api/auth/oidc/refresh?env=${encodeURIComponent(
        env,
      )}&optional=false`,
      {
        method: 'POST',
        headers: { 'x-requested-with': 'XMLHttpRequest', cookie: jar.header() },
      },
    ),
  );
  jar.take(refresh);
  const text = await refresh.text();
  if (!refresh.ok)
    throw new Error(`session refresh: ${refresh.status} ${text}`);
  const session = JSON.parse(text);
  return {
    token: session.backstageIdentity.token,
    identity: session.backstageIdentity.identity,
    profile: session.profile,
    cookie: jar.header(),
    // The replica that answered, where a load balancer says so (tests/lib/ha's HAProxy adds X-Served-By).
    servedBy: refresh.headers.get('x-served-by'),
  };
}
