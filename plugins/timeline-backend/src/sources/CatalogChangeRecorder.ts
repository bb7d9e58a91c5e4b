import type { AuthService, LoggerService } from '@backstage/backend-plugin-api';
import { resolvePackagePath } from '@backstage/backend-plugin-api';
import { stringifyEntityRef, type Entity } from '@backstage/catalog-model';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import type {
  CatalogChangeFeed,
  CatalogChangePage,
} from '@atrium/plugin-catalog-change-feed-node';
import type { TimelineEvent } from '@atrium/plugin-timeline-common';
import type { TimelineSource } from '@atrium/plugin-timeline-node';
import type { Knex } from 'knex';
import {
  changedPaths,
  changeTitle,
  describeChange,
  fingerprintOf,
  hash,
  type CatalogChange,
  type Fingerprint,
} from './catalogFingerprint';

export {
  changedPaths,
  fingerprintOf,
  type CatalogChange,
  type Fingerprint,
} from './catalogFingerprint';

const ENTITIES = 'timeline_catalog_entities';
const EVENTS = 'timeline_catalog_events';
const STATE = 'timeline_state';
const BASELINE = 'catalog_baseline';
/** Where the next pass reads the catalog's change feed from. */
const FEED_CURSOR = 'catalog_feed_cursor';

const PAGE = 1000;
/** A pass stops after this many pages (10 million entities) rather than loop forever on a broken cursor. */
const MAX_PAGES = 10_000;
/** Rows per statement (SQLite allows 999 bound values in one). */
const CHUNK = 200;

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

/** What the recorder reads and where it writes. */
export interface CatalogChangeRecorderOptions {
  knex: Knex;
  catalog: CatalogService;
  auth: AuthService;
  feed?: CatalogChangeFeed;
  logger?: LoggerService;
  retentionDays?: number;
}

/**
 * Records what changes in the catalog, for the timeline. With the catalog's change feed (the catalog module
 * `@atrium/plugin-catalog-backend-module-change-feed`), a pass reads only the entities the feed names since the
 * cursor kept in `timeline_state`, so its cost follows what changed; a deleted entity reads nothing and is
 * recorded as removed. Without the feed, or when the feed answers with a reset (the first pass, a cursor too
 * old, a burst of changes), a pass reads every entity (a page of 1,000 at a time, only the fields it compares).
 * Either way, for each entity whose etag differs from the stored one it compares its fingerprint with the
 * stored one; an entity with changed fields gets a `changed` event naming them, a new entity a `registered`
 * event and one that is gone a `removed` event. The first complete pass is the baseline and records no events.
 * Changes are dated when a pass sees them (at most a poll interval late).
 */
export class CatalogChangeRecorder {
  static async create(
    options: CatalogChangeRecorderOptions,
  ): Promise<CatalogChangeRecorder> {
    await options.knex.migrate.latest({
      directory: resolvePackagePath(
        '@atrium/plugin-timeline-backend',
        'migrations',
      ),
    });
    return new CatalogChangeRecorder(options);
  }

  private constructor(private readonly deps: CatalogChangeRecorderOptions) {}

  /** One pass: what the feed names since the last one, or the whole catalog. */
  async pass(now: Date = new Date()): Promise<PassResult> {
    const { knex, feed } = this.deps;
    const baselineDone = Boolean(
      await knex(STATE).where({ key: BASELINE }).first(),
    );
    const result: PassResult = {
      baseline: !baselineDone,
      registered: 0,
      changed: 0,
      removed: 0,
    };
    let page: CatalogChangePage | undefined;
    if (feed) {
      const stored = baselineDone
        ? await knex(STATE).where({ key: FEED_CURSOR }).first()
        : undefined;
      page = await feed.read(stored?.value);
    }
    if (page && !page.reset) {
      for (let i = 0; i < page.refs.length; i += PAGE) {
        await this.passOver(page.refs.slice(i, i + PAGE), now, result);
      }
    } else {
      await this.passOverAll(baselineDone, now, result);
    }

    if (!baselineDone) {
      await knex(STATE)
        .insert({ key: BASELINE, value: now.toISOString() })
        .onConflict('key')
        .ignore();
    }
    if (page) {
      // Only once this pass is recorded: a pass that fails is read again from the same cursor.
      await knex(STATE)
        .insert({ key: FEED_CURSOR, value: page.cursor })
        .onConflict('key')
        .merge(['value']);
    }
    const retentionDays = this.deps.retentionDays ?? 90;
    await knex(EVENTS)
      .where('at', '<', new Date(now.getTime() - retentionDays * 86_400_000))
      .delete();
    return result;
  }

  /** The entities the feed named (a baseline is done): each read now; one that reads nothing was removed. */
  private async passOver(refs: string[], now: Date, result: PassResult) {
    const { knex, catalog, auth } = this.deps;
    const credentials = await auth.getOwnServiceCredentials();
    const { items } = await catalog.getEntitiesByRefs(
      { entityRefs: refs, fields: RECORDED_FIELDS },
      { credentials },
    );
    const known = new Map<string, string>();
    for (let i = 0; i < refs.length; i += CHUNK) {
      const rows = await knex(ENTITIES)
        .whereIn('entity_ref', refs.slice(i, i + CHUNK))
        .select<{ entity_ref: string; etag: string }[]>('entity_ref', 'etag');
      for (const row of rows) known.set(row.entity_ref, row.etag);
    }
    const changed: Array<{ ref: string; etag: string; entity: Entity }> = [];
    const gone: string[] = [];
    refs.forEach((ref, index) => {
      const entity = items[index];
      if (!entity) {
        if (known.has(ref)) gone.push(ref);
        return;
      }
      const etag = entity.metadata.etag ?? hash(fingerprintOf(entity));
      if (known.get(ref) !== etag) changed.push({ ref, etag, entity });
    });
    for (let i = 0; i < changed.length; i += CHUNK) {
      await this.record(changed.slice(i, i + CHUNK), true, now, result);
    }
    await this.remove(gone, true, now, result);
  }

  /** Every entity of the catalog, compared with every stored one. */
  private async passOverAll(
    baselineDone: boolean,
    now: Date,
    result: PassResult,
  ) {
    const { knex, catalog, auth } = this.deps;
    const credentials = await auth.getOwnServiceCredentials();
    const known = new Map<string, string>(
      (
        await knex(ENTITIES).select<{ entity_ref: string; etag: string }[]>(
          'entity_ref',
          'etag',
        )
      ).map(r => [r.entity_ref, r.etag]),
    );
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
    await this.remove(
      [...known.keys()].filter(ref => !seen.has(ref)),
      baselineDone,
      now,
      result,
    );
  }

  /** Forgets entities that are gone, with a `removed` event each once the baseline is done. */
  private async remove(
    gone: string[],
    baselineDone: boolean,
    now: Date,
    result: PassResult,
  ) {
    const { knex } = this.deps;
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
          .map(p => describeChange(entity, p, old))
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
