// Requests to the GraphQL gateway: well-formed queries with hostile arguments or variables, limits (depth,
// aliases, directives, fragments), documents that are not well-formed, hostile request bodies, a few GETs.
import fc from 'fast-check';
import { brokenJsonText } from './bodies.ts';
import type { FuzzRequest } from './client.ts';
import { who } from './credentials.ts';
import {
  anyString,
  header,
  hostileJson,
  hostileString,
  own,
  pctEncode,
  sometimes,
} from './primitives.ts';

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
        variables: (
          { 4: { r: s }, 5: { refs: [s] } } as Record<number, object>
        )[n],
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
      variables: [
        () => ({ r: v }),
        () => ({ refs: v }),
        () => ({ f: v }),
        () => own({ k: v }, '__proto__', { f: 1 }),
      ][n](),
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
          `#${'x'.repeat(5000)}`,
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
