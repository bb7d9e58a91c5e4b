import type { Knex } from 'knex';
import type { Grain, TopKind } from '@atrium/plugin-adoption-common';

/** Whole UTC days, both included. */
export interface DayRange {
  from: string;
  to: string;
}

const num = (v: unknown) => Number(v ?? 0);
/** A row as knex answers it (counts come back as strings on PostgreSQL). */
type Row = Record<string, any>;

/** Which column a top list groups page views by. */
const TOP_COLUMN: Record<TopKind, string> = {
  plugins: 'plugin_id',
  pages: 'path',
  entities: 'entity_ref',
};

/** The action of a page view, as Backstage's analytics names it. */
export const VIEW_ACTION = 'navigate';
export const SEARCH_ACTION = 'search';
export const TEMPLATE_RUN_ACTION = 'template.run';
export const APP_READY_ACTION = 'funnel.app-ready';
export const COMPUTE_ACTION = 'compute.action';

/** The reads Insights makes: counts in SQL (grouped in the database), shaped by the service. */
export class InsightsQueries {
  constructor(private readonly knex: Knex) {}

  /** Distinct active users per period (day, ISO week's Monday, month's 1st) of the range. */
  async activeByPeriod(
    range: DayRange,
    grain: Grain,
  ): Promise<Map<string, number>> {
    const query = this.knex('adoption_user_days')
      .select({ period: grain })
      .whereBetween('day', [range.from, range.to])
      .groupBy(grain);
    // A user is active once a day (the table's key), so a day's count needs no DISTINCT.
    const rows: Row[] = await (grain === 'day'
      ? query.count({ active: '*' })
      : query.countDistinct({ active: 'user_id' }));
    return new Map(rows.map(r => [String(r.period), num(r.active)]));
  }

  /** Users whose first active day is each day of the range. */
  async newByDay(range: DayRange): Promise<Map<string, number>> {
    const rows: Row[] = await this.knex('adoption_users')
      .select('first_day')
      .count({ n: '*' })
      .whereBetween('first_day', [range.from, range.to])
      .groupBy('first_day');
    return new Map(rows.map(r => [String(r.first_day), num(r.n)]));
  }

  /** Distinct users active in the range. */
  async distinctActive(range: DayRange): Promise<number> {
    const [row] = await this.knex('adoption_user_days')
      .countDistinct({ n: 'user_id' })
      .whereBetween('day', [range.from, range.to]);
    return num(row?.n);
  }

  /** Active days of one user (all that retention kept). */
  async activeDays(userId: string): Promise<number> {
    const [row] = await this.knex('adoption_user_days')
      .count({ n: '*' })
      .where('user_id', userId);
    return num(row?.n);
  }

  /** Distinct active members per team over the range, most active first. */
  async activeByTeam(
    range: DayRange,
  ): Promise<Array<{ teamRef: string; active: number }>> {
    const rows: Row[] = await this.knex('adoption_team_days')
      .select('team_ref')
      .countDistinct({ active: 'user_id' })
      .whereBetween('day', [range.from, range.to])
      .groupBy('team_ref')
      .orderBy([
        { column: 'active', order: 'desc' },
        { column: 'team_ref', order: 'asc' },
      ]);
    return rows.map(r => ({
      teamRef: String(r.team_ref),
      active: num(r.active),
    }));
  }

  /** The most viewed plugins, pages or entities: views and distinct viewers. */
  async top(
    range: DayRange,
    kind: TopKind,
    limit: number,
  ): Promise<Array<{ key: string; views: number; users: number }>> {
    const column = TOP_COLUMN[kind];
    const rows: Row[] = await this.knex('adoption_events')
      .select({ key: column })
      .count({ views: '*' })
      .countDistinct({ users: 'user_id' })
      .where('action', VIEW_ACTION)
      .whereBetween('day', [range.from, range.to])
      .whereNotNull(column)
      .groupBy(column)
      .orderBy([
        { column: 'views', order: 'desc' },
        { column: 'key', order: 'asc' },
      ])
      .limit(limit);
    return rows.map(r => ({
      key: String(r.key),
      views: num(r.views),
      users: num(r.users),
    }));
  }

  /** The most frequent search terms; with `noResult`, those that found nothing. */
  async searchTerms(
    range: DayRange,
    options: { noResult: boolean; limit: number },
  ): Promise<Array<{ term: string; count: number }>> {
    const query = this.knex('adoption_events')
      .select({ term: 'subject' })
      .count({ count: '*' })
      .where('action', SEARCH_ACTION)
      .whereBetween('day', [range.from, range.to])
      .whereNot('subject', '')
      .groupBy('subject')
      .orderBy([
        { column: 'count', order: 'desc' },
        { column: 'term', order: 'asc' },
      ])
      .limit(options.limit);
    if (options.noResult) query.where('value', 0);
    const rows: Row[] = await query;
    return rows.map(r => ({ term: String(r.term), count: num(r.count) }));
  }

  /** Events of one action in the range, with what the service aggregates further. */
  async eventsOf(
    range: DayRange,
    action: string,
  ): Promise<
    Array<{
      ts: number;
      day: string;
      attributes: Record<string, unknown>;
      taskId: string | null;
      entityRef: string | null;
    }>
  > {
    const rows = await this.knex('adoption_events')
      .select('ts', 'day', 'attributes', 'task_id', 'entity_ref')
      .where('action', action)
      .whereBetween('day', [range.from, range.to]);
    return rows.map(r => ({
      ts: num(r.ts),
      day: String(r.day),
      attributes: r.attributes ? JSON.parse(r.attributes) : {},
      taskId: r.task_id ?? null,
      entityRef: r.entity_ref ?? null,
    }));
  }

  /** The `funnel.app-ready` events from a day on for the task ids or entity refs given. */
  async appReady(
    fromDay: string,
    keys: { taskIds: string[]; entityRefs: string[] },
  ): Promise<
    Array<{ ts: number; taskId: string | null; entityRef: string | null }>
  > {
    const found: Array<{
      ts: number;
      taskId: string | null;
      entityRef: string | null;
    }> = [];
    const chunk = 500;
    const lookups: Array<['task_id' | 'entity_ref', string[]]> = [];
    for (let i = 0; i < keys.taskIds.length; i += chunk) {
      lookups.push(['task_id', keys.taskIds.slice(i, i + chunk)]);
    }
    for (let i = 0; i < keys.entityRefs.length; i += chunk) {
      lookups.push(['entity_ref', keys.entityRefs.slice(i, i + chunk)]);
    }
    for (const [column, values] of lookups) {
      const rows = await this.knex('adoption_events')
        .select('ts', 'task_id', 'entity_ref')
        .where('action', APP_READY_ACTION)
        .where('day', '>=', fromDay)
        .whereIn(column, values);
      for (const r of rows) {
        found.push({
          ts: num(r.ts),
          taskId: r.task_id ?? null,
          entityRef: r.entity_ref ?? null,
        });
      }
    }
    return found;
  }
}
