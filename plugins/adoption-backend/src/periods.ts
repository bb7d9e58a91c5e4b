import { DateTime } from 'luxon';

/** Days are UTC dates, `YYYY-MM-DD`: the same on every replica and in both databases. */
export function dayOf(ts: number): string {
  return new Date(ts).toISOString().slice(0, 10);
}

const utcDay = (day: string) => DateTime.fromISO(day, { zone: 'utc' });

/** The Monday of the ISO week a day falls in. */
export function weekStart(day: string): string {
  return utcDay(day).startOf('week').toISODate()!;
}

/** The first of the day's month. */
export function monthStart(day: string): string {
  return `${day.slice(0, 7)}-01`;
}

/** The ISO week a day falls in: `2026-W49` (its week-year, which differs from the year around New Year). */
export function isoWeek(day: string): string {
  const d = utcDay(day);
  return `${d.weekYear}-W${String(d.weekNumber).padStart(2, '0')}`;
}

/** The quarter of an instant (UTC): `2026-Q4`. */
export function quarterOf(ts: number): string {
  const d = DateTime.fromMillis(ts, { zone: 'utc' });
  return `${d.year}-Q${d.quarter}`;
}

/** The first and last millisecond of a quarter (`2026-Q4`). */
export function quarterBounds(quarter: string): { from: number; to: number } {
  const [year, q] = quarter.split('-Q').map(Number);
  const start = DateTime.utc(year, (q - 1) * 3 + 1, 1);
  return {
    from: start.toMillis(),
    to: start.plus({ months: 3 }).toMillis() - 1,
  };
}

/** The quarter before one (`2026-Q1` → `2025-Q4`). */
export function previousQuarter(quarter: string): string {
  const [year, q] = quarter.split('-Q').map(Number);
  return q === 1 ? `${year - 1}-Q4` : `${year}-Q${q - 1}`;
}

/** Every day from `from` to `to`, both included. */
export function daysBetween(from: string, to: string): string[] {
  const days: string[] = [];
  for (
    let d = utcDay(from), end = utcDay(to);
    d <= end;
    d = d.plus({ days: 1 })
  ) {
    days.push(d.toISODate()!);
  }
  return days;
}

/** A day plus (or minus) some days. */
export function addDays(day: string, days: number): string {
  return utcDay(day).plus({ days }).toISODate()!;
}
