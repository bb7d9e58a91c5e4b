import type { Entity } from '@backstage/catalog-model';
import { createHash } from 'node:crypto';

/** The most paths a title names; the rest are counted. */
const TITLE_PATHS = 4;

export type CatalogChange = 'registered' | 'changed' | 'removed';

/** Field path → a short hash of its value. */
export type Fingerprint = Record<string, string>;

function stable(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(stable);
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.keys(value as object)
        .sort()
        .map(k => [k, stable((value as Record<string, unknown>)[k])]),
    );
  }
  return value;
}

export const hash = (value: unknown) =>
  createHash('sha256')
    .update(JSON.stringify(stable(value)) ?? 'undefined')
    .digest('base64url')
    .slice(0, 16);

/**
 * An entity's fingerprint: each top-level field of its spec, its title, description, annotations, labels and
 * tags, and its relations (in any order), each as a short hash.
 */
export function fingerprintOf(entity: Entity): Fingerprint {
  const out: Fingerprint = {};
  const spec = (entity.spec ?? {}) as Record<string, unknown>;
  for (const key of Object.keys(spec)) {
    if (spec[key] !== undefined) out[`spec.${key}`] = hash(spec[key]);
  }
  const metadata = entity.metadata as unknown as Record<string, unknown>;
  for (const key of ['title', 'description', 'annotations', 'labels', 'tags']) {
    const value = metadata[key];
    const empty =
      value === undefined ||
      value === null ||
      (Array.isArray(value) && value.length === 0) ||
      (typeof value === 'object' && Object.keys(value as object).length === 0);
    if (!empty) out[`metadata.${key}`] = hash(value);
  }
  const relations = (entity.relations ?? [])
    .map(r => `${r.type} ${r.targetRef}`.toLocaleLowerCase('en-US'))
    .sort();
  if (relations.length) out.relations = hash(relations);
  return out;
}

function rank(path: string): number {
  if (path.startsWith('spec.')) return 0;
  if (path.startsWith('metadata.')) return 1;
  return 2;
}

/** Plain string order (not the locale's). */
function byText(a: string, b: string): number {
  if (a < b) return -1;
  if (a > b) return 1;
  return 0;
}

/** The paths whose value differs between two fingerprints: spec first, then metadata, then relations. */
export function changedPaths(
  before: Fingerprint,
  after: Fingerprint,
): string[] {
  const paths = new Set([...Object.keys(before), ...Object.keys(after)]);
  return [...paths]
    .filter(p => before[p] !== after[p])
    .sort((a, b) => rank(a) - rank(b) || byText(a, b));
}

/** What a changed path now holds, when it is short text worth showing (`spec.owner: team-fleet`). */
export function describeChange(
  entity: Entity,
  path: string,
  before: Fingerprint,
): string {
  if (!(path in fingerprintOf(entity)) && path in before) {
    return `${path} removed`;
  }
  const [root, key] = path.split(/\.(.*)/s);
  let value: unknown;
  if (root === 'spec') {
    value = (entity.spec as Record<string, unknown> | undefined)?.[key];
  } else if (root === 'metadata') {
    value = (entity.metadata as unknown as Record<string, unknown>)[key];
  }
  if (
    (typeof value === 'string' ||
      typeof value === 'number' ||
      typeof value === 'boolean') &&
    !(root === 'metadata' && key === 'annotations')
  ) {
    const text = String(value).replace(/\s+/g, ' ').trim();
    return `${path}: ${text.length > 120 ? `${text.slice(0, 117)}...` : text}`;
  }
  if (!(path in before)) return `${path} added`;
  return `${path} changed`;
}

/** A change event's title: registered, removed, or the first changed paths. */
export function changeTitle(change: CatalogChange, paths: string[]): string {
  if (change === 'registered') return 'Registered in the catalog';
  if (change === 'removed') return 'Removed from the catalog';
  const more =
    paths.length > TITLE_PATHS ? ` and ${paths.length - TITLE_PATHS} more` : '';
  return `${paths.slice(0, TITLE_PATHS).join(', ')}${more} changed`;
}
