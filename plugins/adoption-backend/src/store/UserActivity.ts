import type { Grain } from '@atrium/plugin-adoption-common';
import { addDays, monthStart, weekStart } from '../periods';
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

/**
 * Who was active on which day, from the monthly masks of the months around a range (at most two rows a user for
 * 30 days): distinct active users per day, ISO week or month, and over any range inside the one read. Each user's
 * rows are read together, so a user counts once per period however many months their days span.
 */
export class UserActivity {
  private readonly byUser = new Map<string, UserMonth[]>();
  /** `YYYY-MM-DD` of a month's bit, and a day's period per grain: computed once per day, not per user. */
  private readonly names = new Map<string, string>();

  constructor(rows: UserMonth[]) {
    for (const row of rows) {
      const list = this.byUser.get(row.userId);
      if (list) list.push(row);
      else this.byUser.set(row.userId, [row]);
    }
  }

  private period(month: string, bit: number, grain: Grain | 'all'): string {
    const id = `${month}|${bit}|${grain}`;
    let name = this.names.get(id);
    if (name === undefined) {
      const day = addDays(month, bit);
      if (grain === 'week') name = weekStart(day);
      else if (grain === 'month') name = monthStart(day);
      else if (grain === 'all') name = '';
      else name = day;
      this.names.set(id, name);
    }
    return name;
  }

  /** For each period of a grain, how many users were active on a day of it within the range. */
  private count(range: DayRange, grain: Grain | 'all'): Map<string, number> {
    const masks = monthMasks(range.from, range.to);
    const counts = new Map<string, number>();
    const periods = new Set<string>();
    for (const rows of this.byUser.values()) {
      periods.clear();
      for (const row of rows) {
        const bits = row.days & (masks.get(row.month) ?? 0);
        for (let bit = 0; bits >> bit !== 0; bit++) {
          if (bits & (1 << bit))
            periods.add(this.period(row.month, bit, grain));
        }
      }
      for (const p of periods) counts.set(p, (counts.get(p) ?? 0) + 1);
    }
    return counts;
  }

  /** Distinct active users per period (day, ISO week's Monday, month's 1st) with any in the range. */
  byPeriod(range: DayRange, grain: Grain): Map<string, number> {
    return this.count(range, grain);
  }

  /** Distinct users active in the range. */
  distinct(range: DayRange): number {
    return this.count(range, 'all').get('') ?? 0;
  }
}
