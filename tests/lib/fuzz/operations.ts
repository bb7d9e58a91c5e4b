// Requests for one OpenAPI operation: a well-formed one (plausible path, a body from its schema, as the demo
// user), and hostile ones (path parameters, query string, header parameters, body, sender).
import fc from 'fast-check';
import { body } from './bodies.ts';
import type { FuzzRequest } from './client.ts';
import { who } from './credentials.ts';
import type { Operation } from './openapi.ts';
import {
  fillTemplate,
  pathParam,
  plausible,
  templateParams,
} from './pathParams.ts';
import { header, jsonBuffer, pctEncode, sometimes } from './primitives.ts';
import { queryString } from './query.ts';
import { fromSchema } from './schema.ts';

/**
 * One well-formed request for an operation: plausible path parameters, no query, a body from its schema as JSON,
 * as the demo user. The plan starts each operation with one, so every route is reached whatever the seed.
 */
export function plainOperationRequest(
  op: Operation,
): fc.Arbitrary<FuzzRequest> {
  const names = templateParams(op.template);
  const segments = fc.tuple(
    ...names.map(n => fc.constantFrom(...plausible(n, op.template))),
  );
  const payload = op.body
    ? fromSchema(op.body.schema).map(jsonBuffer)
    : fc.constant(undefined);
  return fc.tuple(segments, payload).map(([seg, b]) => {
    const path = fillTemplate(op.template, seg.map(pctEncode));
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
  const names = templateParams(op.template);
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
            `ghp_${'a'.repeat(36)}`,
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
      const path = fillTemplate(
        op.template,
        seg.map(s => s.value),
      );
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
