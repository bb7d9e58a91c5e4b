import type { Knex } from 'knex';
import { resolvePackagePath } from '@backstage/backend-plugin-api';
import type { AdoptionEvent } from '@atrium/plugin-adoption-common';
import { dayOf, monthStart, weekStart } from '../periods';

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

/** Page views count under `path`: the context's, or a `navigate` event's subject without its query. */
function pathOf(event: AdoptionEvent): string | null {
  if (event.context.path) return event.context.path;
  if (event.action === 'navigate' && event.subject) {
    return event.subject.replace(/[?#].*$/, '') || '/';
  }
  return null;
}

/** Usage events and their daily rollups in the adoption plugin's database. */
export class EventStore {
  constructor(private readonly knex: Knex) {}

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
    const rows = events.map(({ event, ts }) => {
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
    return removed;
  }
}
