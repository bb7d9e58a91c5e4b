import type { AuthService, LoggerService } from '@backstage/backend-plugin-api';
import { resolvePackagePath } from '@backstage/backend-plugin-api';
import { stringifyEntityRef, type Entity } from '@backstage/catalog-model';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import type { TimelineEvent } from '@atrium/plugin-timeline-common';
import type { TimelineSource } from '@atrium/plugin-timeline-node';
import { createHash } from 'node:crypto';
import type { Knex } from 'knex';

const ENTITIES = 'timeline_catalog_entities';
const EVENTS = 'timeline_catalog_events';
const STATE = 'timeline_state';
const BASELINE = 'catalog_baseline';

const PAGE = 1000;
/** A pass stops after this many pages (10 million entities) rather than loop forever on a broken cursor. */
const MAX_PAGES = 10_000;
/** Rows per statement (SQLite allows 999 bound values in one). */
const CHUNK = 200;
/** The most paths a title names; the rest are counted. */
const TITLE_PATHS = 4;

/** The fields the recorder reads of every entity. */
export const RECORDED_FIELDS = [
  'kind',
  'metadata.namespace',
  'metadata.name',
  'metadata.etag',
  'metadata.title',
  'metadata.description',
  'metadata.annotations',
  'metadata.labels',
  'metadata.tags',
  'spec',
  'relations',
];

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

const hash = (value: unknown) =>
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
function describe(entity: Entity, path: string, before: Fingerprint): string {
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
function changeTitle(change: CatalogChange, paths: string[]): string {
  if (change === 'registered') return 'Registered in the catalog';
  if (change === 'removed') return 'Removed from the catalog';
  const more =
    paths.length > TITLE_PATHS ? ` and ${paths.length - TITLE_PATHS} more` : '';
  return `${paths.slice(0, TITLE_PATHS).join(', ')}${more} changed`;
}

interface EventRow {
  id: number | string;
  entity_ref: string;
  at: string | number | Date;
  change: CatalogChange;
  paths: string;
  detail: string | null;
}

export interface PassResult {
  /** Whether this pass was the first complete one: it recorded the catalog as it is, and no events. */
  baseline: boolean;
  registered: number;
  changed: number;
  removed: number;
}

/**
 * Records what changes in the catalog, for the timeline. Each pass reads every entity (a page of 1,000 at a
 * time, only the fields it compares) and, for each whose etag differs from the last pass, compares its
 * fingerprint with the stored one; an entity with changed fields gets a `changed` event naming them, a new
 * entity a `registered` event and one that is gone a `removed` event. The first complete pass is the baseline
 * and records no events. Changes are dated when a pass sees them (at most a poll interval late).
 */
export class CatalogChangeRecorder {
  static async create(options: {
    knex: Knex;
    catalog: CatalogService;
    auth: AuthService;
    logger?: LoggerService;
    retentionDays?: number;
  }): Promise<CatalogChangeRecorder> {
    await options.knex.migrate.latest({
      directory: resolvePackagePath(
        '@atrium/plugin-timeline-backend',
        'migrations',
      ),
    });
    return new CatalogChangeRecorder(options);
  }

  private constructor(
    private readonly deps: {
      knex: Knex;
      catalog: CatalogService;
      auth: AuthService;
      logger?: LoggerService;
      retentionDays?: number;
    },
  ) {}

  /** One pass over the whole catalog. */
  async pass(now: Date = new Date()): Promise<PassResult> {
    const { knex, catalog, auth } = this.deps;
    const credentials = await auth.getOwnServiceCredentials();
    const baselineDone = Boolean(
      await knex(STATE).where({ key: BASELINE }).first(),
    );
    const known = new Map<string, string>(
      (
        await knex(ENTITIES).select<{ entity_ref: string; etag: string }[]>(
          'entity_ref',
          'etag',
        )
      ).map(r => [r.entity_ref, r.etag]),
    );
    const result: PassResult = {
      baseline: !baselineDone,
      registered: 0,
      changed: 0,
      removed: 0,
    };
    const seen = new Set<string>();
    let cursor: string | undefined;
    for (let page = 0; page < MAX_PAGES; page++) {
      const response = await catalog.queryEntities(
        cursor
          ? { cursor, limit: PAGE, fields: RECORDED_FIELDS }
          : { limit: PAGE, fields: RECORDED_FIELDS },
        { credentials },
      );
      const changed: Array<{ ref: string; etag: string; entity: Entity }> = [];
      for (const entity of response.items) {
        const ref = stringifyEntityRef(entity).toLocaleLowerCase('en-US');
        if (seen.has(ref)) continue;
        seen.add(ref);
        const etag = entity.metadata.etag ?? hash(fingerprintOf(entity));
        if (known.get(ref) !== etag) changed.push({ ref, etag, entity });
      }
      for (let i = 0; i < changed.length; i += CHUNK) {
        await this.record(
          changed.slice(i, i + CHUNK),
          baselineDone,
          now,
          result,
        );
      }
      cursor = response.pageInfo.nextCursor;
      if (!cursor) break;
    }

    const gone = [...known.keys()].filter(ref => !seen.has(ref));
    for (let i = 0; i < gone.length; i += CHUNK) {
      const refs = gone.slice(i, i + CHUNK);
      await knex.transaction(async trx => {
        await trx(ENTITIES).whereIn('entity_ref', refs).delete();
        if (baselineDone) {
          await trx(EVENTS).insert(
            refs.map(ref => ({
              entity_ref: ref,
              at: now,
              change: 'removed',
              paths: '[]',
              detail: null,
            })),
          );
        }
      });
      if (baselineDone) result.removed += refs.length;
    }

    if (!baselineDone) {
      await knex(STATE)
        .insert({ key: BASELINE, value: now.toISOString() })
        .onConflict('key')
        .ignore();
    }
    const retentionDays = this.deps.retentionDays ?? 90;
    await knex(EVENTS)
      .where('at', '<', new Date(now.getTime() - retentionDays * 86_400_000))
      .delete();
    return result;
  }

  private async record(
    changed: Array<{ ref: string; etag: string; entity: Entity }>,
    baselineDone: boolean,
    now: Date,
    result: PassResult,
  ) {
    const { knex } = this.deps;
    const before = new Map<string, Fingerprint>(
      (
        await knex(ENTITIES)
          .whereIn(
            'entity_ref',
            changed.map(c => c.ref),
          )
          .select<{ entity_ref: string; fingerprint: string }[]>(
            'entity_ref',
            'fingerprint',
          )
      ).map(r => [r.entity_ref, JSON.parse(r.fingerprint) as Fingerprint]),
    );
    const rows: Array<{
      entity_ref: string;
      etag: string;
      fingerprint: string;
    }> = [];
    const events: Array<Omit<EventRow, 'id'>> = [];
    for (const { ref, etag, entity } of changed) {
      const fingerprint = fingerprintOf(entity);
      rows.push({
        entity_ref: ref,
        etag,
        fingerprint: JSON.stringify(fingerprint),
      });
      if (!baselineDone) continue;
      const old = before.get(ref);
      if (!old) {
        events.push({
          entity_ref: ref,
          at: now,
          change: 'registered',
          paths: '[]',
          detail: null,
        });
        result.registered += 1;
        continue;
      }
      const paths = changedPaths(old, fingerprint);
      if (!paths.length) continue;
      events.push({
        entity_ref: ref,
        at: now,
        change: 'changed',
        paths: JSON.stringify(paths),
        detail: paths
          .map(p => describe(entity, p, old))
          .join('; ')
          .slice(0, 2000),
      });
      result.changed += 1;
    }
    await knex.transaction(async trx => {
      await trx(ENTITIES)
        .insert(rows)
        .onConflict('entity_ref')
        .merge(['etag', 'fingerprint']);
      if (events.length) await trx(EVENTS).insert(events);
    });
  }

  /** An entity's recorded changes in a range, newest first. */
  async list(
    entityRef: string,
    range: { from: Date; to: Date; limit: number },
  ): Promise<Array<Omit<TimelineEvent, 'source'>>> {
    const rows = await this.deps
      .knex<EventRow>(EVENTS)
      .where('entity_ref', entityRef.toLocaleLowerCase('en-US'))
      .andWhere('at', '>=', range.from)
      .andWhere('at', '<=', range.to)
      .orderBy([
        { column: 'at', order: 'desc' },
        { column: 'id', order: 'desc' },
      ])
      .limit(range.limit);
    return rows.map(row => {
      const paths = JSON.parse(row.paths) as string[];
      const title = changeTitle(row.change, paths);
      return {
        id: String(row.id),
        kind: 'catalog-change' as const,
        at: new Date(row.at).toISOString(),
        title,
        ...(row.detail ? { detail: row.detail } : {}),
      };
    });
  }
}

/** The catalog source: the changes the recorder saw of the entity. */
export function catalogSource(recorder: CatalogChangeRecorder): TimelineSource {
  return {
    id: 'catalog',
    kinds: ['catalog-change'],
    list: (entityRef, query) => recorder.list(entityRef, query),
  };
}
