import type { Grain } from '@atrium/plugin-adoption-common';
import { addDays, weekStart } from '../periods';
import { monthMasks } from './dayMasks';

/** Whole UTC days, both included. */
export interface DayRange {
  from: string;
  to: string;
}

/** A row of `adoption_user_months`: the days of a month a user was active, as a mask. */
export interface UserMonth {
  month: string;
  userId: string;
  days: number;
}

/** Bit positions set in a mask. */
function* bitsOf(mask: number): Generator<number> {
  for (let bit = 0; mask >> bit !== 0; bit++) {
    if (mask & (1 << bit)) yield bit;
  }
}

/**
 * Who was active on which day, from the monthly masks of the months around a range (at most two rows a user for
 * 30 days): distinct active users per day, ISO week or month, and over any range inside the one read. Counted
 * with bit operations on the masks, not per user and day: a user has one row a month, so a day's or a month's
 * count is the rows with its bits; only weeks across two months need each user's rows together.
 */
export class UserActivity {
  private readonly byUser = new Map<string, UserMonth[]>();

  constructor(private readonly rows: UserMonth[]) {
    for (const row of rows) {
      const list = this.byUser.get(row.userId);
      if (list) list.push(row);
      else this.byUser.set(row.userId, [row]);
    }
  }

  /** Distinct active users per period (day, ISO week's Monday, month's 1st) with any in the range. */
  byPeriod(range: DayRange, grain: Grain): Map<string, number> {
    const masks = monthMasks(range.from, range.to);
    if (grain === 'week') return this.byWeek(masks);
    const perBit = new Map<string, number[]>();
    for (const month of masks.keys()) perBit.set(month, new Array(31).fill(0));
    const perMonth = new Map<string, number>();
    for (const row of this.rows) {
      const bits = row.days & (masks.get(row.month) ?? 0);
      if (bits === 0) continue;
      perMonth.set(row.month, (perMonth.get(row.month) ?? 0) + 1);
      if (grain === 'day') {
        const counts = perBit.get(row.month)!;
        // Each set bit, lowest first, without a generator (this runs for every user and day).
        for (let rest = bits; rest !== 0; rest &= rest - 1) {
          counts[31 - Math.clz32(rest & -rest)]++;
        }
      }
    }
    if (grain === 'month') return perMonth;
    const result = new Map<string, number>();
    for (const [month, counts] of perBit) {
      counts.forEach((n, bit) => {
        if (n > 0) result.set(addDays(month, bit), n);
      });
    }
    return result;
  }

  /** Users per ISO week: each week's days in each month as a mask, a user counted once per week they touch. */
  private byWeek(masks: Map<string, number>): Map<string, number> {
    const weeks = new Map<string, Array<{ week: string; mask: number }>>();
    for (const [month, mask] of masks) {
      const byWeek = new Map<string, number>();
      for (const bit of bitsOf(mask)) {
        const week = weekStart(addDays(month, bit));
        byWeek.set(week, (byWeek.get(week) ?? 0) | (1 << bit));
      }
      weeks.set(
        month,
        [...byWeek].map(([week, m]) => ({ week, mask: m })),
      );
    }
    const counts = new Map<string, number>();
    const seen = new Set<string>();
    for (const rows of this.byUser.values()) {
      seen.clear();
      for (const row of rows) {
        for (const { week, mask } of weeks.get(row.month) ?? []) {
          if (row.days & mask) seen.add(week);
        }
      }
      for (const week of seen) counts.set(week, (counts.get(week) ?? 0) + 1);
    }
    return counts;
  }

  /** Distinct users active in the range. */
  distinct(range: DayRange): number {
    const masks = monthMasks(range.from, range.to);
    let n = 0;
    for (const rows of this.byUser.values()) {
      if (rows.some(row => row.days & (masks.get(row.month) ?? 0))) n++;
    }
    return n;
  }
}
