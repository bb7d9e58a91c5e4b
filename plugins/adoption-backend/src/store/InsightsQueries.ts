import type { Knex } from 'knex';
import type { Grain, TopKind } from '@atrium/plugin-adoption-common';
import { APP_READY_ACTION, TEMPLATE_RUN_ACTION } from './actions';

/** Whole UTC days, both included. */
export interface DayRange {
  from: string;
  to: string;
}

const num = (v: unknown) => Number(v ?? 0);
/** A row as knex answers it (counts come back as strings on PostgreSQL). */
type Row = Record<string, any>;

/** Which daily count a top list reads. */
const TOP_KIND: Record<TopKind, string> = {
  plugins: 'plugin',
  pages: 'page',
  entities: 'entity',
};

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

  /**
   * The most viewed plugins, pages or entities: views from the daily counts, then the distinct viewers of those
   * keys only (the viewers table is keyed by kind and key first).
   */
  async top(
    range: DayRange,
    kind: TopKind,
    limit: number,
  ): Promise<Array<{ key: string; views: number; users: number }>> {
    const top = await this.topCounts(range, TOP_KIND[kind], limit);
    if (top.length === 0) return [];
    // Distinct (key, user) pairs first, then counted per key: a hash aggregate rather than a sort per key.
    const pairs = this.knex('adoption_daily_viewers')
      .select('key', 'user_id')
      .where('kind', TOP_KIND[kind])
      .whereIn(
        'key',
        top.map(t => t.key),
      )
      .whereBetween('day', [range.from, range.to])
      .groupBy('key', 'user_id')
      .as('pairs');
    const viewers: Row[] = await this.knex
      .from(pairs)
      .select('key')
      .count({ users: '*' })
      .groupBy('key');
    const users = new Map(viewers.map(v => [String(v.key), num(v.users)]));
    return top.map(t => ({
      key: t.key,
      views: t.count,
      users: users.get(t.key) ?? 0,
    }));
  }

  /** The keys of one kind of daily count with the highest totals over the range, highest first. */
  async topCounts(
    range: DayRange,
    kind: string,
    limit: number,
  ): Promise<Array<{ key: string; count: number }>> {
    const rows: Row[] = await this.knex('adoption_daily_counts')
      .select('key')
      .sum({ total: 'count' })
      .where('kind', kind)
      .whereBetween('day', [range.from, range.to])
      .groupBy('key')
      .orderBy([
        { column: 'total', order: 'desc' },
        { column: 'key', order: 'asc' },
      ])
      .limit(limit);
    return rows.map(r => ({ key: String(r.key), count: num(r.total) }));
  }

  /** Each day's counts of one kind (compute actions by their kind). */
  async dailyCounts(
    range: DayRange,
    kind: string,
  ): Promise<Array<{ day: string; key: string; count: number }>> {
    const rows: Row[] = await this.knex('adoption_daily_counts')
      .select('day', 'key')
      .sum({ count: 'count' })
      .where('kind', kind)
      .whereBetween('day', [range.from, range.to])
      .groupBy('day', 'key')
      .orderBy(['day', 'key']);
    return rows.map(r => ({
      day: String(r.day),
      key: String(r.key),
      count: num(r.count),
    }));
  }

  /** Events of one action in the range, with what the service aggregates further. */
  async eventsOf(
    range: DayRange,
    action: string,
  ): Promise<
    Array<{
      id: string;
      ts: number;
      day: string;
      attributes: Record<string, unknown>;
      taskId: string | null;
      entityRef: string | null;
    }>
  > {
    const rows = await this.knex('adoption_events')
      .select('id', 'ts', 'day', 'attributes', 'task_id', 'entity_ref')
      .where('action', action)
      .whereBetween('day', [range.from, range.to]);
    return rows.map(r => ({
      id: String(r.id),
      ts: num(r.ts),
      day: String(r.day),
      attributes: r.attributes ? JSON.parse(r.attributes) : {},
      taskId: r.task_id ?? null,
      entityRef: r.entity_ref ?? null,
    }));
  }

  /**
   * For each template run in the range (by event id), when its app was first ready: the earliest
   * `funnel.app-ready` at or after the run with the same task id, or the same entity ref. Joined in the database
   * (through the task id and entity ref indexes), so only the runs that got there come back.
   */
  async firstReadyAfterRuns(range: DayRange): Promise<Map<string, number>> {
    const first = new Map<string, number>();
    for (const column of ['task_id', 'entity_ref']) {
      const rows: Row[] = await this.knex({ r: 'adoption_events' })
        .join({ a: 'adoption_events' }, join =>
          join
            .on(`a.${column}`, '=', `r.${column}`)
            .andOn('a.ts', '>=', 'r.ts'),
        )
        .select({ id: 'r.id' })
        .min({ ready: 'a.ts' })
        .where('r.action', TEMPLATE_RUN_ACTION)
        .whereBetween('r.day', [range.from, range.to])
        .whereNotNull(`r.${column}`)
        .where('a.action', APP_READY_ACTION)
        .groupBy('r.id');
      for (const row of rows) {
        const id = String(row.id);
        const ready = num(row.ready);
        const known = first.get(id);
        if (known === undefined || ready < known) first.set(id, ready);
      }
    }
    return first;
  }
}
