// Request bodies for an OpenAPI operation: JSON from its schema, as is or mutated (a wrong type somewhere, a
// prototype key, nesting, sizes), text that is not JSON, with the right content type or a wrong one.
import fc from 'fast-check';
import type { Schema } from './openapi.ts';
import { header, hostileJson, jsonBuffer, nested, own } from './primitives.ts';
import { fromSchema } from './schema.ts';

export type Payload = { headers: Record<string, string>; body?: Buffer };

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
export const brokenJsonText = fc.constantFrom(
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
  `${'{"a":'.repeat(3000)}1${'}'.repeat(3000)}`,
  '9'.repeat(400),
);

const RAW_UTF8_SURROGATE = Buffer.from([
  0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xed, 0xa0, 0x80, 0x22, 0x7d,
]); // {"a":"<ED A0 80>"}

/** A request body and its headers: JSON from the schema, mutated, or broken; the right content type or not. */
export function body(schema: Schema): fc.Arbitrary<Payload> {
  const json = mutatedBody(schema).map(jsonBuffer);
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
        `application/json; boundary=${'x'.repeat(3000)}`,
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
