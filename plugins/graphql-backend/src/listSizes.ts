import {
  getNamedType,
  isCompositeType,
  isInterfaceType,
  isListType,
  isNonNullType,
  isObjectType,
  Kind,
  TypeInfo,
  valueFromASTUntyped,
  visit,
  visitWithTypeInfo,
  type ArgumentNode,
  type DocumentNode,
  type FieldNode,
  type GraphQLField,
  type GraphQLNamedType,
  type GraphQLOutputType,
  type GraphQLSchema,
} from 'graphql';
import { MAX_PAGE } from '@atrium/plugin-graphql-node';

/** How many items a list field is counted for when nothing else tells. */
export const DEFAULT_LIST_SIZE = 20;

function isList(type: GraphQLOutputType): boolean {
  return isListType(isNonNullType(type) ? type.ofType : type);
}

/** The arguments' names GraphQL Armor's cost rule reads as a multiplier, as it reads them: `first`, then `last`. */
const PAGE_ARGS = new Set(['first', 'last']);

/** Object types returned (not in a list) by a field that takes `first`: pages such as `EntityPage`. */
function pageTypes(schema: GraphQLSchema): Set<string> {
  const pages = new Set<string>();
  for (const type of Object.values(schema.getTypeMap())) {
    if (
      type.name.startsWith('__') ||
      !(isObjectType(type) || isInterfaceType(type))
    ) {
      continue;
    }
    for (const field of Object.values(type.getFields())) {
      if (field.args.some(a => PAGE_ARGS.has(a.name)) && !isList(field.type)) {
        pages.add(getNamedType(field.type).name);
      }
    }
  }
  return pages;
}

/**
 * GraphQL Armor's cost rule (`@escape.tech/graphql-armor-cost-limit`) multiplies a field's cost by the number in
 * its `first` (or `last`) argument when that argument is an integer written in the query, and by 1 otherwise:
 * it does not see variables, the schema's default values, or list fields without such an argument. This gives it
 * those, so that a list's fan-out counts however it is asked for: it returns a copy of the document, only for the
 * cost rule (never validated against the schema or executed), where every sized field has `first: N` written out:
 *
 * - a field that takes `first`/`last`: the value given, from the variables too, or the argument's default
 *   (`owned` is `first: Int = 50`): its whole selection counts N times, the page's `items` included;
 *   at most MAX_PAGE (200), as for the list arguments below: no resolver returns more, they refuse a larger
 *   one with a clear BAD_USER_INPUT (`owned(first: 100000)`), which is better said by them;
 * - a list field of a page type (`EntityPage.items`): nothing, the page field around it counts its items;
 * - any other list field of objects: the length of a list argument it was given (`entities(refs: [...])`), the
 *   size its schema contribution declares in `listSizes` (`Entity.members`: 100), or DEFAULT_LIST_SIZE.
 *
 * Written here because neither Armor nor graphql-js has such a pass (graphql-query-complexity has field
 * estimators, but walks each fragment once per spread, which is the exponential walk this replaces). It is one
 * `visit` of the document with graphql-js's TypeInfo: a fragment's fields are sized once, in its definition,
 * from their own types, so the time is linear in the document's size.
 */
export function createListSizer(options: {
  schema: GraphQLSchema;
  /** `Type.field` to the most items it returns, from the schema contributions. */
  listSizes: ReadonlyMap<string, number>;
}): (
  document: DocumentNode,
  variables?: Record<string, unknown>,
) => DocumentNode {
  const { schema, listSizes } = options;
  const pages = pageTypes(schema);

  return (document, variables = {}) => {
    const typeInfo = new TypeInfo(schema);
    const valueOf = (arg: ArgumentNode) =>
      valueFromASTUntyped(arg.value, variables);

    const size = (
      parent: GraphQLNamedType | null | undefined,
      def: GraphQLField<unknown, unknown>,
      node: FieldNode,
    ): number | undefined => {
      const given = node.arguments?.find(a => PAGE_ARGS.has(a.name.value));
      const declared = def.args.find(a => PAGE_ARGS.has(a.name));
      if (given || declared) {
        // A variable not given (or null) leaves the argument to its default, as graphql-js does.
        const value = (given && valueOf(given)) ?? declared?.defaultValue;
        if (typeof value === 'number' && Number.isFinite(value)) {
          return Math.min(MAX_PAGE, Math.max(0, Math.floor(value)));
        }
      }
      if (!isList(def.type) || !isCompositeType(getNamedType(def.type))) {
        return undefined;
      }
      if (parent && pages.has(parent.name)) {
        return undefined;
      }
      for (const arg of node.arguments ?? []) {
        const value = valueOf(arg);
        if (Array.isArray(value)) {
          return Math.min(MAX_PAGE, value.length);
        }
      }
      return listSizes.get(`${parent?.name}.${def.name}`) ?? DEFAULT_LIST_SIZE;
    };

    return visit(
      document,
      visitWithTypeInfo(typeInfo, {
        Field(node) {
          const def = typeInfo.getFieldDef();
          if (!def || node.name.value.startsWith('__')) {
            return undefined;
          }
          const n = size(typeInfo.getParentType(), def, node);
          if (n === undefined) {
            return undefined;
          }
          const first: ArgumentNode = {
            kind: Kind.ARGUMENT,
            name: { kind: Kind.NAME, value: 'first' },
            value: { kind: Kind.INT, value: String(n) },
          };
          return {
            ...node,
            arguments: [
              first,
              ...(node.arguments ?? []).filter(
                a => !PAGE_ARGS.has(a.name.value),
              ),
            ],
          };
        },
      }),
    );
  };
}
