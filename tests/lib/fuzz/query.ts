// Raw query strings for an OpenAPI operation: its own parameters with values of their type, of the wrong one
// or hostile, repeated and nested keys (Express's qs parser makes arrays and objects of them), and strangers.
import fc from 'fast-check';
import type { Param, Schema } from './openapi.ts';
import {
  HOSTILE_SEGMENTS,
  hostileString,
  pctEncode,
  sometimes,
  wrongScalar,
} from './primitives.ts';
import { scalarText } from './schema.ts';

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
export function queryString(params: Param[]): fc.Arbitrary<string> {
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
