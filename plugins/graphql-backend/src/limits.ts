import { costLimitRule } from '@escape.tech/graphql-armor-cost-limit';
import { maxAliasesRule } from '@escape.tech/graphql-armor-max-aliases';
import { maxDepthRule } from '@escape.tech/graphql-armor-max-depth';
import { maxDirectivesRule } from '@escape.tech/graphql-armor-max-directives';
import { MaxTokensParserWLexer } from '@escape.tech/graphql-armor-max-tokens';
import {
  validate,
  type DocumentNode,
  type GraphQLError,
  type GraphQLSchema,
  type ValidationRule,
} from 'graphql';
import { createListSizer } from './listSizes';

export interface QueryLimits {
  maxDepth: number;
  maxCost: number;
  maxAliases: number;
  maxDirectives: number;
  maxTokens: number;
}

/** What the limits measured of an accepted query: the most of any of its operations. */
export interface QueryMeasure {
  cost: number;
  depth: number;
  aliases: number;
  directives: number;
}

/** The `extensions.code` of a query refused by a limit. */
export type QueryLimitCode =
  | 'QUERY_TOO_DEEP'
  | 'QUERY_TOO_COSTLY'
  | 'QUERY_TOO_MANY_ALIASES'
  | 'QUERY_TOO_MANY_DIRECTIVES'
  | 'QUERY_TOO_MANY_TOKENS';

/** A query over the gateway's limits. Thrown before the query is validated against the schema or resolved. */
export class QueryLimitError extends Error {
  readonly code: QueryLimitCode;

  constructor(message: string, code: QueryLimitCode) {
    super(message);
    this.name = 'QueryLimitError';
    this.code = code;
  }
}

/**
 * GraphQL Armor reports a passed limit as a GraphQLError ("Syntax Error: Query depth limit of 12 exceeded, found
 * 14."); this throws it as a QueryLimitError with its code instead, which stops the parse or the validation at
 * once (the rules run with `propagateOnRejection: false`, so this handler is what ends them).
 */
function refuse(code: QueryLimitCode) {
  return [
    (_context: unknown, error: GraphQLError) => {
      throw new QueryLimitError(
        error.message.replace(/^Syntax Error: /, ''),
        code,
      );
    },
  ];
}

/**
 * Cost options of GraphQL Armor's cost rule. Every field costs `scalarCost` (1), or `objectCost` (2) plus its
 * selection's cost when it has one, and a list's fan-out multiplies its whole selection (`first: N`, see
 * listSizes.ts). `depthCostFactor` is 1 (Armor's default 1.5 counts each level's selection 1.5 times more than
 * the one above it): the depth has its own limit, and with 1.5 the component page's query, whose relations,
 * members and workloads are lists in lists, would cost about 27,000. Fragments count where they are spread
 * (`flattenFragments`); a fragment spread again is counted from its first count, not walked again, so the check
 * is linear however the fragments spread each other.
 *
 * With the default maxCost of 20000, what Atrium sends costs at most a third of it (limits.test.ts measures each
 * page's query, with the `__typename`s Apollo adds: the component page about 6,600, Home about 3,200 for its 50
 * owned components with their owners and workloads), while a fragment that spreads the next one twice doubles
 * the cost with every fragment (2^30 for 30 of them), and a list in a list is refused from a page of 200
 * (`owned(first: 200) { items { members { name } } }`: 200 x 100 members, about 60,000).
 */
const COST_MODEL = {
  objectCost: 2,
  scalarCost: 1,
  depthCostFactor: 1,
  flattenFragments: true,
} as const;

/**
 * The gateway's query limits, from GraphQL Armor's rules (`@escape.tech/graphql-armor-*`): the token count while
 * parsing, then depth, cost, aliases and directives as graphql-js validation rules, in a validation of their own
 * before graphql-js's specified rules, so nothing walks the query's expansion before they have measured it.
 * Each rule counts a fragment once and reuses its count where it is spread again: every check takes time linear
 * in the query's size.
 */
export function createQueryLimits(options: {
  schema: GraphQLSchema;
  limits: QueryLimits;
  /** `Type.field` to the most items the list field returns (the schema contributions' `listSizes`). */
  listSizes: ReadonlyMap<string, number>;
}) {
  const { schema, limits } = options;
  const sizeLists = createListSizer(options);
  const common = { propagateOnRejection: false, exposeLimits: true };
  // Each rule reports what it counted to its onAccept handlers; validation is synchronous, so one record will do.
  let measure: QueryMeasure = { cost: 0, depth: 0, aliases: 0, directives: 0 };
  const record = (key: keyof QueryMeasure) => [
    (_context: unknown, details: { n: number }) => {
      measure[key] = Math.max(measure[key], details.n);
    },
  ];
  const rules: ValidationRule[] = [
    costLimitRule({
      ...common,
      ...COST_MODEL,
      maxCost: limits.maxCost,
      onReject: refuse('QUERY_TOO_COSTLY'),
      onAccept: record('cost'),
    }),
    maxDepthRule({
      ...common,
      n: limits.maxDepth,
      flattenFragments: true,
      onReject: refuse('QUERY_TOO_DEEP'),
      onAccept: record('depth'),
    }),
    maxAliasesRule({
      ...common,
      n: limits.maxAliases,
      onReject: refuse('QUERY_TOO_MANY_ALIASES'),
      onAccept: record('aliases'),
    }),
    maxDirectivesRule({
      ...common,
      n: limits.maxDirectives,
      onReject: refuse('QUERY_TOO_MANY_DIRECTIVES'),
      onAccept: record('directives'),
    }),
  ] as ValidationRule[];

  return {
    /** Parses the query's text, throwing QueryLimitError as soon as it has more than `maxTokens` tokens. */
    parse(text: string): DocumentNode {
      const parser = new MaxTokensParserWLexer(text, {
        ...common,
        n: limits.maxTokens,
        onReject: refuse('QUERY_TOO_MANY_TOKENS'),
      });
      return parser.parseDocument();
    },

    /**
     * Throws QueryLimitError when any operation of the document passes a limit. `variables` size the lists that
     * take their length from one (`owned(first: $n)`, `entities(refs: $refs)`). Returns what it measured.
     */
    check(
      document: DocumentNode,
      variables?: Record<string, unknown>,
    ): QueryMeasure {
      measure = { cost: 0, depth: 0, aliases: 0, directives: 0 };
      validate(schema, sizeLists(document, variables), rules);
      return measure;
    },
  };
}
