import { addDays, daysBetween, monthStart } from '../periods';

/**
 * Monthly rollups keep, per month and user (and per kind and key for viewers), the days of the month the user was
 * active as a bit mask: bit 0 is the 1st, bit 30 the 31st. A union of days is a bitwise OR, which SQLite and
 * PostgreSQL both have (`|`, `&`), so rows merge on upsert and a range of days selects rows with `days & mask`.
 * A range of 30 days reads at most two rows a user instead of one a day.
 */

/** The bit of a day (`YYYY-MM-DD`) in its month's mask. */
export function dayBit(day: string): number {
  return 2 ** (Number(day.slice(8, 10)) - 1);
}

/** The days of a range by month: each month (its 1st) the range touches, and the mask of its days in the range. */
export function monthMasks(from: string, to: string): Map<string, number> {
  const masks = new Map<string, number>();
  for (const day of daysBetween(from, to)) {
    const month = monthStart(day);
    masks.set(month, (masks.get(month) ?? 0) | dayBit(day));
  }
  return masks;
}

/** The days (`YYYY-MM-DD`) of a month's mask, in order. */
export function daysOf(month: string, days: number): string[] {
  const result: string[] = [];
  for (let bit = 0; bit < 31; bit++) {
    if (days & (1 << bit)) result.push(addDays(month, bit));
  }
  return result;
}

/** The mask of the days of a month before `beforeDay` is cleared with: every day from `beforeDay` on. */
export function keepFrom(beforeDay: string): number {
  const month = monthStart(beforeDay);
  // The 1st plus 31 days is always in the next month.
  const lastDay = addDays(monthStart(addDays(month, 31)), -1);
  return monthMasks(beforeDay, lastDay).get(month)!;
}
