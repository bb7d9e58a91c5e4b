import { optionalInt } from './optionalInt';

/** Most records one page of a component's Activity holds, and how many when not asked. */
export const MAX_ACTIVITY_LIMIT = 500;
export const DEFAULT_ACTIVITY_LIMIT = 50;

/** `GET /components/:namespace/:name/activity`'s query: `limit` (1 to 500, 50 by default) and `before` (an id). */
export function parseActivityQuery(query: Record<string, unknown>): {
  limit: number;
  before?: number;
} {
  const limit =
    optionalInt(query.limit, 'limit', 1, MAX_ACTIVITY_LIMIT) ??
    DEFAULT_ACTIVITY_LIMIT;
  const before = optionalInt(
    query.before,
    'before',
    1,
    Number.MAX_SAFE_INTEGER,
  );
  return { limit, before };
}
