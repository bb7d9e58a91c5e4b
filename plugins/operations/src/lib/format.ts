import type { MetricUnit } from '@atrium/plugin-operations-common';

const MiB = 1024 ** 2;
const GiB = 1024 ** 3;

/** A number with at most 3 significant digits, without trailing zeros: 0.123, 12.3, 1234. */
export function formatNumber(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  const abs = Math.abs(value);
  if (abs === 0) return '0';
  if (abs >= 1000) return Math.round(value).toLocaleString('en-US');
  return String(Number(value.toPrecision(3)));
}

/** How one chart's axis shows a unit: the axis label, and values converted for people. */
export interface AxisScale {
  /** The unit people read: `req/s`, `%`, `ms`, `cores`, `MiB`, `GiB`. */
  label: string;
  /** The value in that unit, as a number (0.0123 ratio → 1.23). */
  convert(value: number): number;
  /** A tick: the converted value, without the unit. */
  tick(value: number): string;
  /** A tooltip value: the converted value with its unit. */
  withUnit(value: number | null | undefined): string;
}

function scale(label: string, factor: number, space = true): AxisScale {
  const convert = (v: number) => v / factor;
  return {
    label,
    convert,
    tick: v => formatNumber(convert(v)),
    withUnit: v =>
      v === null || v === undefined || Number.isNaN(v)
        ? 'no data'
        : `${formatNumber(convert(v))}${space ? ' ' : ''}${label}`,
  };
}

/**
 * The axis scale of a unit; `max` (the largest value drawn, in the API's unit) picks MiB or GiB for bytes.
 */
export function axisScale(unit: MetricUnit, max = 0): AxisScale {
  switch (unit) {
    case 'requests/s':
      return scale('req/s', 1);
    case 'ratio':
      return scale('%', 0.01, false);
    case 'seconds':
      return scale('ms', 0.001);
    case 'cores':
      return scale('cores', 1);
    case 'bytes':
      return max >= GiB ? scale('GiB', GiB) : scale('MiB', MiB);
    default:
      return scale(String(unit), 1);
  }
}

/** A time tick: `14:05` within a day, `Nov 28 14:05` beyond. */
export function formatTime(unixSeconds: number, rangeSeconds: number): string {
  const d = new Date(unixSeconds * 1000);
  const time = d.toLocaleTimeString('en-GB', {
    hour: '2-digit',
    minute: '2-digit',
  });
  if (rangeSeconds <= 24 * 3600) return time;
  return `${d.toLocaleDateString('en-US', {
    month: 'short',
    day: 'numeric',
  })} ${time}`;
}

/** A moment for people: `Sat, Nov 28, 14:05`. */
export function formatDateTime(date: Date): string {
  return date.toLocaleString('en-US', {
    weekday: 'short',
    month: 'short',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hour12: false,
  });
}

/** A duration for people: `30 min`, `1 h`, `4 h 30 min`, `1 day`, `2 days 3 h`. */
export function formatMinutes(minutes: number): string {
  const days = Math.floor(minutes / 1440);
  const hours = Math.floor((minutes % 1440) / 60);
  const mins = minutes % 60;
  const parts: string[] = [];
  if (days) parts.push(`${days} ${days === 1 ? 'day' : 'days'}`);
  if (hours) parts.push(`${hours} h`);
  if (mins || parts.length === 0) parts.push(`${mins} min`);
  return parts.join(' ');
}

/** How long ago: one helper for every plugin (`@atrium/ui`, luxon). */
export { formatAgo } from '@atrium/ui';

/** X-axis ticks (unix seconds) on round times: every 10 min for an hour, 1 h for 6 h, 4 h for a day, 1 day beyond. */
export function timeTicks(start: number, end: number): number[] {
  const span = end - start;
  const interval =
    [
      [3600, 600],
      [6 * 3600, 3600],
      [24 * 3600, 4 * 3600],
    ].find(([upTo]) => span <= upTo)?.[1] ?? 24 * 3600;
  const ticks: number[] = [];
  for (
    let t = Math.ceil(start / interval) * interval;
    t <= end;
    t += interval
  ) {
    ticks.push(t);
  }
  return ticks;
}
