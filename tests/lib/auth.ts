// Sign-in through the real OIDC redirect flow, without a browser: Atrium's /api/auth/oidc/start, the embedded
// IdP's sign-in form, the callback, then a session refresh as the frontend does it on load.

/** The demo users' password in app-config.yaml (atrium.embeddedIdp.password). */
export const DEMO_PASSWORD = 'larkspur-demo';

/** A tiny cookie jar for one host: names to values, as browsers send them back (path scoping ignored). */
class CookieJar {
  private readonly cookies = new Map<string, string>();
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
 * token, as the frontend would get it. Bounded: at most 20 hops.
 */
export async function signIn(
  baseUrl: string,
  login: string,
  password = DEMO_PASSWORD,
): Promise<SignedIn> {
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
  start.searchParams.set('origin', baseUrl);
  start.searchParams.set('env', 'development');

  let url = start.toString();
  let res = await go(url);
  let submitted = false;
  for (let hop = 0; hop < 20; hop++) {
    if (res.status >= 300 && res.status < 400) {
      url = new URL(res.headers.get('location')!, url).toString();
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
  const refresh = await go(
    `${baseUrl}/api/auth/oidc/refresh?env=development&optional=false`,
    { method: 'POST', headers: { 'x-requested-with': 'XMLHttpRequest' } },
  );
  const text = await refresh.text();
  if (!refresh.ok)
    throw new Error(`refresh after sign-in: ${refresh.status} ${text}`);
  const session = JSON.parse(text);
  return {
    token: session.backstageIdentity.token,
    identity: session.backstageIdentity.identity,
    profile: session.profile,
  };
}
