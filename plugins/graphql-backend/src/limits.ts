import {
  getNamedType,
  isCompositeType,
  isListType,
  isNonNullType,
  Kind,
  valueFromASTUntyped,
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLCompositeType,
  type GraphQLField,
  type GraphQLOutputType,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from 'graphql';

/** How many items a list field is counted for when nothing else tells. */
export const DEFAULT_LIST_SIZE = 20;

export interface QueryLimits {
  maxDepth: number;
  maxCost: number;
}

export interface QueryMeasure {
  depth: number;
  cost: number;
}

/** A query over the gateway's limits. Thrown before anything is resolved. */
export class QueryLimitError extends Error {
  constructor(
    message: string,
    readonly code: 'QUERY_TOO_DEEP' | 'QUERY_TOO_COSTLY',
    readonly measure: Partial<QueryMeasure>,
  ) {
    super(message);
    this.name = 'QueryLimitError';
  }
}

function isList(type: GraphQLOutputType): boolean {
  const inner = isNonNullType(type) ? type.ofType : type;
  return isListType(inner);
}

/**
 * Measures the operation's depth and cost from its text alone, before anything runs, and throws
 * `QueryLimitError` as soon as either passes its limit, so a hostile query (deep nesting, aliases by the
 * thousand, fragments that spread each other twice at every level) costs at most the limit's worth of walking.
 *
 * Cost: every field costs 1 plus its selection's cost, and a list field counts its selection once per item it
 * may return — its `first` argument (or that of the page field around it), the length of the list it was given (`refs: [...]`), the size declared
 * for `Type.field`, or DEFAULT_LIST_SIZE.
 */
export function measureQuery(options: {
  schema: GraphQLSchema;
  document: DocumentNode;
  operationName?: string;
  variables?: Record<string, unknown>;
  limits: QueryLimits;
  listSizes: ReadonlyMap<string, number>;
}): QueryMeasure {
  const { schema, document, variables = {}, limits, listSizes } = options;
  const fragments = new Map<string, FragmentDefinitionNode>();
  const operations: OperationDefinitionNode[] = [];
  for (const def of document.definitions) {
    if (def.kind === Kind.FRAGMENT_DEFINITION) {
      fragments.set(def.name.value, def);
    } else if (def.kind === Kind.OPERATION_DEFINITION) {
      operations.push(def);
    }
  }
  const operation = options.operationName
    ? operations.find(o => o.name?.value === options.operationName)
    : operations[0];
  if (!operation) {
    return { depth: 0, cost: 0 };
  }
  const root = schema.getRootType(operation.operation);
  if (!root) {
    return { depth: 0, cost: 0 };
  }

  let total = 0;
  let deepest = 0;
  const spreading = new Set<string>();

  const argument = (node: FieldNode, name: string): unknown => {
    const arg = node.arguments?.find(a => a.name.value === name);
    return arg ? valueFromASTUntyped(arg.value, variables) : undefined;
  };

  const firstOf = (node: FieldNode): number | undefined => {
    const first = argument(node, 'first');
    return typeof first === 'number' && Number.isFinite(first)
      ? Math.max(0, Math.floor(first))
      : undefined;
  };

  const listSize = (
    parent: GraphQLCompositeType,
    node: FieldNode,
    def: GraphQLField<unknown, unknown>,
    pageSize: number | undefined,
  ): number => {
    const first = firstOf(node) ?? pageSize;
    if (first !== undefined) {
      return first;
    }
    for (const arg of def.args) {
      if (isList(arg.type as any)) {
        const given = argument(node, arg.name);
        if (Array.isArray(given)) {
          return given.length;
        }
      }
    }
    return listSizes.get(`${parent.name}.${def.name}`) ?? DEFAULT_LIST_SIZE;
  };

  // Returns the cost of one instance of the selection set. `weight` is how many times it is counted in the
  // whole answer, so the running total can stop the walk as soon as the limit is passed. `pageSize` is the
  // `first` of a page field (`owned(first: 10) { items { ... } }`), which sizes the page's lists.
  const walk = (
    type: GraphQLCompositeType,
    selectionSet: SelectionSetNode,
    depth: number,
    weight: number,
    pageSize?: number,
  ): number => {
    let cost = 0;
    for (const selection of selectionSet.selections) {
      if (selection.kind === Kind.FIELD) {
        if (selection.name.value.startsWith('__')) {
          continue;
        }
        const fieldDepth = depth + 1;
        deepest = Math.max(deepest, fieldDepth);
        if (fieldDepth > limits.maxDepth) {
          throw new QueryLimitError(
            `The query nests deeper than ${limits.maxDepth} levels`,
            'QUERY_TOO_DEEP',
            { depth: fieldDepth },
          );
        }
        total += weight;
        cost += 1;
        if (total > limits.maxCost) {
          throw new QueryLimitError(
            `The query costs more than ${limits.maxCost}`,
            'QUERY_TOO_COSTLY',
            { cost: total },
          );
        }
        const def =
          'getFields' in type
            ? (type.getFields() as Record<string, GraphQLField<any, any>>)[
                selection.name.value
              ]
            : undefined;
        if (!def || !selection.selectionSet) {
          continue;
        }
        const child = getNamedType(def.type);
        if (!isCompositeType(child)) {
          continue;
        }
        const list = isList(def.type);
        const times = list ? listSize(type, selection, def, pageSize) : 1;
        cost +=
          times *
          walk(
            child,
            selection.selectionSet,
            fieldDepth,
            weight * times,
            list ? undefined : firstOf(selection),
          );
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        const cond = selection.typeCondition
          ? schema.getType(selection.typeCondition.name.value)
          : type;
        cost += walk(
          cond && isCompositeType(cond) ? cond : type,
          selection.selectionSet,
          depth,
          weight,
          pageSize,
        );
      } else {
        const name = selection.name.value;
        const fragment = fragments.get(name);
        // A fragment that spreads itself is refused by validation later; here it is walked once.
        if (!fragment || spreading.has(name)) {
          continue;
        }
        const cond = schema.getType(fragment.typeCondition.name.value);
        spreading.add(name);
        cost += walk(
          cond && isCompositeType(cond) ? cond : type,
          fragment.selectionSet,
          depth,
          weight,
          pageSize,
        );
        spreading.delete(name);
      }
    }
    return cost;
  };

  walk(root, operation.selectionSet, 0, 1);
  return { depth: deepest, cost: total };
}
