import {
  computeNps,
  type ActionsResponse,
  type ActiveUsersResponse,
  type Grain,
  type NpsCommentsResponse,
  type NpsResponse,
  type SearchesResponse,
  type SummaryResponse,
  type TeamsResponse,
  type TemplatesResponse,
  type TopKind,
  type TopResponse,
} from '@atrium/plugin-adoption-common';
import {
  addDays,
  dayOf,
  daysBetween,
  isoWeek,
  monthStart,
  previousQuarter,
  quarterBounds,
  quarterOf,
  weekStart,
} from '../periods';
import type { TeamDirectory } from '../catalog/CatalogTeams';
import type { DayRange, InsightsQueries } from '../store/InsightsQueries';
import type { NpsStore } from '../store/NpsStore';

const round = (n: number, decimals: number) => {
  const f = 10 ** decimals;
  return Math.round(n * f) / f;
};

const SUCCESS = new Set(['succeeded', 'completed', 'success']);
const SEARCH_LIMIT = 20;

/** The period a day falls in at a grain: the day, its ISO week's Monday, its month's 1st. */
export function periodOf(day: string, grain: Grain): string {
  if (grain === 'week') return weekStart(day);
  if (grain === 'month') return monthStart(day);
  return day;
}

/** The median of numbers (the mean of the middle two for an even count); null for none. */
export function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** Insights' figures, from the queries and the NPS store. */
export class Insights {
  constructor(
    private readonly queries: InsightsQueries,
    private readonly nps: NpsStore,
    private readonly teams: TeamDirectory,
    private readonly now: () => number = Date.now,
  ) {}

  async activeUsers(
    range: DayRange,
    grain: Grain,
  ): Promise<ActiveUsersResponse> {
    const wauRange = { from: addDays(range.to, -6), to: range.to };
    const mauRange = { from: addDays(range.to, -29), to: range.to };
    const [activity, newByDay] = await Promise.all([
      // The range and the 30 days before its end, for MAU.
      this.queries.activity({
        from: mauRange.from < range.from ? mauRange.from : range.from,
        to: range.to,
      }),
      this.queries.newByDay(range),
    ]);
    const byPeriod = activity.byPeriod(range, grain);
    const daily = grain === 'day' ? byPeriod : activity.byPeriod(range, 'day');
    const wau = activity.distinct(wauRange);
    const mau = activity.distinct(mauRange);
    const days = daysBetween(range.from, range.to);
    const newByPeriod = new Map<string, number>();
    for (const [day, n] of newByDay) {
      const p = periodOf(day, grain);
      newByPeriod.set(p, (newByPeriod.get(p) ?? 0) + n);
    }
    const periods = [...new Set(days.map(d => periodOf(d, grain)))];
    const points = periods.map(period => {
      const active = byPeriod.get(period) ?? 0;
      const fresh = Math.min(newByPeriod.get(period) ?? 0, active);
      return { period, active, new: fresh, returning: active - fresh };
    });
    const dauRaw =
      days.reduce((sum, d) => sum + (daily.get(d) ?? 0), 0) / days.length;
    return {
      points,
      // Three decimals, as stickiness: a small team's average (one user on one day of 30 is 0.033) is not 0.
      dau: round(dauRaw, 3),
      wau,
      mau,
      stickiness: mau ? round(dauRaw / mau, 3) : 0,
    };
  }

  async teamsActive(range: DayRange): Promise<TeamsResponse> {
    const active = await this.queries.activeByTeam(range);
    const sizes = await this.teams.sizes(active.map(t => t.teamRef));
    return {
      teams: active.map(t => ({ ...t, size: sizes.get(t.teamRef) ?? 0 })),
    };
  }

  async top(
    range: DayRange,
    kind: TopKind,
    limit: number,
  ): Promise<TopResponse> {
    return { items: await this.queries.top(range, kind, limit) };
  }

  async searches(range: DayRange): Promise<SearchesResponse> {
    const terms = (kind: string) =>
      this.queries
        .topCounts(range, kind, SEARCH_LIMIT)
        .then(rows => rows.map(r => ({ term: r.key, count: r.count })));
    const [top, noResult] = await Promise.all([
      terms('search'),
      terms('search0'),
    ]);
    return { top, noResult };
  }

  async templates(range: DayRange): Promise<TemplatesResponse> {
    const [templates, msToReady, msToAlertRule] = await Promise.all([
      this.queries.templateRuns(range, [...SUCCESS]),
      this.queries.msToReady(range),
      this.queries.msToFirstAlertRule(range),
    ]);
    const runs = templates.reduce((n, t) => n + t.runs, 0);
    const succeeded = templates.reduce((n, t) => n + t.succeeded, 0);
    const seconds = (ms: number[]) => {
      const m = median(ms.map(v => v / 1000));
      return m === null ? null : round(m, 1);
    };
    return {
      runs,
      succeeded,
      successRate: runs ? round(succeeded / runs, 3) : null,
      medianSecondsToReady: seconds(msToReady),
      reachedFirstAlertRule: msToAlertRule.length,
      medianSecondsToFirstAlertRule: seconds(msToAlertRule),
      templates: templates.sort(
        (a, b) => b.runs - a.runs || a.templateRef.localeCompare(b.templateRef),
      ),
    };
  }

  async actions(range: DayRange): Promise<ActionsResponse> {
    const daily = await this.queries.dailyCounts(range, 'action');
    const counts = new Map<
      string,
      { week: string; kind: string; count: number }
    >();
    for (const { day, key: kind, count } of daily) {
      const week = isoWeek(day);
      const id = `${week}\u0000${kind}`;
      const c = counts.get(id) ?? { week, kind, count: 0 };
      c.count += count;
      counts.set(id, c);
    }
    return {
      weeks: [...counts.values()].sort(
        (a, b) => a.week.localeCompare(b.week) || a.kind.localeCompare(b.kind),
      ),
    };
  }

  private static bounds(range: DayRange) {
    return {
      from: Date.parse(`${range.from}T00:00:00.000Z`),
      to: Date.parse(`${range.to}T23:59:59.999Z`),
    };
  }

  async npsFigures(range: DayRange): Promise<NpsResponse> {
    const { from, to } = Insights.bounds(range);
    const [answers, dismissals] = await Promise.all([
      this.nps.answers(from, to),
      this.nps.dismissals(from, to),
    ]);
    const all = computeNps(answers.map(a => a.score));
    const group = (key: (a: (typeof answers)[number]) => string | null) => {
      const groups = new Map<string, number[]>();
      for (const a of answers) {
        const k = key(a);
        if (k === null) continue;
        groups.set(k, [...(groups.get(k) ?? []), a.score]);
      }
      return groups;
    };
    const trend = [...group(a => a.quarter)]
      .map(([period, scores]) => {
        const f = computeNps(scores);
        return { period, nps: f.nps, answers: f.answers };
      })
      .sort((a, b) => a.period.localeCompare(b.period));
    const teams = [...group(a => a.teamRef)]
      .map(([teamRef, scores]) => {
        const f = computeNps(scores);
        return { teamRef, nps: f.nps, answers: f.answers };
      })
      .sort(
        (a, b) => b.answers - a.answers || a.teamRef.localeCompare(b.teamRef),
      );
    return { ...all, dismissals, trend, teams };
  }

  async npsComments(range: DayRange): Promise<NpsCommentsResponse> {
    const { from, to } = Insights.bounds(range);
    const answers = await this.nps.answers(from, to);
    return {
      comments: answers.flatMap(a =>
        a.comment
          ? [
              {
                score: a.score,
                comment: a.comment,
                createdAt: new Date(a.createdAt).toISOString(),
                teamRef: a.teamRef,
              },
            ]
          : [],
      ),
    };
  }

  async summary(): Promise<SummaryResponse> {
    const now = this.now();
    const today = dayOf(now);
    const yesterday = addDays(today, -1);
    const trendRange = { from: addDays(yesterday, -13), to: yesterday };
    const quarter = quarterOf(now);
    const previous = previousQuarter(quarter);
    const [activity, current, before] = await Promise.all([
      this.queries.activity(trendRange),
      this.nps.answers(quarterBounds(quarter).from, quarterBounds(quarter).to),
      this.nps.answers(
        quarterBounds(previous).from,
        quarterBounds(previous).to,
      ),
    ]);
    const currentNps = computeNps(current.map(a => a.score));
    const daily = activity.byPeriod(trendRange, 'day');
    return {
      yesterdayDau: daily.get(yesterday) ?? 0,
      dauTrend: daysBetween(trendRange.from, trendRange.to).map(day => ({
        day,
        active: daily.get(day) ?? 0,
      })),
      quarterNps: currentNps.nps,
      previousQuarterNps: computeNps(before.map(a => a.score)).nps,
      npsAnswers: currentNps.answers,
    };
  }
}
