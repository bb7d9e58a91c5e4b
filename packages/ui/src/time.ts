import { DateTime } from 'luxon';

/**
 * How long ago an ISO 8601 time was, as a person reads it at a glance: `just now`, `12 min. ago`,
 * `3 hr. ago`, `2 days ago` (luxon's relative time, short style, in the browser's language). `–` when there is no
 * time; the text itself when it is not a time. A time slightly ahead of `now` (another clock) reads `just now`.
 */
export function formatAgo(
  iso: string | undefined,
  now: number = Date.now(),
): string {
  if (!iso) return '–';
  const time = DateTime.fromISO(iso);
  if (!time.isValid) return iso;
  const base = DateTime.fromMillis(now);
  if (base.diff(time).as('seconds') < 60) return 'just now';
  return time.toRelative({ base, style: 'short' }) ?? iso;
}
