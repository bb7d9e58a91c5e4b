import type { Knex } from 'knex';
import type { TopKind } from '@atrium/plugin-adoption-common';
import { monthStart } from '../periods';
import { APP_READY_ACTION, FIRST_ALERT_RULE_ACTION } from './actions';
import { monthMasks } from './dayMasks';
import { UserActivity, type DayRange } from './UserActivity';

export type { DayRange } from './UserActivity';

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

  /**
   * Who was active on which days of the months a range touches (`adoption_user_months`: a row per user and
   * month), for active users by day, week or month and over sub-ranges of it.
   */
  async activity(range: DayRange): Promise<UserActivity> {
    const rows: Row[] = await this.knex('adoption_user_months')
      .select('month', 'user_id', 'days')
      .whereBetween('month', [monthStart(range.from), monthStart(range.to)]);
    return new UserActivity(
      rows.map(r => ({
        month: String(r.month),
        userId: String(r.user_id),
        days: num(r.days),
      })),
    );
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
    // The viewers' months the range touches, each with the mask of its days in the range: a viewer counts once
    // per key however many of their months match (a hash aggregate of (key, user) pairs, then a count per key).
    const masks = [...monthMasks(range.from, range.to)];
    const pairs = this.knex('adoption_viewer_months')
      .select('key', 'user_id')
      .where('kind', TOP_KIND[kind])
      .whereIn(
        'key',
        top.map(t => t.key),
      )
      .whereIn(
        'month',
        masks.map(([month]) => month),
      )
      .where(q => {
        for (const [month, mask] of masks) {
          q.orWhere(w =>
            w.where('month', month).whereRaw('(days & ?) <> 0', [mask]),
          );
        }
      })
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

  /** Template runs in the range per template: how many, and how many succeeded (by their outcome). */
  async templateRuns(
    range: DayRange,
    succeeded: string[],
  ): Promise<Array<{ templateRef: string; runs: number; succeeded: number }>> {
    const rows: Row[] = await this.knex('adoption_template_runs')
      .select('template_ref')
      .count({ runs: '*' })
      .sum({
        succeeded: this.knex.raw(
          `case when outcome in (${succeeded
            .map(() => '?')
            .join(', ')}) then 1 else 0 end`,
          succeeded,
        ),
      })
      .whereBetween('day', [range.from, range.to])
      .groupBy('template_ref');
    return rows.map(r => ({
      templateRef: String(r.template_ref),
      runs: num(r.runs),
      succeeded: num(r.succeeded),
    }));
  }

  /** For each template run in the range whose app got ready, the milliseconds from the run to its first Ready. */
  async msToReady(range: DayRange): Promise<number[]> {
    const rows: Row[] = await this.knex('adoption_template_runs')
      .select({ ms: this.knex.raw('ready_ts - ts') })
      .whereBetween('day', [range.from, range.to])
      .whereNotNull('ready_ts');
    return rows.map(r => num(r.ms));
  }

  /**
   * For each template run in the range whose new component got its first alert rule, the milliseconds from the
   * run's start to it. A run's component is the entity ref of its app-ready events (same task id; the scaffolder
   * puts the component there) or the run's own; its first alert rule the earliest `funnel.first-alert-rule`
   * event of that component at or after the run's start (a duplicate event changes nothing). Read at query time
   * rather than kept on the run's row: the three events arrive in any order, and the runs of a range are few.
   */
  async msToFirstAlertRule(range: DayRange): Promise<number[]> {
    const rows: Row[] = await this.knex
      .select('c.id', 'c.ts')
      .min({ first: 'f.ts' })
      .from(
        this.knex
          .select('r.id', 'r.ts', { ref: 'a.entity_ref' })
          .from({ r: 'adoption_template_runs' })
          .join({ a: 'adoption_events' }, 'a.task_id', 'r.task_id')
          .where('a.action', APP_READY_ACTION)
          .whereNotNull('a.entity_ref')
          .whereBetween('r.day', [range.from, range.to])
          .union(q =>
            q
              .select('id', 'ts', { ref: 'entity_ref' })
              .from('adoption_template_runs')
              .whereNotNull('entity_ref')
              .whereBetween('day', [range.from, range.to]),
          )
          .as('c'),
      )
      .join({ f: 'adoption_events' }, 'f.entity_ref', 'c.ref')
      .where('f.action', FIRST_ALERT_RULE_ACTION)
      .andWhere('f.ts', '>=', this.knex.ref('c.ts'))
      .groupBy('c.id', 'c.ts');
    return rows.map(r => num(r.first) - num(r.ts));
  }
}
