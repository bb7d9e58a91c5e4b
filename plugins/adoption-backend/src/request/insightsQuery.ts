import { InputError } from '@backstage/errors';
import type { Grain, TopKind } from '@atrium/plugin-adoption-common';
import { DateTime } from 'luxon';
import { addDays, dayOf } from '../periods';

/** A range of whole UTC days, both included, and the answer's format. */
export interface InsightsRange {
  from: string;
  to: string;
  format: 'json' | 'csv';
}

/** Ranges longer than this are refused: two years covers any retention Insights is meant for. */
export const MAX_RANGE_DAYS = 800;

function day(value: unknown, name: string): string | undefined {
  if (value === undefined || value === '') return undefined;
  if (typeof value !== 'string') throw new InputError(`${name} must be a date`);
  const parsed = DateTime.fromISO(value, { zone: 'utc' });
  if (!parsed.isValid) {
    throw new InputError(
      `${name} must be an ISO date (YYYY-MM-DD), got "${value}"`,
    );
  }
  return parsed.toISODate()!;
}

/** `from`, `to` (default: the last 30 days up to today) and `format` of an Insights request. */
export function parseInsightsRange(
  query: Record<string, unknown>,
  now = Date.now(),
): InsightsRange {
  const to = day(query.to, 'to') ?? dayOf(now);
  const from = day(query.from, 'from') ?? addDays(to, -29);
  if (from > to) throw new InputError(`from (${from}) is after to (${to})`);
  if (addDays(from, MAX_RANGE_DAYS) < to) {
    throw new InputError(`the range may span at most ${MAX_RANGE_DAYS} days`);
  }
  const format = query.format ?? 'json';
  if (format !== 'json' && format !== 'csv') {
    throw new InputError('format must be json or csv');
  }
  return { from, to, format };
}

export function parseGrain(value: unknown): Grain {
  const grain = value ?? 'day';
  if (grain !== 'day' && grain !== 'week' && grain !== 'month') {
    throw new InputError('grain must be day, week or month');
  }
  return grain;
}

export function parseTop(query: Record<string, unknown>): {
  kind: TopKind;
  limit: number;
} {
  const kind = query.kind ?? 'pages';
  if (kind !== 'plugins' && kind !== 'pages' && kind !== 'entities') {
    throw new InputError('kind must be plugins, pages or entities');
  }
  const limitText = query.limit ?? '10';
  const limit = Number(limitText);
  if (
    typeof limitText !== 'string' ||
    !Number.isInteger(limit) ||
    limit < 1 ||
    limit > 100
  ) {
    throw new InputError('limit must be a whole number from 1 to 100');
  }
  return { kind, limit };
}
