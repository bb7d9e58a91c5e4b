import { InputError } from '@backstage/errors';
import {
  isTimelineEventKind,
  TIMELINE_EVENT_KINDS,
  TIMELINE_LIMITS,
  type TimelineEventKind,
} from '@atrium/plugin-timeline-common';
import type { TimelineRequest } from '../types';

const DAY_MS = 86_400_000;

function single(value: unknown, name: string): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string') {
    throw new InputError(`${name} must be given once`);
  }
  return value;
}

function instant(value: unknown, name: string): Date | undefined {
  const text = single(value, name);
  if (text === undefined || text === '') return undefined;
  // ISO 8601 dates and date-times only, not whatever Date.parse accepts.
  const ms = /^\d{4}-\d{2}-\d{2}([T ][\d:.]+(Z|[+-]\d{2}:?\d{2})?)?$/.test(text)
    ? Date.parse(text)
    : NaN;
  if (!Number.isFinite(ms)) {
    throw new InputError(`${name} must be an ISO 8601 date-time`);
  }
  return new Date(ms);
}

/** Reads and checks the query: kinds, from, to and limit. */
export function parseTimelineQuery(
  query: Record<string, unknown>,
  now: Date = new Date(),
): TimelineRequest {
  const kindsText = single(query.kinds, 'kinds');
  let kinds: TimelineEventKind[] = [...TIMELINE_EVENT_KINDS];
  if (kindsText !== undefined && kindsText.trim() !== '') {
    const asked = [...new Set(kindsText.split(',').map(k => k.trim()))];
    const unknown = asked.filter(k => !isTimelineEventKind(k));
    if (unknown.length) {
      throw new InputError(
        `Unknown kind(s) ${unknown
          .map(k => JSON.stringify(k.slice(0, 40)))
          .join(', ')}; the kinds are ${TIMELINE_EVENT_KINDS.join(', ')}`,
      );
    }
    kinds = asked as TimelineEventKind[];
  }
  const to = instant(query.to, 'to') ?? now;
  const from =
    instant(query.from, 'from') ??
    new Date(to.getTime() - TIMELINE_LIMITS.defaultRangeDays * DAY_MS);
  if (from.getTime() > to.getTime()) {
    throw new InputError('from must not be after to');
  }
  const limitText = single(query.limit, 'limit');
  let limit: number = TIMELINE_LIMITS.defaultLimit;
  if (limitText !== undefined) {
    if (!/^\d{1,4}$/.test(limitText)) {
      throw new InputError(
        `limit must be a whole number from 1 to ${TIMELINE_LIMITS.maxLimit}`,
      );
    }
    limit = Number(limitText);
    if (limit < 1 || limit > TIMELINE_LIMITS.maxLimit) {
      throw new InputError(
        `limit must be a whole number from 1 to ${TIMELINE_LIMITS.maxLimit}`,
      );
    }
  }
  return { kinds, from, to, limit };
}
