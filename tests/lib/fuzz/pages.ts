// Requests for the pages the server renders (Home, entity overviews) and the frontend's static assets, with
// hostile paths and query strings, and the conditional, range and encoding headers of caches and odd clients.
import fc from 'fast-check';
import type { FuzzRequest } from './client.ts';
import { who } from './credentials.ts';
import {
  header,
  hostileString,
  pathSegment,
  pctEncode,
  sometimes,
} from './primitives.ts';

/** Page loads the server renders (Home, entity overviews) with hostile paths; `who` decides the cookie. */
export function ssrRequests(
  /** Names of the frontend build's content-hashed files (packages/app/dist/static), for the static assets. */
  staticFiles: string[] = [],
): fc.Arbitrary<FuzzRequest> {
  const seg = pathSegment(
    ['default', 'component', 'payments-gateway', 'team-payments', 'group'],
    2,
  );
  const path = fc.oneof(
    { weight: 1, arbitrary: fc.constant('/') },
    { weight: 4, arbitrary: seg.map(s => `/catalog/default/component/${s}`) },
    {
      weight: 2,
      arbitrary: fc
        .tuple(seg, seg, seg)
        .map(([a, b, c]) => `/catalog/${a}/${b}/${c}`),
    },
    {
      weight: 1,
      arbitrary: seg.map(
        s => `/catalog/default/component/payments-gateway/${s}`,
      ),
    },
    { weight: 1, arbitrary: fc.tuple(seg, seg).map(([a, b]) => `/${a}/${b}`) },
    { weight: 1, arbitrary: seg.map(s => `/catalog/default/group/${s}`) },
    // The static assets module (packages/backend/src/modules/staticAssets): real names and hostile ones.
    {
      weight: 2,
      arbitrary: fc
        .tuple(
          fc.constantFrom(...staticFiles, 'index.html', 'x.js'),
          seg,
          fc.nat(5),
        )
        .map(
          ([file, s, n]) =>
            [
              `/static/${file}`,
              `/static/${file}`,
              `/static/${s}`,
              `/static/${s}.js`,
              `/static/${file}/${s}`,
              `/static/..%2f..%2fpackage.json`,
            ][n],
        ),
    },
    {
      weight: 1,
      arbitrary: fc.constantFrom(
        '/index.html',
        '/manifest.json',
        '/robots.txt',
      ),
    },
  );
  /** Conditional, range and encoding headers, as caches and odd clients send them. */
  const cachingHeaders = fc.record(
    {
      'accept-encoding': fc.constantFrom(
        'br',
        'gzip',
        'br;q=0, gzip;q=0, identity;q=0',
        'br;q=abc, gzip;q=-1',
        'gzip;q=1e309',
        '*',
        ',,,;;;',
        'x'.repeat(6000),
      ),
      'if-none-match': fc.constantFrom(
        '*',
        '"x"',
        'W/"x", "y"',
        `"${'x'.repeat(6000)}"`,
        '\u0000',
      ),
      'if-modified-since': fc.constantFrom(
        'Thu, 01 Jan 1970 00:00:00 GMT',
        'not a date',
        'Sat, 31 Dec 275760 00:00:00 GMT',
      ),
      range: fc.constantFrom(
        'bytes=0-0',
        'bytes=999999999-',
        'bytes=5-1',
        'lines=1-2',
        `bytes=${'0-1,'.repeat(500)}`,
      ),
    },
    { requiredKeys: [] },
  );
  const query = sometimes(
    fc.oneof(
      hostileString.map(s => `?q=${pctEncode(s)}`),
      fc.constantFrom(
        '?__proto__[x]=1',
        '?%ED%A0%80',
        `?a=${'b'.repeat(8000)}`,
      ),
    ),
    30,
  );
  return fc
    .tuple(
      path,
      query,
      who,
      fc.constantFrom('text/html', 'text/html', '*/*', 'application/json', ''),
      sometimes(cachingHeaders, 40),
      fc.constantFrom('GET', 'GET', 'GET', 'GET', 'HEAD', 'POST', 'OPTIONS'),
    )
    .map(([p, q, w, accept, extra, method]) => ({
      target: 'ssr',
      method,
      path: `${p}${q ?? ''}`,
      headers: { ...header('accept', accept), ...extra },
      who: w,
    }));
}
