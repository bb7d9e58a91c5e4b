import type { Knex } from 'knex';
import {
  resolvePackagePath,
  type LoggerService,
} from '@backstage/backend-plugin-api';
import type { AdoptionEvent } from '@atrium/plugin-adoption-common';
import { dayOf, monthStart, weekStart } from '../periods';
import { COMPUTE_ACTION, SEARCH_ACTION, VIEW_ACTION } from './actions';
import { dayBit, keepFrom } from './dayMasks';
import { recordTemplateRuns } from './templateRuns';

/** An event as stored, for one user (their id, possibly pseudonymized) and their teams at the time. */
export interface EventToStore {
  event: AdoptionEvent;
  ts: number;
}

/** Rows a statement inserts at most: well under SQLite's and PostgreSQL's limits on bound parameters. */
const INSERT_CHUNK = 250;
/** Rows one statement of the purge removes at most, so that no statement holds its locks for long. */
export const PURGE_BATCH = 5000;

/** Migrates the plugin's database to the newest schema. */
export async function migrateAdoption(knex: Knex): Promise<void> {
  await knex.migrate.latest({
    directory: resolvePackagePath(
      '@atrium/plugin-adoption-backend',
      'migrations',
    ),
  });
}

const isPostgres = (knex: Knex) =>
  String(knex.client.config.client).startsWith('pg');

/** Longest key of a daily count (an index entry has a size limit). */
export const MAX_KEY_LENGTH = 300;

/** What each event adds to the daily counts (`adoption_daily_counts`) and the viewers (`adoption_viewer_months`). */
export function rollupKeys(
  event: AdoptionEvent,
  path: string | null,
): Array<{ kind: string; key: string; viewer: boolean }> {
  const keys: Array<{ kind: string; key: string; viewer: boolean }> = [];
  if (event.action === VIEW_ACTION) {
    keys.push({ kind: 'plugin', key: event.context.pluginId, viewer: true });
    if (path) keys.push({ kind: 'page', key: path, viewer: true });
    if (event.context.entityRef) {
      keys.push({
        kind: 'entity',
        key: event.context.entityRef.toLocaleLowerCase('en-US'),
        viewer: true,
      });
    }
  } else if (event.action === SEARCH_ACTION && event.subject) {
    keys.push({ kind: 'search', key: event.subject, viewer: false });
    if (event.value === 0) {
      keys.push({ kind: 'search0', key: event.subject, viewer: false });
    }
  } else if (event.action === COMPUTE_ACTION) {
    const kind = event.attributes?.kind;
    keys.push({
      kind: 'action',
      key: kind === undefined ? 'unknown' : String(kind),
      viewer: false,
    });
  }
  return keys.map(k => ({ ...k, key: k.key.slice(0, MAX_KEY_LENGTH) }));
}

/** Page views count under `path`: the context's, or a `navigate` event's subject without its query. */
function pathOf(event: AdoptionEvent): string | null {
  if (event.context.path) return event.context.path;
  if (event.action === 'navigate' && event.subject) {
    return event.subject.replace(/[?#].*$/, '') || '/';
  }
  return null;
}

/** The `adoption_events` rows of a batch, for a user's id or for no one (null). */
function eventRows(userId: string | null, events: EventToStore[]) {
  return events.map(({ event, ts }) => {
    const taskId = event.attributes?.taskId;
    return {
      ts,
      day: dayOf(ts),
      user_id: userId,
      action: event.action,
      subject: event.subject,
      plugin_id: event.context.pluginId,
      extension: event.context.extension ?? null,
      route_ref: event.context.routeRef ?? null,
      path: pathOf(event),
      entity_ref: event.context.entityRef?.toLocaleLowerCase('en-US') ?? null,
      search_term: event.context.searchTerm ?? null,
      attributes: event.attributes ? JSON.stringify(event.attributes) : null,
      value: event.value ?? null,
      task_id: taskId === undefined ? null : String(taskId),
    };
  });
}

/** Usage events and their daily rollups in the adoption plugin's database. */
export class EventStore {
  constructor(
    private readonly knex: Knex,
    private readonly logger?: Pick<LoggerService, 'warn'>,
  ) {}

  /**
   * Stores one user's events and marks the user (and each of their teams) active on the events' days, in one
   * transaction. Keys are written in a fixed order so that concurrent batches of the same user cannot deadlock.
   */
  async insert(
    userId: string,
    teams: string[],
    events: EventToStore[],
  ): Promise<void> {
    if (events.length === 0) return;
    const rows = eventRows(userId, events);
    const counts = new Map<
      string,
      { day: string; kind: string; key: string; count: number }
    >();
    const viewers = new Map<
      string,
      {
        kind: string;
        key: string;
        month: string;
        user_id: string;
        days: number;
      }
    >();
    const months = new Map<
      string,
      { month: string; user_id: string; days: number }
    >();
    events.forEach(({ event }, i) => {
      const day = rows[i].day;
      const month = monthStart(day);
      const m = months.get(month) ?? { month, user_id: userId, days: 0 };
      m.days |= dayBit(day);
      months.set(month, m);
      for (const { kind, key, viewer } of rollupKeys(event, rows[i].path)) {
        const id = `${kind}\u0000${day}\u0000${key}`;
        const c = counts.get(id);
        if (c) c.count++;
        else counts.set(id, { day, kind, key, count: 1 });
        if (!viewer) continue;
        const vid = `${kind}\u0000${key}\u0000${month}`;
        const v = viewers.get(vid) ?? {
          kind,
          key,
          month,
          user_id: userId,
          days: 0,
        };
        v.days |= dayBit(day);
        viewers.set(vid, v);
      }
    });
    // In key order, so that concurrent batches lock the same rows in the same order.
    const byKey = <T>(m: Map<string, T>) =>
      [...m.entries()]
        .sort(([a], [b]) => a.localeCompare(b, 'en'))
        .map(([, v]) => v);
    const countRows = byKey(counts);
    const viewerRows = byKey(viewers);
    const monthRows = byKey(months);
    const days = [...new Set(rows.map(r => r.day))].sort();
    const sortedTeams = [...new Set(teams)].sort();
    const least = isPostgres(this.knex) ? 'least' : 'min';
    await this.knex.transaction(async tx => {
      for (let i = 0; i < rows.length; i += INSERT_CHUNK) {
        await tx('adoption_events').insert(rows.slice(i, i + INSERT_CHUNK));
      }
      await tx('adoption_user_days')
        .insert(
          days.map(day => ({
            day,
            user_id: userId,
            week: weekStart(day),
            month: monthStart(day),
          })),
        )
        .onConflict(['day', 'user_id'])
        .ignore();
      await tx('adoption_users')
        .insert({ user_id: userId, first_day: days[0] })
        .onConflict('user_id')
        .merge({
          first_day: tx.raw(
            `${least}(adoption_users.first_day, excluded.first_day)`,
          ),
        });
      await tx('adoption_user_months')
        .insert(monthRows)
        .onConflict(['month', 'user_id'])
        .merge({ days: tx.raw('adoption_user_months.days | excluded.days') });
      for (let i = 0; i < viewerRows.length; i += INSERT_CHUNK) {
        await tx('adoption_viewer_months')
          .insert(viewerRows.slice(i, i + INSERT_CHUNK))
          .onConflict(['kind', 'key', 'month', 'user_id'])
          .merge({
            days: tx.raw('adoption_viewer_months.days | excluded.days'),
          });
      }
      await recordTemplateRuns(tx, rows);
      const teamRows = days.flatMap(day =>
        sortedTeams.map(team_ref => ({ day, team_ref, user_id: userId })),
      );
      for (let i = 0; i < teamRows.length; i += INSERT_CHUNK) {
        await tx('adoption_team_days')
          .insert(teamRows.slice(i, i + INSERT_CHUNK))
          .onConflict(['day', 'team_ref', 'user_id'])
          .ignore();
      }
    });
    // The daily counts are shared by every user's batches (today's plugins are in all of them): added after the
    // events' transaction, each statement holding its rows' locks only while it runs, in key order. A failure
    // here leaves the events stored and the counts short by this batch, which is logged rather than answered
    // as an error (a retried batch would store its events twice).
    try {
      for (let i = 0; i < countRows.length; i += INSERT_CHUNK) {
        await this.knex('adoption_daily_counts')
          .insert(countRows.slice(i, i + INSERT_CHUNK))
          .onConflict(['kind', 'day', 'key'])
          .merge({
            count: this.knex.raw(
              'adoption_daily_counts.count + excluded.count',
            ),
          });
      }
    } catch (error) {
      this.logger?.warn(
        `Adoption: daily counts not updated for a batch of ${events.length} events: ${error}`,
      );
    }
  }

  /**
   * Stores events no user made (a system found the step, e.g. operations found a new service's first alert rule
   * in Prometheus), with no user id. Only the funnel reads them (template runs, in the same transaction); no
   * per-user rollup and no daily count gets a row, so they make no one active, count in no team and view
   * nothing.
   */
  async insertWithoutUser(events: EventToStore[]): Promise<void> {
    if (events.length === 0) return;
    const rows = eventRows(null, events);
    await this.knex.transaction(async tx => {
      for (let i = 0; i < rows.length; i += INSERT_CHUNK) {
        await tx('adoption_events').insert(rows.slice(i, i + INSERT_CHUNK));
      }
      await recordTemplateRuns(tx, rows);
    });
  }

  /**
   * Removes the events of days before `beforeDay` and those days' rollups, in batches, and says how many events
   * went. Users' first days stay: a user seen before the cut-off is not new when they come back.
   */
  async purge(beforeDay: string): Promise<number> {
    let removed = 0;
    for (;;) {
      const ids = await this.knex('adoption_events')
        .where('day', '<', beforeDay)
        .orderBy('day')
        .limit(PURGE_BATCH)
        .pluck('id');
      if (ids.length === 0) break;
      removed += await this.knex('adoption_events').whereIn('id', ids).delete();
      if (ids.length < PURGE_BATCH) break;
    }
    await this.knex('adoption_user_days').where('day', '<', beforeDay).delete();
    await this.knex('adoption_team_days').where('day', '<', beforeDay).delete();
    await this.knex('adoption_daily_counts')
      .where('day', '<', beforeDay)
      .delete();
    await this.knex('adoption_template_runs')
      .where('day', '<', beforeDay)
      .delete();
    // Monthly masks: earlier months go, the cut-off month keeps its days from the cut-off on.
    const month = monthStart(beforeDay);
    for (const table of ['adoption_user_months', 'adoption_viewer_months']) {
      await this.knex(table).where('month', '<', month).delete();
      await this.knex(table)
        .where('month', month)
        .update({ days: this.knex.raw('days & ?', [keepFrom(beforeDay)]) });
      await this.knex(table).where({ month, days: 0 }).delete();
    }
    return removed;
  }
}
