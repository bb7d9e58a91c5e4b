// Who sends a fuzz request and with what: the generators draw `who`; `authorize` adds the credentials that
// stand for it once the backend has issued them (Backstage tokens, the app's cookie, the simulator's own token).
import fc from 'fast-check';
import type { FuzzRequest } from './client.ts';

type Who = FuzzRequest['who'];

/** Who sends a request: a demo user, the platform admin, nobody, or a made-up token. */
export const who: fc.Arbitrary<Who> = fc.constantFrom<Who>(
  'user',
  'user',
  'user',
  'admin',
  'admin',
  'anonymous',
  'bogus',
);

/** The credentials a run signs in with. */
export interface Credentials {
  /** The Kubernetes API simulator's bearer token. */
  simulatorToken: string;
  /** Backstage tokens of the demo user and the platform admin. */
  tokens: { user: string; admin: string };
  /** The app's sign-in cookie (`name=value`) of the demo user. */
  cookie: string;
}

/** Credentials by who sends it and where: Backstage tokens, the app's cookie, the simulator's own token. */
export function authorize(
  r: FuzzRequest,
  { simulatorToken, tokens, cookie }: Credentials,
): FuzzRequest {
  const headers = { ...r.headers };
  if (r.target === 'kube-simulator') {
    if (r.who === 'user' || r.who === 'admin')
      headers.authorization = `Bearer ${simulatorToken}`;
    else if (r.who === 'bogus') headers.authorization = `Bearer ${tokens.user}`;
  } else if (r.target === 'ssr') {
    if (r.who === 'user') headers.cookie = cookie;
    else if (r.who === 'admin')
      headers.cookie = `backstage-auth=${tokens.admin}`;
    else if (r.who === 'bogus') headers.cookie = 'backstage-auth=not-a-token';
  } else if (r.who === 'user' || r.who === 'admin') {
    headers.authorization = `Bearer ${tokens[r.who]}`;
  } else if (r.who === 'bogus') {
    // Made-up credentials of several shapes, one per request, chosen by its path (so a seed replays).
    const shapes = [
      `Bearer ${tokens.user.slice(0, -4)}AAAA`,
      'Bearer ',
      'Bearer a.b.c',
      `Bearer ${'x'.repeat(6000)}`,
      'Basic YWxpY2U6bGFya3NwdXItZGVtbw==',
      `bearer ${tokens.user}`,
      `Bearer ${tokens.user} ${tokens.admin}`,
      `Bearer ${Buffer.from('{"alg":"none"}').toString(
        'base64url',
      )}.${Buffer.from('{"sub":"user:default/ravi.subramanian"}').toString(
        'base64url',
      )}.`,
    ];
    headers.authorization = shapes[r.path.length % shapes.length];
  }
  return { ...r, headers };
}
