/**
 * Scaler schedules: cron expressions through `cron-parser` (five fields, minute hour day-of-month month
 * day-of-week, with day and month names such as `MON-FRI` or `JAN`, or a macro such as `@daily`), evaluated in
 * UTC or an IANA time zone; and Go-style durations (`10h`, `1h30m`).
 */
import {
  CronExpression,
  CronExpressionParser,
  CronFieldCollection,
} from 'cron-parser';

/** A parsed cron expression. */
export interface Cron {
  expression: string;
  fields: CronFieldCollection;
}

/** Parses a schedule's cron expression; throws an Error that names the expression and what is wrong with it. */
export function parseCron(expression: string): Cron {
  const text = expression.trim();
  if (!text.startsWith('@') && text.split(/\s+/).length !== 5) {
    throw new Error(
      `cron "${expression}" must have five fields (minute hour day-of-month month day-of-week) or be a macro such as @daily`,
    );
  }
  try {
    return { expression, fields: CronExpressionParser.parse(text).fields };
  } catch (e) {
    throw new Error(
      `cron "${expression}" is not valid: ${(e as Error)?.message ?? e}`,
    );
  }
}

const MINUTE_MS = 60_000;

/** IANA time zones seen to be valid. */
const knownZones = new Set<string>(['UTC']);

/** The time zone, checked: an unknown one throws an Error naming it. */
function timeZoneOf(timeZone?: string): string {
  const zone = timeZone || 'UTC';
  if (!knownZones.has(zone)) {
    try {
      Intl.DateTimeFormat('en-US', { timeZone: zone }).resolvedOptions();
    } catch {
      throw new Error(`unknown time zone "${zone}"`);
    }
    knownZones.add(zone);
  }
  return zone;
}

/** The expression evaluated in `timeZone` (UTC without one), iterating from `from`. */
const evaluate = (cron: Cron, timeZone?: string, from?: Date) =>
  new CronExpression(cron.fields, {
    tz: timeZoneOf(timeZone),
    ...(from ? { currentDate: from } : {}),
  });

/** Whether the cron matches the minute `date` falls in, on the wall clock of `timeZone` (UTC without one). */
export function cronMatches(
  cron: Cron,
  date: Date,
  timeZone?: string,
): boolean {
  const minute = Math.floor(date.getTime() / MINUTE_MS) * MINUTE_MS;
  return evaluate(cron, timeZone).includesDate(new Date(minute));
}

/** Parses `10h`, `1h30m`, `90s`, `1.5h` into milliseconds. */
export function parseDuration(text: string): number {
  const re = /([0-9]+(?:\.[0-9]+)?)(h|m|s)/g;
  let total = 0;
  let consumed = 0;
  for (const m of text.matchAll(re)) {
    total +=
      Number(m[1]) *
      { h: 3_600_000, m: 60_000, s: 1000 }[m[2] as 'h' | 'm' | 's'];
    consumed += m[0].length;
  }
  if (consumed !== text.length || consumed === 0)
    throw new Error(`invalid duration "${text}"`);
  return total;
}

/** The longest window we look back for a schedule start: a week. */
const MAX_LOOKBACK_MS = 7 * 24 * 3_600_000;

/** Whether a schedule that starts on `cron` and holds for `durationMs` is active at `now`. */
export function scheduleActive(
  cron: Cron,
  durationMs: number,
  now: Date,
  timeZone?: string,
): boolean {
  const lookback = Math.min(durationMs, MAX_LOOKBACK_MS);
  const minute = Math.floor(now.getTime() / MINUTE_MS) * MINUTE_MS;
  // The latest start at or before this minute (prev() answers strictly before the date it starts from).
  const iterator = evaluate(cron, timeZone, new Date(minute + 1000));
  if (!iterator.hasPrev()) return false;
  return iterator.prev().getTime() > now.getTime() - lookback;
}
