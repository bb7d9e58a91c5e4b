/** The ranges the Insights page offers, in days. */
export const RANGES = [7, 30, 90] as const;
export type RangeDays = (typeof RANGES)[number];

/** A day as the adoption API takes it (YYYY-MM-DD, UTC). */
export function isoDay(date: Date): string {
  return date.toISOString().slice(0, 10);
}

/** The last `days` days up to and including today: `from` is `days - 1` days before `to`. */
export function rangeQuery(
  days: number,
  now: Date = new Date(),
): { from: string; to: string } {
  const from = new Date(now.getTime() - (days - 1) * 86_400_000);
  return { from: isoDay(from), to: isoDay(now) };
}

/** A share (0–1) as a percentage with at most one decimal; "—" without one. */
export function formatPercent(share: number | null | undefined): string {
  if (share === null || share === undefined || !Number.isFinite(share)) {
    return '—';
  }
  return `${Math.round(share * 1000) / 10}%`;
}

/** An NPS (−100…100), signed; "—" without answers. */
export function formatNps(nps: number | null | undefined): string {
  if (nps === null || nps === undefined) return '—';
  return nps > 0 ? `+${nps}` : String(nps);
}

/** Seconds as people read them: 45 s, 12 min, 3.5 h. */
export function formatDuration(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined) return '—';
  if (seconds < 90) return `${Math.round(seconds)} s`;
  if (seconds < 5400) return `${Math.round(seconds / 60)} min`;
  return `${Math.round(seconds / 360) / 10} h`;
}

/** An average count: two decimals below 10 (0.03 users a day is not 0), one above. */
export function formatAverage(n: number): string {
  if (!Number.isFinite(n)) return '—';
  const digits = Math.abs(n) < 10 ? 2 : 1;
  return String(Math.round(n * 10 ** digits) / 10 ** digits);
}
