import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import {
  CATALOG_MAX_TEXT,
  CATALOG_MAX_VALUES,
  CATALOG_VALUE_FACETS,
  type CatalogValueFacet,
} from '@atrium/plugin-graphql-common';

/** The catalog's predicate filter (`$all`, `$any`, `$not`, `$in`, `$exists`), as its client takes it. */
export type Predicate = NonNullable<
  Extract<
    NonNullable<Parameters<CatalogService['queryEntities']>[0]>,
    { query?: unknown }
  >['query']
>;

/** The filter as the schema takes it (`CatalogFilter`). */
export interface CatalogFilterInput {
  kind?: string | null;
  type?: string[] | null;
  owner?: string[] | null;
  mine?: boolean | null;
  lifecycle?: string[] | null;
  tags?: string[] | null;
  starred?: boolean | null;
  text?: string | null;
}

/** The filter with its defaults, values trimmed and deduplicated; an empty list or `false` is no filter. */
export interface CatalogFilter {
  kind: string;
  type?: string[];
  owner?: string[];
  mine?: true;
  lifecycle?: string[];
  tags?: string[];
  starred?: true;
  text?: string;
}

/** A filter's parts by name; each facet leaves out its own. */
export type FilterPart = CatalogValueFacet | 'mine' | 'starred' | 'text';

function values(name: string, given?: string[] | null): string[] | undefined {
  if (!given) return undefined;
  const kept = [...new Set(given.map(v => v.trim()).filter(Boolean))];
  if (kept.length > CATALOG_MAX_VALUES) {
    throw new InputError(
      `filter.${name} takes at most ${CATALOG_MAX_VALUES} values, got ${kept.length}`,
    );
  }
  return kept.length ? kept.sort() : undefined;
}

function ownerRef(ref: string): string {
  try {
    return stringifyEntityRef(
      parseEntityRef(ref, {
        defaultKind: 'group',
        defaultNamespace: 'default',
      }),
    ).toLocaleLowerCase('en-US');
  } catch {
    throw new InputError(`filter.owner: "${ref}" is not an entity ref`);
  }
}

/** Checks and normalizes the schema's `CatalogFilter` (InputError, so BAD_USER_INPUT, when it is not valid). */
export function normalizeFilter(
  input?: CatalogFilterInput | null,
): CatalogFilter {
  const kind = input?.kind?.trim() || 'Component';
  const text = input?.text?.trim();
  if (text && text.length > CATALOG_MAX_TEXT) {
    throw new InputError(
      `filter.text is at most ${CATALOG_MAX_TEXT} characters, got ${text.length}`,
    );
  }
  const owner = values('owner', input?.owner)?.map(ownerRef);
  const filter: CatalogFilter = {
    kind: kind.toLocaleLowerCase('en-US'),
    type: values('type', input?.type),
    owner: owner && [...new Set(owner)].sort(),
    mine: input?.mine ? true : undefined,
    lifecycle: values('lifecycle', input?.lifecycle),
    tags: values('tags', input?.tags),
    starred: input?.starred ? true : undefined,
    text: text || undefined,
  };
  for (const key of Object.keys(filter) as Array<keyof CatalogFilter>) {
    if (filter[key] === undefined) delete filter[key];
  }
  return filter;
}

/** Matches no entity (the catalog reads an empty `$any` as false). */
export const NOTHING: Predicate = { $any: [] } as Predicate;

/**
 * The caller's refs as a predicate on `kind`, `metadata.namespace` and `metadata.name` (the catalog has no
 * filter on a whole ref): one alternative per kind and namespace.
 */
export function refsPredicate(refs: readonly string[]): Predicate {
  const groups = new Map<
    string,
    { kind: string; namespace: string; names: string[] }
  >();
  for (const ref of refs) {
    const { kind, namespace, name } = parseEntityRef(ref);
    const key = `${kind}:${namespace}`.toLocaleLowerCase('en-US');
    const group = groups.get(key) ?? { kind, namespace, names: [] };
    group.names.push(name);
    groups.set(key, group);
  }
  if (groups.size === 0) return NOTHING;
  return {
    $any: [...groups.values()].map(g => ({
      kind: g.kind,
      'metadata.namespace': g.namespace,
      'metadata.name': { $in: g.names },
    })),
  } as Predicate;
}

/** What the parts of a filter that depend on the caller (or on a search) resolve to. */
export interface CallerParts {
  ownershipRefs: readonly string[];
  /** The caller's starred refs (read only when the filter or a facet needs them). */
  starredRefs: readonly string[];
  /** The entities the text matches, when the filter has one. */
  textPredicate?: Predicate;
}

export function minePredicate(ownershipRefs: readonly string[]): Predicate {
  return ownershipRefs.length
    ? ({ 'relations.ownedBy': { $in: [...ownershipRefs] } } as Predicate)
    : NOTHING;
}

/** Each part of the filter that is set, as a catalog predicate. */
export function filterParts(
  filter: CatalogFilter,
  caller: CallerParts,
): Map<FilterPart, Predicate> {
  const parts = new Map<FilterPart, Predicate>();
  parts.set('kind', { kind: filter.kind } as Predicate);
  for (const facet of ['type', 'owner', 'lifecycle', 'tags'] as const) {
    const given = filter[facet];
    if (given) {
      parts.set(facet, {
        [CATALOG_VALUE_FACETS[facet]]: { $in: given },
      } as Predicate);
    }
  }
  if (filter.mine) parts.set('mine', minePredicate(caller.ownershipRefs));
  if (filter.starred) parts.set('starred', refsPredicate(caller.starredRefs));
  if (filter.text) parts.set('text', caller.textPredicate ?? NOTHING);
  return parts;
}

/** Every part but `except` (and `extra`, if given) as one predicate. */
export function allBut(
  parts: ReadonlyMap<FilterPart, Predicate>,
  except?: FilterPart,
  extra?: Predicate,
): Predicate {
  const kept = [...parts].filter(([name]) => name !== except).map(([, p]) => p);
  if (extra) kept.push(extra);
  return (kept.length === 1 ? kept[0] : { $all: kept }) as Predicate;
}
