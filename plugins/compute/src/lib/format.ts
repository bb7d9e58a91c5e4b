/** Small formatting helpers shared by the compute views. */

/** CPU in cores, e.g. `0.25` → `250m`, `2` → `2 cores`. */
export function formatCores(cores: number): string {
  if (!Number.isFinite(cores)) return '–';
  if (cores !== 0 && Math.abs(cores) < 1) return `${Math.round(cores * 1000)}m`;
  const rounded = Math.round(cores * 100) / 100;
  return `${rounded} ${rounded === 1 ? 'core' : 'cores'}`;
}

const BYTE_UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];

/** Memory in bytes, e.g. `268435456` → `256 MiB`. */
export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes)) return '–';
  let value = bytes;
  let unit = 0;
  while (Math.abs(value) >= 1024 && unit < BYTE_UNITS.length - 1) {
    value /= 1024;
    unit += 1;
  }
  const rounded =
    value >= 10 || unit === 0 ? Math.round(value) : Math.round(value * 10) / 10;
  return `${rounded} ${BYTE_UNITS[unit]}`;
}

/** A compact age, like kubectl's: `45s`, `12m`, `3h`, `5d`. */
export function formatAge(
  iso: string | undefined,
  now: number = Date.now(),
): string {
  if (!iso) return '–';
  const t = Date.parse(iso);
  if (Number.isNaN(t)) return '–';
  const s = Math.max(0, Math.floor((now - t) / 1000));
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m`;
  const h = Math.floor(m / 60);
  if (h < 48) return `${h}h`;
  return `${Math.floor(h / 24)}d`;
}

/** How long ago: one helper for every plugin (`@atrium/ui`, luxon). */
export { formatAgo } from '@atrium/ui';

/** The full local time of an ISO timestamp, for tooltips. */
export function formatTime(iso: string | undefined): string {
  if (!iso) return '';
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : d.toLocaleString();
}

/** `user:default/jane.doe` → `jane.doe`; other kinds and namespaces keep their prefix. */
export function shortRef(ref: string): string {
  const m = /^([^:]+):([^/]+)\/(.+)$/.exec(ref);
  if (!m) return ref;
  const [, kind, namespace, name] = m;
  if (namespace !== 'default') return `${kind}:${namespace}/${name}`;
  return kind === 'user' || kind === 'group' ? name : `${kind}:${name}`;
}

function formatValue(v: unknown): string {
  if (v === undefined) return '–';
  if (typeof v === 'string') return v;
  return JSON.stringify(v);
}

/** An audit record's before/after, e.g. `replicas 2 → 4, version 1.0 → 1.1`. */
export function formatChange(
  before: Record<string, unknown> | undefined,
  after: Record<string, unknown> | undefined,
): string {
  const keys = Array.from(
    new Set([...Object.keys(before ?? {}), ...Object.keys(after ?? {})]),
  );
  if (keys.length === 0) return '–';
  return keys
    .map(k => `${k} ${formatValue(before?.[k])} → ${formatValue(after?.[k])}`)
    .join(', ');
}
