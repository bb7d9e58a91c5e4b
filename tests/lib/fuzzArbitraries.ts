// The fuzzer's generators (fast-check arbitraries): hostile path segments, query strings, JSON bodies from an
// operation's schema (valid-ish, then mutated), wrong content types and broken JSON, hostile GraphQL, server-
// rendered page paths and Kubernetes API simulator requests. Every generator is bounded: nesting, sizes and
// counts have fixed maxima, so one seed always yields the same requests.
import fc from 'fast-check';
import type { FuzzRequest, Operation, Param, Schema } from './fuzz.ts';

type Who = FuzzRequest['who'];

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

/** Values for parameters that reach a real route: names from the demo organisation and its clusters. */
const PLAUSIBLE: Record<string, string[]> = {
  namespace: ['default', 'team-payments', 'team-storefront'],
  kind: ['component', 'Component', 'group'],
  name: ['payments-gateway', 'team-payments', 'storefront-web'],
  cluster: ['sim-eu-west', 'sim-us-east'],
  app: ['payments-gateway', 'storefront-web'],
  pod: ['payments-gateway-0', 'storefront-web-abc'],
  itemId: ['team-page', 'first-deploy', 'read-docs'],
};

type Payload = { headers: Record<string, string>; body?: Buffer };

/** One header, or none when the value is empty. */
const header = (name: string, value: string): Record<string, string> =>
  value ? { [name]: value } : {};

/** `arb`'s value in `percent` of the cases, else undefined. */
function sometimes<T>(
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
const anyString = fc.string({ unit: codeUnit, maxLength: 40 });

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

/**
 * Plausible values of a path parameter: under `/clusters/{cluster}/namespaces/{namespace}`, a namespace is a
 * team's (where the demo's Apps are); elsewhere an entity's.
 */
function plausible(name: string, template: string): string[] {
  if (
    name === 'namespace' &&
    template.includes('/clusters/{cluster}/namespaces/')
  )
    return ['team-payments', 'team-storefront'];
  return PLAUSIBLE[name] ?? ['x', 'default'];
}

/** A path parameter: plausible (reaches the route), a raw hostile segment, or an encoded hostile string. */
function pathParam(param: Param, template: string) {
  const values = plausible(param.name, template);
  return fc.oneof(
    {
      weight: 5,
      arbitrary: fc
        .constantFrom(...values)
        .map(v => ({ value: pctEncode(v), plain: true })),
    },
    {
      weight: 3,
      arbitrary: fc
        .constantFrom(...HOSTILE_SEGMENTS)
        .map(v => ({ value: v, plain: false })),
    },
    {
      weight: 2,
      arbitrary: hostileString
        .filter(s => s.length > 0)
        .map(v => ({ value: pctEncode(v), plain: false })),
    },
  );
}

/** A value of the schema's type, or near its bounds; strings are not encoded yet. */
function scalarText(schema: Schema): fc.Arbitrary<string> {
  if (schema.enum) return fc.constantFrom(...schema.enum.map(String));
  switch (schema.type) {
    case 'integer':
      return fc
        .oneof(
          fc.integer({
            min: schema.minimum ?? -10,
            max: schema.maximum ?? 1000,
          }),
          fc.constantFrom(
            schema.minimum ?? 0,
            schema.maximum ?? 0,
            (schema.minimum ?? 0) - 1,
            (schema.maximum ?? 0) + 1,
          ),
        )
        .map(String);
    case 'number':
      return fc
        .oneof(
          fc.double({ noNaN: true, noDefaultInfinity: true }),
          fc.integer(),
        )
        .map(String);
    case 'boolean':
      return fc.constantFrom('true', 'false');
    default:
      if (schema.format === 'date-time')
        return fc
          .date({
            min: new Date('2020-01-01'),
            max: new Date('2030-01-01'),
            noInvalidDate: true,
          })
          .map(d => d.toISOString());
      return fc.string({ maxLength: 12 });
  }
}

/** Wrong types and odd numbers for a query value (strings, as they travel). */
const wrongScalar = fc.constantFrom(
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

/** `name=value` pieces of a query string, raw. */
function queryPieces(name: string, schema: Schema): fc.Arbitrary<string[]> {
  const n = pctEncode(name);
  const value = fc.oneof(
    { weight: 3, arbitrary: scalarText(schema).map(pctEncode) },
    { weight: 2, arbitrary: wrongScalar.map(pctEncode) },
    { weight: 2, arbitrary: hostileString.map(pctEncode) },
    { weight: 1, arbitrary: fc.constantFrom(...HOSTILE_SEGMENTS) },
  );
  return fc.oneof(
    { weight: 6, arbitrary: value.map(v => [`${n}=${v}`]) },
    // Repeated keys: Express's query parser (qs) makes an array of them.
    {
      weight: 2,
      arbitrary: fc
        .array(value, { minLength: 2, maxLength: 30 })
        .map(vs => vs.map(v => `${n}=${v}`)),
    },
    // Nested keys: qs makes objects, some of them on prototype names.
    {
      weight: 2,
      arbitrary: fc
        .tuple(
          fc.constantFrom(
            '[]',
            '[0]',
            '[1000]',
            '[a]',
            '[__proto__]',
            '[__proto__][polluted]',
            '[constructor][prototype][polluted]',
            '[toString]',
            '[length]',
            '[][]',
            '.a',
          ),
          value,
        )
        .map(([suffix, v]) => [
          `${n}${pctEncode(suffix)}=${v}`,
          `${n}${suffix}=${v}`,
        ]),
    },
    { weight: 1, arbitrary: fc.constant<string[]>([`${n}`]) },
    { weight: 1, arbitrary: fc.constant<string[]>([`${n}=`]) },
  );
}

/** A whole raw query string for an operation: its own parameters, perhaps, and some strangers. */
function queryString(params: Param[]): fc.Arbitrary<string> {
  const own = params.map(p => sometimes(queryPieces(p.name, p.schema), 50));
  const strangers = sometimes(
    fc.constantFrom(
      ['__proto__[polluted]=1'],
      ['constructor[prototype][polluted]=1'],
      ['__proto__=x'],
      ['a[b][c][d][e][f][g][h][i][j][k][l]=1'],
      [`${'a'.repeat(5000)}=1`],
      Array.from({ length: 1500 }, (_, i) => `k${i}=${i}`),
      ['%ED%A0%80=%ED%A0%80'],
      ['&&&=&&'],
    ),
    25,
  );
  return fc.tuple(fc.tuple(...own), strangers).map(([pieces, extra]) => {
    const all = [...pieces.flatMap(p => p ?? []), ...(extra ?? [])];
    return all.length ? `?${all.join('&')}` : '';
  });
}

/** Sets an own, enumerable property even when its name is `__proto__` (so JSON.stringify writes it). */
function own(target: Record<string, unknown>, key: string, value: unknown) {
  Object.defineProperty(target, key, {
    value,
    enumerable: true,
    writable: true,
    configurable: true,
  });
  return target;
}

/** Nesting `depth` levels deep, bounded. */
function nested(depth: number, kind: 'array' | 'object'): unknown {
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

/** A JSON value that fits the schema (or nearly: near its bounds), bounded in depth. */
export function fromSchema(schema: Schema, depth = 0): fc.Arbitrary<unknown> {
  if (depth > 6) return fc.constant(null);
  if (schema.enum) return fc.constantFrom(...schema.enum);
  if (schema.allOf?.length) {
    return fc
      .tuple(...schema.allOf.map(s => fromSchema(s, depth + 1)))
      .map(parts =>
        Object.assign(
          {},
          ...parts.filter(p => p && typeof p === 'object' && !Array.isArray(p)),
        ),
      );
  }
  const variants = schema.oneOf ?? schema.anyOf;
  if (variants?.length)
    return fc.oneof(...variants.map(s => fromSchema(s, depth + 1)));
  const type =
    schema.type ??
    (schema.properties ? 'object' : schema.items ? 'array' : undefined);
  switch (type) {
    case 'object': {
      const props = schema.properties ?? {};
      const record = fc.record(
        Object.fromEntries(
          Object.entries(props).map(([k, s]) => [k, fromSchema(s, depth + 1)]),
        ),
        { requiredKeys: (schema.required ?? []).filter(k => k in props) },
      );
      if (
        schema.additionalProperties &&
        typeof schema.additionalProperties === 'object'
      ) {
        const extra = schema.additionalProperties;
        return fc
          .tuple(
            record,
            fc.dictionary(
              fc.string({ maxLength: 8 }),
              fromSchema(extra, depth + 1),
              { maxKeys: 3 },
            ),
          )
          .map(([r, d]) => ({ ...d, ...r }));
      }
      return record;
    }
    case 'array': {
      const max = Math.min(schema.maxItems ?? 5, 5);
      return fc.array(fromSchema(schema.items ?? {}, depth + 1), {
        minLength: Math.min(schema.minItems ?? 0, max),
        maxLength: max,
      });
    }
    case 'integer':
      return fc.oneof(
        fc.integer({ min: schema.minimum ?? -10, max: schema.maximum ?? 1000 }),
        fc.constantFrom(
          schema.minimum ?? 0,
          schema.maximum ?? 0,
          (schema.minimum ?? 0) - 1,
          (schema.maximum ?? 0) + 1,
        ),
      );
    case 'number':
      return fc.double({ noNaN: true, noDefaultInfinity: true });
    case 'boolean':
      return fc.boolean();
    case 'string':
      if (schema.pattern) {
        try {
          return fc.stringMatching(new RegExp(schema.pattern), {
            size: 'xsmall',
          });
        } catch {
          // Not a pattern JavaScript reads: any string.
        }
      }
      return fc.oneof(
        scalarText(schema),
        fc.constantFrom(
          ...Object.values(PLAUSIBLE).flat(),
          'component:default/payments-gateway',
        ),
      );
    default:
      return fc.jsonValue({ maxDepth: 2 });
  }
}

/** A schema-shaped value, then perhaps broken: a wrong type somewhere, a prototype key, nesting, sizes. */
function mutatedBody(schema: Schema): fc.Arbitrary<unknown> {
  return fc
    .tuple(
      fromSchema(schema),
      hostileJson,
      fc.constantFrom(
        'as-is',
        'as-is',
        'replace',
        'set-property',
        'set-property',
        'proto-key',
        'constructor-key',
        'wrap-deep',
      ),
      fc.nat(),
    )
    .map(([value, hostile, how, pick]) => {
      if (how === 'as-is') return value;
      if (how === 'replace') return hostile;
      const obj: Record<string, unknown> =
        value && typeof value === 'object' && !Array.isArray(value)
          ? (value as Record<string, unknown>)
          : {};
      const keys = Object.keys(schema.properties ?? obj);
      if (how === 'set-property') {
        if (!keys.length) return hostile;
        obj[keys[pick % keys.length]] = hostile;
        return obj;
      }
      if (how === 'proto-key')
        return own(obj, '__proto__', {
          polluted: 'yes',
          ...(keys[0] ? { [keys[0]]: hostile } : {}),
        });
      if (how === 'constructor-key')
        return own(obj, 'constructor', { prototype: { polluted: 'yes' } });
      return nested(200 + (pick % 2000), pick % 2 ? 'array' : 'object');
    });
}

/** Bodies that are not JSON at all, or not only JSON. */
const brokenJsonText = fc.constantFrom(
  '{',
  '{"a":',
  '{"a":1,}',
  "{'a':1}",
  '{"a":1}{"b":2}',
  'NaN',
  'undefined',
  '\u0000',
  '',
  ' ',
  'null',
  '"just a string"',
  '1',
  'true',
  '[]',
  '\ufeff{}',
  '{"a":"\\ud800"}',
  '{"__proto__":{"polluted":"yes"}}',
  '{"constructor":{"prototype":{"polluted":"yes"}}}',
  '{"a":1,"a":2,"__proto__":[]}',
  `{"a":"${'\\u0000'.repeat(1000)}"}`,
  '['.repeat(5000) + ']'.repeat(5000),
  '{"a":'.repeat(3000) + '1' + '}'.repeat(3000),
  '9'.repeat(400),
);

const RAW_UTF8_SURROGATE = Buffer.from([
  0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xed, 0xa0, 0x80, 0x22, 0x7d,
]); // {"a":"<ED A0 80>"}

/** A request body and its headers: JSON from the schema, mutated, or broken; the right content type or not. */
function body(schema: Schema): fc.Arbitrary<Payload> {
  const json = mutatedBody(schema).map(v =>
    Buffer.from(JSON.stringify(v) ?? 'null'),
  );
  const text = fc.oneof(
    { weight: 6, arbitrary: json },
    { weight: 2, arbitrary: brokenJsonText.map(t => Buffer.from(t)) },
    { weight: 1, arbitrary: fc.constant(RAW_UTF8_SURROGATE) },
    {
      weight: 1,
      arbitrary: fc
        .constantFrom(1024, 17 * 1024, 17 * 1024, 300 * 1024, 1100 * 1024)
        .map(n =>
          Buffer.from(
            JSON.stringify({
              entityRefs: ['x'],
              comment: 'x'.repeat(n),
              widgets: [],
            }),
          ),
        ),
    },
  );
  const contentType = fc.oneof(
    { weight: 8, arbitrary: fc.constant('application/json') },
    {
      weight: 3,
      arbitrary: fc.constantFrom(
        'text/plain',
        'application/x-www-form-urlencoded',
        'multipart/form-data; boundary=----fuzz',
        'application/xml',
        'application/json; charset=utf-16',
        'application/json; charset=bogus',
        'application/json; charset=latin1',
        'application/merge-patch+json',
        'application/*',
        'application/json, text/plain',
        ';;;',
        'application/json; boundary=' + 'x'.repeat(3000),
        '',
      ),
    },
  );
  return fc.oneof(
    {
      weight: 12,
      arbitrary: fc.tuple(text, contentType).map(
        ([b, ct]): Payload => ({
          headers: header('content-type', ct),
          body: b,
        }),
      ),
    },
    // Forms with prototype keys, for a urlencoded parser.
    {
      weight: 1,
      arbitrary: fc.constant<Payload>({
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: Buffer.from(
          '__proto__[polluted]=yes&constructor[prototype][polluted]=yes&entityRefs[]=x&widgets[0]=a',
        ),
      }),
    },
    // A content encoding the body is not in.
    {
      weight: 1,
      arbitrary: fc.constantFrom('gzip', 'deflate', 'br', 'zstd', 'bogus').map(
        (enc): Payload => ({
          headers: {
            'content-type': 'application/json',
            'content-encoding': enc,
          },
          body: Buffer.from('{"not":"compressed"}'),
        }),
      ),
    },
    {
      weight: 1,
      arbitrary: fc.constant<Payload>({ headers: {} }),
    },
  );
}

const who: fc.Arbitrary<Who> = fc.constantFrom<Who>(
  'user',
  'user',
  'user',
  'admin',
  'admin',
  'anonymous',
  'bogus',
);

/**
 * One well-formed request for an operation: plausible path parameters, no query, a body from its schema as JSON,
 * as the demo user. The plan starts each operation with one, so every route is reached whatever the seed.
 */
export function plainOperationRequest(
  op: Operation,
): fc.Arbitrary<FuzzRequest> {
  const names = [...op.template.matchAll(/\{([^}]+)\}/g)].map(m => m[1]);
  const segments = fc.tuple(
    ...names.map(n => fc.constantFrom(...plausible(n, op.template))),
  );
  const payload = op.body
    ? fromSchema(op.body.schema).map(v =>
        Buffer.from(JSON.stringify(v) ?? 'null'),
      )
    : fc.constant(undefined);
  return fc.tuple(segments, payload).map(([seg, b]) => {
    let i = 0;
    const path = op.template.replace(/\{[^}]+\}/g, () => pctEncode(seg[i++]));
    return {
      target: op.key,
      method: op.method,
      path: `${op.mount}${path}`,
      headers: header('content-type', b ? 'application/json' : ''),
      body: b,
      who: 'user',
      plain: true,
    };
  });
}

/** Requests for one OpenAPI operation. */
export function operationRequests(op: Operation): fc.Arbitrary<FuzzRequest> {
  const pathParams = op.params.filter(p => p.in === 'path');
  const queryParams = op.params.filter(p => p.in === 'query');
  const headerParams = op.params.filter(p => p.in === 'header');
  const names = [...op.template.matchAll(/\{([^}]+)\}/g)].map(m => m[1]);
  const byName = new Map(pathParams.map(p => [p.name, p]));
  const segments = fc.tuple(
    ...names.map(n =>
      pathParam(
        byName.get(n) ?? { name: n, in: 'path', required: true, schema: {} },
        op.template,
      ),
    ),
  );
  const headerValues = fc.tuple(
    ...headerParams.map(() =>
      sometimes(
        fc.oneof(
          fc.constantFrom(
            '',
            'x',
            'ghp_' + 'a'.repeat(36),
            'a'.repeat(9000),
            '\t',
            'null',
          ),
          fc
            .string({ unit: 'binary-ascii', maxLength: 40 })
            .map(s => s.replace(/[^\x20-\x7e]/g, '')),
        ),
        50,
      ),
    ),
  );
  const hasBody = ['POST', 'PUT', 'PATCH'].includes(op.method);
  return fc
    .record({
      segments,
      query: queryString(queryParams),
      headerValues,
      payload: hasBody ? body(op.body?.schema ?? {}) : sometimes(body({}), 15),
      who,
    })
    .map(({ segments: seg, query, headerValues: hv, payload, who: w }) => {
      let i = 0;
      const path = op.template.replace(/\{[^}]+\}/g, () => seg[i++].value);
      const headers: Record<string, string> = { ...(payload?.headers ?? {}) };
      headerParams.forEach((p, j) => {
        if (hv[j] !== undefined) headers[p.name] = hv[j]!;
      });
      return {
        target: op.key,
        method: op.method,
        path: `${op.mount}${path}${query}`,
        headers,
        body: payload?.body,
        who: w,
        plain: seg.every(s => s.plain),
      };
    });
}

/** GraphQL string literal of any JS string (JSON's escapes are GraphQL's; lone surrogates stay escaped). */
const gqlString = (s: string) => JSON.stringify(s);

const ENTITY_FIELDS =
  'id ref kind namespace name title description type lifecycle tags labels annotations spec ownerRef';

/** Hostile GraphQL documents (the text), bounded in size. */
const graphqlDocument: fc.Arbitrary<{
  query: string;
  variables?: unknown;
  operationName?: unknown;
}> = fc.oneof(
  // Well-formed queries with hostile arguments, as literals or variables.
  {
    weight: 4,
    arbitrary: fc.tuple(hostileString, fc.nat(5)).map(([s, n]) => {
      const docs = [
        `{ entity(ref: ${gqlString(s)}) { ${ENTITY_FIELDS} owner { name } } }`,
        `{ entities(refs: [${gqlString(
          s,
        )}, "component:default/payments-gateway"]) { ref compute { apps healthy recentRevisions(first: 3) { id } } } }`,
        `{ viewer { userRef owned(kind: ${gqlString(
          s,
        )}, first: 5) { totalItems items { ref } } } }`,
        `{ entity(ref: "group:default/team-payments") { relations(type: ${gqlString(
          s,
        )}) { type targetRef target { ref } } owns(kind: ${gqlString(
          s,
        )}) { totalItems } } }`,
        `query Q($r: String!) { entity(ref: $r) { ref members { ref } memberOf { ref } } }`,
        `query Q($refs: [String!]!) { entities(refs: $refs) { ref } }`,
      ];
      return {
        query: docs[n],
        variables: n === 4 ? { r: s } : n === 5 ? { refs: [s] } : undefined,
      };
    }),
  },
  // Variables of the wrong type, with prototype keys, huge.
  {
    weight: 2,
    arbitrary: fc.tuple(hostileJson, fc.nat(3)).map(([v, n]) => ({
      query: [
        'query Q($r: String!) { entity(ref: $r) { ref } }',
        'query Q($refs: [String!]!) { entities(refs: $refs) { ref } }',
        'query Q($f: Int) { viewer { owned(first: $f) { totalItems items { ref } } } }',
        'query Q($k: String, $f: Int) { entity(ref: "group:default/team-payments") { owns(kind: $k, first: $f) { totalItems } } }',
      ][n],
      variables:
        n === 0
          ? { r: v }
          : n === 1
          ? { refs: v }
          : n === 2
          ? { f: v }
          : own({ k: v }, '__proto__', { f: 1 }),
    })),
  },
  {
    weight: 1,
    arbitrary: fc
      .constantFrom(-1, 0, 2 ** 31 - 1, 2 ** 31, 1e9, 1.5)
      .map(f => ({
        query: `{ viewer { owned(first: ${f}) { totalItems items { ref owns(first: ${f}) { totalItems } } } } entity(ref: "component:default/payments-gateway") { compute { recentRevisions(first: ${f}) { id } } } }`,
      })),
  },
  // Limits: depth, width, aliases, directives, fragments.
  {
    weight: 3,
    arbitrary: fc
      .tuple(fc.nat(9), fc.integer({ min: 2, max: 3000 }))
      .map(([kind, n]) => {
        switch (kind) {
          case 0: // depth
            return {
              query: `{ viewer { user { ${'memberOf { '.repeat(
                Math.min(n, 400),
              )}ref${' }'.repeat(Math.min(n, 400))} } } }`,
            };
          case 1: // aliases
            return {
              query: `{ ${Array.from(
                { length: Math.min(n, 2000) },
                (_, i) => `a${i}: viewer { userRef }`,
              ).join(' ')} }`,
            };
          case 2: // one expensive field many times
            return {
              query: `{ ${Array.from(
                { length: Math.min(n, 300) },
                (_, i) =>
                  `e${i}: entities(refs: ["group:default/team-payments"]) { members { memberOf { members { ref } } } }`,
              ).join(' ')} }`,
            };
          case 3: // directives
            return {
              query: `{ viewer { userRef ${'@skip(if: false) '.repeat(
                Math.min(n, 2000),
              )} } }`,
            };
          case 4: // fragment cycle
            return {
              query:
                '{ viewer { ...A } } fragment A on Viewer { userRef ...B } fragment B on Viewer { ...A }',
            };
          case 5: // many fragments spread many times
            return {
              query: `{ viewer { ${'...F '.repeat(
                Math.min(n, 2000),
              )} } } fragment F on Viewer { userRef groups { ref } }`,
            };
          case 6: // introspection
            return {
              query:
                '{ __schema { types { name fields { name args { name type { name ofType { name ofType { name } } } } } } } }',
            };
          case 7: // tokens
            return {
              query: `{ viewer { userRef ${' '.repeat(1)}${'__typename '.repeat(
                Math.min(n, 3000),
              )} } }`,
            };
          case 8: // relations fan-out
            return {
              query: `{ entity(ref: "domain:default/logistics") { relations { target { relations { target { relations { target { ref } } } } } } } }`,
            };
          default: // wide selection of unknown fields
            return {
              query: `{ viewer { ${Array.from(
                { length: Math.min(n, 500) },
                (_, i) => `f${i}`,
              ).join(' ')} } }`,
            };
        }
      }),
  },
  // Not well-formed, or not queries.
  {
    weight: 3,
    arbitrary: fc
      .oneof(
        fc.constantFrom(
          '',
          ' ',
          '{',
          '}',
          '{ viewer { userRef }',
          'query',
          'mutation { x }',
          'subscription { x }',
          '{ viewer { userRef } } { viewer { userRef } }',
          'query A { viewer { userRef } } query B { viewer { userRef } }',
          '{ entity(ref: "\\ud800") { ref } }',
          '{ entity(ref: "\\u0000") { ref } }',
          '{ entity(ref: """block \\""" string""") { ref } }',
          '{ entity(ref: $undeclared) { ref } }',
          '{ entity { ref } }',
          '{ entity(ref: 1) { ref } }',
          '{ entity(ref: null) { ref } }',
          '{ __typename }',
          '{ viewer }',
          '{ viewer { __proto__ } }',
          '{ constructor }',
          '{ __proto__ }',
          '{ viewer { userRef(arg: 1) } }',
          '#' + 'x'.repeat(5000),
          `{ entity(ref: "${'x'.repeat(200000)}") { ref } }`,
          '\ud800',
          '{ viewer { userRef } }\u0000',
        ),
        anyString,
        fc.string({ unit: 'grapheme-ascii', maxLength: 200 }),
      )
      .map(query => ({ query })),
  },
);

/** Requests to the GraphQL gateway. */
export function graphqlRequests(): fc.Arbitrary<FuzzRequest> {
  const doc = fc.tuple(graphqlDocument, sometimes(hostileJson, 12));
  const bodyOf = fc.oneof(
    {
      weight: 10,
      arbitrary: doc.map(([d, opName]) =>
        JSON.stringify(
          opName === undefined ? d : { ...d, operationName: opName },
        ),
      ),
    },
    {
      weight: 2,
      arbitrary: fc
        .tuple(hostileJson, fc.boolean())
        .map(([v, bare]) => JSON.stringify(bare ? v : { query: v }) ?? 'null'),
    },
    {
      weight: 1,
      arbitrary: fc
        .array(graphqlDocument, { minLength: 0, maxLength: 20 })
        .map(ds => JSON.stringify(ds)),
    },
    {
      weight: 1,
      arbitrary: fc.constantFrom(
        JSON.stringify(
          own({ query: '{ viewer { userRef } }' }, '__proto__', {
            query: '{ __schema { types { name } } }',
          }),
        ),
        JSON.stringify({
          query: '{ viewer { userRef } }',
          variables: 'not an object',
        }),
        JSON.stringify({ query: '{ viewer { userRef } }', variables: [] }),
        JSON.stringify({
          query: '{ viewer { userRef } }',
          extensions: { persistedQuery: { version: 1, sha256Hash: 'x' } },
        }),
        JSON.stringify({ query: ['{ viewer { userRef } }'] }),
        JSON.stringify({ query: { kind: 'Document', definitions: [] } }),
      ),
    },
  );
  const post = fc
    .tuple(
      bodyOf,
      fc.oneof(
        { weight: 8, arbitrary: fc.constant('application/json') },
        {
          weight: 2,
          arbitrary: fc.constantFrom(
            'application/graphql',
            'text/plain',
            'application/x-www-form-urlencoded',
            'application/json; charset=utf-16',
            '',
          ),
        },
      ),
      who,
      sometimes(brokenJsonText, 15),
    )
    .map(([text, ct, w, broken]) => ({
      target: 'graphql',
      method: 'POST',
      path: '/api/graphql',
      headers: header('content-type', ct),
      body: Buffer.from(broken ?? text),
      who: w,
    }));
  const get = fc.tuple(graphqlDocument, who).map(([d, w]) => ({
    target: 'graphql',
    method: 'GET',
    path: `/api/graphql?query=${pctEncode(d.query.slice(0, 6000))}${
      d.variables !== undefined
        ? `&variables=${pctEncode(JSON.stringify(d.variables).slice(0, 2000))}`
        : ''
    }`,
    headers: {},
    who: w,
  }));
  // The gateway serves POST only: a few GETs, to see them refused.
  return fc.oneof(
    { weight: 19, arbitrary: post },
    { weight: 1, arbitrary: get },
  );
}

/** Page loads the server renders (Home, entity overviews) with hostile paths; `who` decides the cookie. */
export function ssrRequests(
  /** Names of the frontend build's content-hashed files (packages/app/dist/static), for the static assets. */
  staticFiles: string[] = [],
): fc.Arbitrary<FuzzRequest> {
  const seg = fc.oneof(
    {
      weight: 2,
      arbitrary: fc.constantFrom(
        'default',
        'component',
        'payments-gateway',
        'team-payments',
        'group',
      ),
    },
    { weight: 3, arbitrary: fc.constantFrom(...HOSTILE_SEGMENTS) },
    {
      weight: 2,
      arbitrary: hostileString.filter(s => s.length > 0).map(pctEncode),
    },
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
        'bytes=' + '0-1,'.repeat(500),
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
        '?a=' + 'b'.repeat(8000),
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

const SIM_RESOURCES = [
  'api/v1/namespaces',
  'api/v1/pods',
  'api/v1/nodes',
  'api/v1/events',
  'apis/compute.atrium.dev/v1alpha1/apps',
  'apis/compute.atrium.dev/v1alpha1/scalers',
  'api/v1/namespaces/team-payments/pods',
  'api/v1/namespaces/team-payments/resourcequotas',
  'apis/compute.atrium.dev/v1alpha1/namespaces/team-payments/apps',
  'apis/compute.atrium.dev/v1alpha1/namespaces/team-payments/scalers',
];

/**
 * Requests to the Kubernetes API simulator the backend serves under /api/kube-simulator (its own bearer token:
 * `who: 'user'` and `'admin'` send it, `anonymous` and `bogus` do not).
 */
export function simulatorRequests(): fc.Arbitrary<FuzzRequest> {
  const seg = fc.oneof(
    {
      weight: 3,
      arbitrary: fc.constantFrom(
        'payments-gateway',
        'team-payments',
        'default',
        'x',
      ),
    },
    { weight: 3, arbitrary: fc.constantFrom(...HOSTILE_SEGMENTS) },
    {
      weight: 2,
      arbitrary: hostileString.filter(s => s.length > 0).map(pctEncode),
    },
  );
  const cluster = fc.oneof(
    { weight: 6, arbitrary: fc.constantFrom('sim-eu-west', 'sim-us-east') },
    { weight: 1, arbitrary: seg },
  );
  const rest = fc.oneof(
    { weight: 3, arbitrary: fc.constantFrom(...SIM_RESOURCES) },
    {
      weight: 3,
      arbitrary: fc
        .tuple(
          fc.constantFrom(
            ...SIM_RESOURCES.filter(r => r.includes('namespaces/')),
          ),
          seg,
        )
        .map(([r, s]) => `${r}/${s}`),
    },
    {
      weight: 2,
      arbitrary: fc
        .tuple(
          seg,
          fc.constantFrom('apps', 'pods', 'scalers', 'resourcequotas'),
          seg,
          fc.constantFrom('', '/status', '/scale', '/log', '/x'),
        )
        .map(([ns, plural, name, sub]) =>
          plural === 'pods' || plural === 'resourcequotas'
            ? `api/v1/namespaces/${ns}/${plural}/${name}${sub}`
            : `apis/compute.atrium.dev/v1alpha1/namespaces/${ns}/${plural}/${name}${sub}`,
        ),
    },
    {
      weight: 1,
      arbitrary: fc.constantFrom(
        'version',
        'api',
        'apis',
        'apis/compute.atrium.dev',
        'apis/compute.atrium.dev/v1alpha1',
        'healthz',
        'openapi/v2',
        'openapi/v3',
        'openapi/v3/api/v1',
        'openapi/v3/apis/compute.atrium.dev/v1alpha1',
        'openapi/v3/apis/%2e%2e/x',
        'openapi/v3/__proto__',
        '_simulator/bad-images',
        '_simulator/%ED%A0%80',
        'apis/%2e%2e/%2e%2e',
        'api/v1/namespaces/%ED%A0%80/pods',
        'api/v1/namespaces/__proto__/pods/constructor',
      ),
    },
    {
      weight: 1,
      arbitrary: fc
        .tuple(seg, seg, seg)
        .map(([a, b, c]) => `apis/${a}/${b}/${c}`),
    },
  );
  const selector = fc.oneof(
    hostileString,
    fc.constantFrom(
      'app=payments-gateway',
      'a in (b',
      'a in ()',
      'a notin (b,c),!d',
      '!',
      '=',
      '==x',
      'a=b,,c=d',
      '__proto__=x',
      'constructor.prototype=x',
      'metadata.name=__proto__',
      'metadata.__proto__.x=y',
      'metadata.labels.__proto__=x',
      'spec.a.b.c.d.e=1',
      'status.phase!=Running',
      'a' + '=b,a'.repeat(2000),
      '('.repeat(3000),
    ),
  );
  const query = fc
    .record(
      {
        labelSelector: selector,
        fieldSelector: selector,
        limit: fc.oneof(wrongScalar, fc.constantFrom('1', '2', '500')),
        continue: fc.oneof(
          hostileString,
          fc.constantFrom(
            Buffer.from('{"key":{"toString":1},"rv":1}').toString('base64url'),
            Buffer.from('{"__proto__":{"x":1}}').toString('base64url'),
            Buffer.from('null').toString('base64url'),
            Buffer.from('"str"').toString('base64url'),
            Buffer.from('[1,2]').toString('base64url'),
          ),
        ),
        resourceVersion: fc.oneof(wrongScalar, fc.constant('1')),
        container: hostileString,
        tailLines: wrongScalar,
        limitBytes: wrongScalar,
        sinceSeconds: wrongScalar,
        previous: fc.constantFrom('true', 'false', 'x'),
        watch: fc.constantFrom('false', '0', 'x'),
        n: wrongScalar,
        last: hostileString,
      },
      { requiredKeys: [] },
    )
    .map(q => {
      const parts = Object.entries(q).map(
        ([k, v]) => `${k}=${pctEncode(String(v))}`,
      );
      return parts.length ? `?${parts.join('&')}` : '';
    });
  const patchBody = fc.oneof(
    fc.constantFrom(
      [
        {
          op: 'add',
          path: '/metadata/labels/__proto__',
          value: { polluted: 'yes' },
        },
      ],
      [{ op: 'add', path: '/__proto__/polluted', value: 'yes' }],
      [
        {
          op: 'replace',
          path: '/constructor/prototype/polluted',
          value: 'yes',
        },
      ],
      [{ op: 'add', path: '/metadata/annotations/constructor', value: 'x' }],
      [{ op: 'move', from: '/spec', path: '/spec/x' }],
      [{ op: 'copy', from: '/metadata', path: '/metadata/labels/x' }],
      [{ op: 'remove', path: '/' }],
      [{ op: 'remove', path: '' }],
      [{ op: 'test', path: '/spec/replicas', value: 'x' }],
      [{ op: 'add', path: '/spec/containers/-/x', value: 1 }],
      [{ op: 'add', path: '/spec/replicas/~2', value: 1 }],
      [{ op: 'bogus', path: '/spec' }],
      [{ path: '/spec' }],
      [null],
      { op: 'add', path: '/x', value: 1 },
    ),
    fc.constant(
      own(
        { metadata: own({ labels: {} }, '__proto__', { polluted: 'yes' }) },
        '__proto__',
        { polluted: 'yes' },
      ),
    ),
    fc.constant({
      metadata: { labels: { constructor: { prototype: { polluted: 'yes' } } } },
    }),
    fc.constant({ spec: { replicas: '3' } }),
    fc.constant({ spec: { replicas: -1, containers: null } }),
    hostileJson,
  );
  const createBody = fc.oneof(
    fc.constant({ metadata: { name: '__proto__' }, spec: {} }),
    fc.constant({
      metadata: { name: 'constructor', labels: own({}, '__proto__', { x: 1 }) },
    }),
    fc.constant({
      apiVersion: 'compute.atrium.dev/v1alpha1',
      kind: 'App',
      metadata: { name: 'fuzz-app' },
      spec: { image: 'x', version: 'y', replicas: 1e9 },
    }),
    fc.constant({ metadata: { name: 'x'.repeat(10000) } }),
    fc.constant({ metadata: null }),
    fc.constant({ metadata: { name: 1, namespace: {} } }),
    hostileJson,
  );
  const registryPath = fc.oneof(
    fc.constantFrom(
      '/api/kube-simulator/registry/v2/',
      '/api/kube-simulator/registry/v2/_catalog',
      '/api/kube-simulator/registry/v2/payments/payments-gateway/tags/list',
    ),
    fc
      .tuple(
        seg,
        seg,
        fc.constantFrom(
          'tags/list',
          'manifests/latest',
          'manifests/%ED%A0%80',
          'blobs/sha256:x',
        ),
      )
      .map(([a, b, c]) => `/api/kube-simulator/registry/v2/${a}/${b}/${c}`),
  );
  const json = (v: unknown) => Buffer.from(JSON.stringify(v) ?? 'null');
  return fc
    .tuple(
      fc.nat(99),
      cluster,
      rest,
      query,
      patchBody,
      createBody,
      registryPath,
      fc.constantFrom(
        'application/json-patch+json',
        'application/merge-patch+json',
        'application/strategic-merge-patch+json',
        'application/apply-patch+yaml',
        'application/json',
        'text/plain',
        '',
      ),
      who,
    )
    .map(([dice, cl, r, q, patch, create, reg, ct, w]): FuzzRequest => {
      const base = `/api/kube-simulator/clusters/${cl}/${r}`;
      const common = { target: 'kube-simulator', who: w };
      if (dice < 40)
        return { ...common, method: 'GET', path: `${base}${q}`, headers: {} };
      if (dice < 58)
        return {
          ...common,
          method: 'PATCH',
          path: base,
          headers: header('content-type', ct),
          body: json(patch),
        };
      if (dice < 70)
        return {
          ...common,
          method: 'POST',
          path: base,
          headers: { 'content-type': 'application/json' },
          body: json(create),
        };
      if (dice < 78)
        return {
          ...common,
          method: 'PUT',
          path: base,
          headers: { 'content-type': 'application/json' },
          body: json(create),
        };
      if (dice < 82)
        return { ...common, method: 'DELETE', path: base, headers: {} };
      if (dice < 88)
        return {
          ...common,
          method: dice % 2 ? 'POST' : 'DELETE',
          path: `/api/kube-simulator/clusters/${cl}/_simulator/bad-images`,
          headers: { 'content-type': 'application/json' },
          body: json(
            dice % 3
              ? { image: create, version: patch }
              : own({ image: 'x', version: 'y' }, '__proto__', { bad: true }),
          ),
        };
      if (dice < 96)
        return { ...common, method: 'GET', path: `${reg}${q}`, headers: {} };
      return {
        ...common,
        method: 'GET',
        path: `/api/kube-simulator/${dice % 2 ? 'metrics' : 'clusters'}${q}`,
        headers: {},
      };
    });
}
