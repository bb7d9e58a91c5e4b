import { InputError } from '@backstage/errors';

/** How far back one read of alert events may reach. */
export const MAX_EVENTS_RANGE_MS = 31 * 24 * 3600 * 1000;

/**
 * Checks `GET …/alert-events`' range: `from` and `to` in unix seconds or ISO 8601, `to` defaulting to now and
 * `from` to a day before `to`, at most 31 days apart.
 */
export function parseEventsRange(
  query: Record<string, unknown>,
  now = new Date(),
): { from: Date; to: Date } {
  const to = optionalTime(query.to, 'to') ?? now;
  const from =
    optionalTime(query.from, 'from') ??
    new Date(to.getTime() - 24 * 3600 * 1000);
  if (from > to || to.getTime() - from.getTime() > MAX_EVENTS_RANGE_MS) {
    throw new InputError('from must be before to, at most 31 days apart');
  }
  return { from, to };
}

/** Unix seconds or ISO 8601. */
function optionalTime(value: unknown, name: string): Date | undefined {
  if (value === undefined) return undefined;
  let d = new Date(NaN);
  if (typeof value === 'string') {
    d = /^\d+(\.\d+)?$/.test(value)
      ? new Date(Number(value) * 1000)
      : new Date(value);
  }
  if (Number.isNaN(d.getTime())) {
    throw new InputError(`${name} must be unix seconds or an ISO 8601 time`);
  }
  return d;
}
