import { addTypenameToDocument } from '@apollo/client/utilities';
import { computeSchema } from '@atrium/plugin-graphql-backend-module-compute';
import { homeSchema } from '@atrium/plugin-graphql-backend-module-home';
import { openAlertsSchema } from '@atrium/plugin-graphql-backend-module-operations';
import type { GraphqlSchemaContribution } from '@atrium/plugin-graphql-node';
// The page queries exactly as the app sends them; only this test reads the frontend library.
// eslint-disable-next-line @backstage/no-mixed-plugin-imports
import {
  CHECKLIST_QUERY,
  ENTITY_OVERVIEW_QUERY,
  HOME_QUERY,
  OPEN_ALERTS_QUERY,
  RECENT_DEPLOYS_QUERY,
} from '@atrium/plugin-graphql-react';
import { ConfigReader } from '@backstage/config';
import { makeExecutableSchema } from '@graphql-tools/schema';
import { print, type DocumentNode } from 'graphql';
import { readGatewayConfig } from './config';
import { createQueryLimits, QueryLimitError, type QueryLimits } from './limits';
import { coreSchema } from './schema/core';

/**
 * The limits over the gateway's schema as Atrium assembles it: the core's and the modules' contributions, whose
 * services are never called here (only their types and list sizes are read), so none is given.
 */
const contributions: GraphqlSchemaContribution[] = [
  coreSchema({ catalog: {} as any }),
  computeSchema({} as any),
  homeSchema({} as any),
  openAlertsSchema({ catalog: {} as any, source: {} as any }),
];
const schema = makeExecutableSchema({
  typeDefs: contributions.map(c => c.typeDefs),
  resolvers: contributions.map(c => c.resolvers ?? {}) as any,
});
const listSizes = new Map(
  contributions.flatMap(c => Object.entries(c.listSizes ?? {})),
);
const defaults = readGatewayConfig(new ConfigReader({})).limits;

function limited(limits: Partial<QueryLimits> = {}) {
  return createQueryLimits({
    schema,
    limits: { ...defaults, ...limits },
    listSizes,
  });
}

/** Parses and checks; returns the error it was refused with, or the measure. */
function run(
  query: string,
  variables?: Record<string, unknown>,
  limits?: Partial<QueryLimits>,
) {
  const check = limited(limits);
  try {
    return check.check(check.parse(query), variables);
  } catch (error) {
    if (error instanceof QueryLimitError) return error;
    throw error;
  }
}

describe('query limits', () => {
  it('refuses each limit with its code and a message naming the limit', () => {
    let nested = 'name';
    for (let i = 0; i < 12; i++) nested = `owner { ${nested} }`;
    const refusals: Array<[string, string, RegExp]> = [
      [
        `{ entity(ref: "component:a") { ${nested} } }`,
        'QUERY_TOO_DEEP',
        /depth limit of 12 exceeded, found 14/,
      ],
      [
        '{ viewer { owned(first: 200) { items { members { name } } } } }',
        'QUERY_TOO_COSTLY',
        /Cost limit of 20000 exceeded, found 6\d{4}/,
      ],
      [
        `{ viewer { ${Array.from(
          { length: 31 },
          (_, i) => `a${i}: userRef`,
        ).join(' ')} } }`,
        'QUERY_TOO_MANY_ALIASES',
        /Aliases limit of 30 exceeded, found 31/,
      ],
      [
        `{ viewer { ${'userRef @include(if: true) '.repeat(51)} } }`,
        'QUERY_TOO_MANY_DIRECTIVES',
        /Directives limit of 50 exceeded, found 51/,
      ],
      [
        `{ viewer { ${'userRef '.repeat(2000)} } }`,
        'QUERY_TOO_MANY_TOKENS',
        /Token limit of 2000 exceeded/,
      ],
    ];
    for (const [query, code, message] of refusals) {
      const refused = run(query);
      expect(refused).toBeInstanceOf(QueryLimitError);
      expect((refused as QueryLimitError).code).toBe(code);
      expect((refused as QueryLimitError).message).toMatch(message);
      expect((refused as QueryLimitError).message).not.toMatch(/Syntax Error/);
    }
  });

  it('counts a list by its first, from a variable or the default too (at most 200), by the refs it is given, or by its declared size', () => {
    const cost = (query: string, variables?: Record<string, unknown>) => {
      const measured = run(query, variables, { maxCost: 1e9 });
      if (measured instanceof Error) throw measured;
      return measured.cost;
    };
    const page = (first: string) =>
      `query($n: Int) { viewer { owned${first} { items { name } } } }`;
    // viewer 2 + owned: 2 + items (2 + name 1), the whole field once per item of the page.
    expect(cost(page('(first: 10)'))).toBe(2 + 10 * 5);
    expect(cost(page('(first: $n)'), { n: 10 })).toBe(2 + 10 * 5);
    expect(cost(page(''))).toBe(2 + 50 * 5); // `first: Int = 50`
    expect(cost(page('(first: $n)'))).toBe(2 + 50 * 5);
    expect(cost(page('(first: $n)'), { n: 200 })).toBe(2 + 200 * 5);
    // No resolver returns more than 200: they refuse a larger first themselves, saying so.
    expect(cost(page('(first: 100000)'))).toBe(2 + 200 * 5);

    const refs = ['component:a', 'component:b', 'component:c'];
    const entities = (arg: string) =>
      `query($refs: [String!]!) { entities(refs: ${arg}) { name } }`;
    expect(cost(entities(JSON.stringify(refs)))).toBe(9);
    expect(cost(entities('$refs'), { refs })).toBe(9);
    // Entity.members is declared as up to 100, Entity.memberOf as 50.
    expect(cost('{ entity(ref: "a") { members { name } } }')).toBe(2 + 100 * 3);
    expect(cost('{ entity(ref: "a") { memberOf { members { name } } } }')).toBe(
      2 + 50 * (2 + 100 * 3),
    );
  });

  it('measures a fragment spread twice at each level from its first count: a chain of 40 is refused at once', () => {
    const chain = (n: number, spreads: (next: string) => string) =>
      [
        '{ viewer { owned(first: 0) { items { ...F0 } } } }',
        ...Array.from(
          { length: n },
          (_, i) =>
            `fragment F${i} on Entity { name ${
              i < n - 1 ? spreads(`F${i + 1}`) : ''
            } }`,
        ),
      ].join('\n');
    const sameLevel = (next: string) => `...${next} ...${next}`;
    const aliased = (next: string) =>
      `a: owner { ...${next} } b: owner { ...${next} }`;
    const started = performance.now();
    const refused = run(chain(40, sameLevel));
    expect(performance.now() - started).toBeLessThan(200);
    expect((refused as QueryLimitError).code).toBe('QUERY_TOO_COSTLY');
    expect((refused as QueryLimitError).message).toMatch(
      /found \d{13}\./, // about 2^42
    );
    // Aliases are counted the same way: two per fragment, doubling down the chain.
    expect(
      (run(chain(6, aliased), undefined, { maxCost: 1e9 }) as QueryLimitError)
        .code,
    ).toBe('QUERY_TOO_MANY_ALIASES');
  });

  it("accepts the queries Atrium's pages send, with Apollo's __typename, at half of every default limit", () => {
    const half = {
      maxDepth: defaults.maxDepth / 2,
      maxCost: defaults.maxCost / 2,
      maxAliases: defaults.maxAliases / 2,
      maxDirectives: defaults.maxDirectives / 2,
      maxTokens: defaults.maxTokens / 2,
    };
    // Viewer.reviews' query is not here: its module's tests need this package, so this one cannot need it.
    const pages: Record<string, DocumentNode> = {
      HOME_QUERY,
      ENTITY_OVERVIEW_QUERY,
      CHECKLIST_QUERY,
      RECENT_DEPLOYS_QUERY,
      OPEN_ALERTS_QUERY,
    };
    for (const [name, document] of Object.entries(pages)) {
      const measured = run(
        print(addTypenameToDocument(document)),
        { ref: 'component:default/payments-gateway' },
        half,
      );
      expect([name, measured]).toEqual([
        name,
        expect.objectContaining({ aliases: 0, directives: 0 }),
      ]);
    }
  });
});
