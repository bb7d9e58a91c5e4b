import type { GraphQLResolveInfo, SelectionSetNode } from 'graphql';

/**
 * Whether the query selects the field at `path` below the resolver's own field (through inline fragments and
 * fragment spreads too), e.g. `['facets', 'kind']`. Bounded by the query's own size: each selection is read once
 * per path step.
 */
export function selects(info: GraphQLResolveInfo, path: string[]): boolean {
  const within = (
    set: SelectionSetNode | undefined,
    rest: string[],
  ): boolean => {
    if (!set || rest.length === 0) return rest.length === 0;
    return set.selections.some(selection => {
      if (selection.kind === 'Field') {
        return (
          selection.name.value === rest[0] &&
          within(selection.selectionSet, rest.slice(1))
        );
      }
      if (selection.kind === 'InlineFragment') {
        return within(selection.selectionSet, rest);
      }
      const fragment = info.fragments[selection.name.value];
      return fragment ? within(fragment.selectionSet, rest) : false;
    });
  };
  return info.fieldNodes.some(node => within(node.selectionSet, path));
}
