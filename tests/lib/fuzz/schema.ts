// Values from an OpenAPI operation's JSON schema: ones that fit it, or nearly (near its bounds), bounded in
// depth; and a scalar of a parameter's type as text.
import fc from 'fast-check';
import type { Schema } from './openapi.ts';
import { PLAUSIBLE } from './pathParams.ts';

/** An integer within the schema's bounds (or a default range), or one at or just past a bound. */
function integerNearBounds(schema: Schema): fc.Arbitrary<number> {
  return fc.oneof(
    fc.integer({ min: schema.minimum ?? -10, max: schema.maximum ?? 1000 }),
    fc.constantFrom(
      schema.minimum ?? 0,
      schema.maximum ?? 0,
      (schema.minimum ?? 0) - 1,
      (schema.maximum ?? 0) + 1,
    ),
  );
}

/** A value of the schema's type, or near its bounds; strings are not encoded yet. */
export function scalarText(schema: Schema): fc.Arbitrary<string> {
  if (schema.enum) return fc.constantFrom(...schema.enum.map(String));
  switch (schema.type) {
    case 'integer':
      return integerNearBounds(schema).map(String);
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
  let shape: string | undefined;
  if (schema.properties) shape = 'object';
  else if (schema.items) shape = 'array';
  const type = schema.type ?? shape;
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
      return integerNearBounds(schema);
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
