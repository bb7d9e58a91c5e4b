/** Values of a query string; `undefined` leaves the parameter out. */
export type QueryParams = Record<string, string | number | boolean | undefined>;

/**
 * The query string of a request path: `''` when every value is undefined, else `?` and the parameters in the
 * order given, form-encoded as `URLSearchParams` encodes them (`?q=a+b&from=2026-01-01T00%3A00%3A00.000Z`).
 */
export function queryString(params: QueryParams): string {
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined) query.set(key, String(value));
  }
  const s = query.toString();
  return s ? `?${s}` : '';
}
