// The fuzzer's shared primitives: hostile path segments and strings, percent-encoding as a careless client does
// it, wrong scalars, hostile JSON values, and small helpers (an optional value, a header, an own `__proto__` key).
// Every generator is bounded: nesting, sizes and counts have fixed maxima, so one seed always yields the same
// requests.
import fc from 'fast-check';

const KB10 = 'A'.repeat(10 * 1024);

/** Segments put into a path as they are: already percent-encoded, or deliberately not. */
export const HOSTILE_SEGMENTS = [
  '..%2f..%2fetc%2fpasswd',
  '..%2F..%2F..%2F..%2Fetc%2Fpasswd',
  '..%5c..%5cwindows%5cwin.ini',
  '%2e%2e',
  '%2e%2e%2f%2e%2e%2fapi',
  '.%2e',
  '..',
  '.',
  '%00',
  'a%00b',
  '%ED%A0%80',
  '%ED%B0%80x',
  '%C0%AE%C0%AE',
  '%FF%FE',
  '%',
  '%zz',
  '%E0%A4%A',
  '__proto__',
  'constructor',
  'prototype',
  '__proto__%2Fpolluted',
  'hasOwnProperty',
  'toString',
  'valueOf',
  '__defineGetter__',
  '%5B%5D',
  '%7B%7D',
  'null',
  'undefined',
  'NaN',
  '-1',
  '1e309',
  '%20',
  '%0d%0aX-Injected:%201',
  '%3Cscript%3Ealert(1)%3C%2Fscript%3E',
  "'%20OR%201=1--",
  '*',
  '~',
  ':',
  '%3A%3A',
  'component:default%2Fpayments-gateway',
  'user%3Adefault%2Falice.nakamura',
  '%F0%9F%92%A9',
  '%C3%A9t%C3%A9',
  KB10,
  `${'%ED%A0%80'.repeat(200)}`,
];

/** Strings (before encoding) that break naive code. */
export const HOSTILE_STRINGS = [
  '',
  ' ',
  '__proto__',
  'constructor',
  'prototype',
  '__proto__.polluted',
  'constructor.prototype.polluted',
  '../../etc/passwd',
  '..\\..\\windows',
  '\u0000',
  'a\u0000b',
  '\ud800',
  '\udfff',
  'a\ud800b',
  '\udc00\ud800',
  '\ufeff',
  '\u202e',
  '\n\r',
  '${jndi:ldap://127.0.0.1/x}',
  '{{7*7}}',
  '<script>alert(1)</script>',
  "' OR 1=1 --",
  '%s%s%s%n',
  '😀',
  'null',
  'true',
  '0',
  '-1',
  '1e309',
  'NaN',
  'Infinity',
  '*',
  '.*',
  '(a+)+$',
  '[',
  ':',
  '/',
  'component:default/payments-gateway',
  'user:default/alice.nakamura',
  'group:default/team-payments',
  'group:default/platform-admins',
  'kind:ns/name:extra',
  KB10,
  'é'.repeat(5000),
  '\ud800'.repeat(1000),
];

/** One header, or none when the value is empty. */
export const header = (name: string, value: string): Record<string, string> =>
  value ? { [name]: value } : {};

/** `arb`'s value in `percent` of the cases, else undefined. */
export function sometimes<T>(
  arb: fc.Arbitrary<T>,
  percent: number,
): fc.Arbitrary<T | undefined> {
  return fc.oneof(
    { weight: percent, arbitrary: arb },
    { weight: 100 - percent, arbitrary: fc.constant(undefined) },
  );
}

/** Any UTF-16 code unit, lone surrogates included. */
const codeUnit = fc
  .integer({ min: 0, max: 0xffff })
  .map(c => String.fromCharCode(c));

/** A string of any code units, short. */
export const anyString = fc.string({ unit: codeUnit, maxLength: 40 });

export const hostileString: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...HOSTILE_STRINGS) },
  { weight: 2, arbitrary: anyString },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 30 }) },
  {
    weight: 1,
    arbitrary: fc
      .tuple(fc.constantFrom('A', 'é', '\ud800', '%', '"'), fc.nat(3))
      .map(([c, n]) => c.repeat([1024, 10240, 20000, 70000][n])),
  },
);

/** A hostile string, not empty, percent-encoded: a path segment. */
export const encodedHostileSegment: fc.Arbitrary<string> = hostileString
  .filter(s => s.length > 0)
  .map(pctEncode);

/**
 * A path segment: one of `values` (with `weight`), a raw hostile segment (3) or an encoded hostile string (2).
 */
export function pathSegment(
  values: string[],
  weight: number,
): fc.Arbitrary<string> {
  return fc.oneof(
    { weight, arbitrary: fc.constantFrom(...values) },
    { weight: 3, arbitrary: fc.constantFrom(...HOSTILE_SEGMENTS) },
    { weight: 2, arbitrary: encodedHostileSegment },
  );
}

/**
 * Percent-encodes every UTF-16 code unit of `s` the way a careless client would: well-formed text as UTF-8,
 * lone surrogates as their 3-byte (WTF-8) forms, which are not UTF-8 (`%ED%A0%80`).
 */
export function pctEncode(s: string): string {
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        out += encodeURIComponent(s[i] + s[i + 1]);
        i++;
        continue;
      }
    }
    if (c >= 0xd800 && c <= 0xdfff) {
      out += [0xe0 | (c >> 12), 0x80 | ((c >> 6) & 0x3f), 0x80 | (c & 0x3f)]
        .map(b => `%${b.toString(16).toUpperCase()}`)
        .join('');
    } else {
      out += encodeURIComponent(s[i]);
    }
  }
  return out;
}

/** Wrong types and odd numbers for a query value (strings, as they travel). */
export const wrongScalar = fc.constantFrom(
  'abc',
  '',
  '-1',
  '0',
  '1.5',
  '1e309',
  '-1e309',
  '9999999999999999999999',
  '0x10',
  'NaN',
  'Infinity',
  'true',
  '[]',
  '{}',
  'null',
  '2026-13-45T99:99:99Z',
  '1970-01-01T00:00:00Z',
  '275760-09-13T00:00:00.001Z',
  ',,,',
);

/** Sets an own, enumerable property even when its name is `__proto__` (so JSON.stringify writes it). */
export function own(
  target: Record<string, unknown>,
  key: string,
  value: unknown,
) {
  Object.defineProperty(target, key, {
    value,
    enumerable: true,
    writable: true,
    configurable: true,
  });
  return target;
}

/** Nesting `depth` levels deep, bounded. */
export function nested(depth: number, kind: 'array' | 'object'): unknown {
  let v: unknown = 'deep';
  for (let i = 0; i < depth; i++) v = kind === 'array' ? [v] : { a: v };
  return v;
}

/** Any hostile JSON value: wrong types, prototype keys, deep nesting, huge strings and arrays. */
export const hostileJson: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 3, arbitrary: hostileString },
  {
    weight: 2,
    arbitrary: fc.constantFrom<unknown>(
      null,
      true,
      false,
      0,
      -1,
      1.5,
      -0,
      1e308,
      2 ** 53 + 1,
      [],
      {},
      [null],
      [[]],
      [{}],
    ),
  },
  {
    weight: 2,
    arbitrary: fc
      .constantFrom(
        () => own({}, '__proto__', { polluted: 'yes', isAdmin: true }),
        () => ({ constructor: { prototype: { polluted: 'yes' } } }),
        () => own({ a: 1 }, '__proto__', null),
        () => ({ toString: 'x', valueOf: 1, hasOwnProperty: 'x' }),
        () => ({ length: 1e9 }),
      )
      .map(make => make()),
  },
  {
    weight: 1,
    arbitrary: fc
      .tuple(
        fc.integer({ min: 50, max: 3000 }),
        fc.constantFrom<'array' | 'object'>('array', 'object'),
      )
      .map(([d, k]) => nested(d, k)),
  },
  {
    weight: 1,
    arbitrary: fc
      .constantFrom(10, 101, 1000, 10000)
      .map(n => Array.from({ length: n }, (_, i) => `component:default/x${i}`)),
  },
  { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
);

/** A value as a JSON body (`undefined`, which JSON.stringify does not write, as `null`). */
export const jsonBuffer = (v: unknown) =>
  Buffer.from(JSON.stringify(v) ?? 'null');
