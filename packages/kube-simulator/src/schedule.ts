/** Five-field cron (minute hour day-of-month month day-of-week) and Go-style durations, for Scaler schedules. */

const FIELD_RANGES: Array<[number, number]> = [
  [0, 59],
  [0, 23],
  [1, 31],
  [1, 12],
  [0, 7],
];

export interface Cron {
  fields: Array<Set<number>>;
  /** Day-of-month and day-of-week both restricted: cron matches either. */
  domRestricted: boolean;
  dowRestricted: boolean;
}

export function parseCron(expression: string): Cron {
  const parts = expression.trim().split(/\s+/);
  if (parts.length !== 5)
    throw new Error(`cron "${expression}" must have five fields`);
  const fields = parts.map((part, i) => {
    const [lo, hi] = FIELD_RANGES[i];
    const set = new Set<number>();
    for (const item of part.split(',')) {
      const [range, stepText] = item.split('/');
      const step = stepText ? Number(stepText) : 1;
      let from = lo;
      let to = hi;
      if (range !== '*') {
        const [a, b] = range.split('-').map(Number);
        from = a;
        if (b !== undefined) to = b;
        else to = stepText ? hi : a;
      }
      if (
        ![from, to, step].every(Number.isInteger) ||
        from < lo ||
        to > hi ||
        step < 1
      ) {
        throw new Error(`cron "${expression}": invalid field "${part}"`);
      }
      for (let v = from; v <= to; v += step)
        set.add(i === 4 && v === 7 ? 0 : v);
    }
    return set;
  });
  return {
    fields,
    domRestricted: parts[2] !== '*',
    dowRestricted: parts[4] !== '*',
  };
}

interface WallTime {
  minute: number;
  hour: number;
  day: number;
  month: number;
  weekday: number;
}

const WEEKDAYS: Record<string, number> = {
  Sun: 0,
  Mon: 1,
  Tue: 2,
  Wed: 3,
  Thu: 4,
  Fri: 5,
  Sat: 6,
};
const formatters = new Map<string, Intl.DateTimeFormat>();

function wallTime(date: Date, timeZone?: string): WallTime {
  if (!timeZone || timeZone === 'UTC') {
    return {
      minute: date.getUTCMinutes(),
      hour: date.getUTCHours(),
      day: date.getUTCDate(),
      month: date.getUTCMonth() + 1,
      weekday: date.getUTCDay(),
    };
  }
  let fmt = formatters.get(timeZone);
  if (!fmt) {
    fmt = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      minute: 'numeric',
      hour: 'numeric',
      day: 'numeric',
      month: 'numeric',
      weekday: 'short',
    });
    formatters.set(timeZone, fmt);
  }
  const parts = Object.fromEntries(
    fmt.formatToParts(date).map(p => [p.type, p.value]),
  );
  return {
    minute: Number(parts.minute),
    hour: Number(parts.hour),
    day: Number(parts.day),
    month: Number(parts.month),
    weekday: WEEKDAYS[parts.weekday] ?? 0,
  };
}

export function cronMatches(
  cron: Cron,
  date: Date,
  timeZone?: string,
): boolean {
  const t = wallTime(date, timeZone);
  const [min, hour, dom, month, dow] = cron.fields;
  if (!min.has(t.minute) || !hour.has(t.hour) || !month.has(t.month))
    return false;
  const domOk = dom.has(t.day);
  const dowOk = dow.has(t.weekday);
  if (cron.domRestricted && cron.dowRestricted) return domOk || dowOk;
  return domOk && dowOk;
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
  const start = Math.floor(now.getTime() / 60_000) * 60_000;
  for (let t = start; t > now.getTime() - lookback; t -= 60_000) {
    if (cronMatches(cron, new Date(t), timeZone)) return true;
  }
  return false;
}
