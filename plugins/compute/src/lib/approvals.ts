/** How approvals of compute actions read to people: the action, the team, the change, the time left. */
import type { ApprovalRequest } from '@atrium/plugin-compute-common';
import { shortRef } from './format';

/** An action as a noun: "This deploy needs approval…". */
export function actionNoun(action: ApprovalRequest['action']): string {
  switch (action) {
    case 'scaler':
      return 'change of Scaler bounds';
    case 'create-app':
    case 'create':
      return 'new App';
    case 'delete':
      return 'deletion';
    default:
      return action;
  }
}

/** A team as people call it: `group:default/team-payments` → `team-payments`. */
export function teamName(team: string): string {
  return shortRef(team);
}

/** Who may decide a request (never its requester), e.g. `another member of team-payments or a platform admin`. */
export function whoMayApprove(team: string): string {
  return `another member of ${teamName(team)} or a platform admin`;
}

const FIELD_WORDS: Record<string, string> = {
  version: 'version',
  replicas: 'replicas',
  minReplicas: 'min replicas',
  maxReplicas: 'max replicas',
  revision: 'revision',
  /** A new App's first version (create-app). */
  tag: 'version',
};

const show = (v: unknown) =>
  typeof v === 'string' || typeof v === 'number' ? String(v) : undefined;

/**
 * The requested change in words, e.g. `deploy payments-gateway in sim-eu-west: version 2.4.1 → 2.5.0`. Reads
 * `before`/`after` when the request has them, else the action's fields (`version`, `replicas`, …).
 */
export function describeApprovalChange(approval: ApprovalRequest): string {
  const change = (approval.change ?? {}) as Record<string, unknown>;
  const before = (change.before ?? {}) as Record<string, unknown>;
  const after = (change.after ?? change) as Record<string, unknown>;
  const parts = Object.keys(FIELD_WORDS).flatMap(field => {
    const to = show(after[field]);
    if (to === undefined) return [];
    const from = show(before[field]);
    return [
      from === undefined || from === to
        ? `${FIELD_WORDS[field]} → ${to}`
        : `${FIELD_WORDS[field]} ${from} → ${to}`,
    ];
  });
  const where = `${approval.app.name} in ${approval.app.cluster}`;
  const what =
    approval.action === 'restart'
      ? 'restart all pods'
      : parts.join(', ') || undefined;
  return `${actionNoun(approval.action)} ${where}${what ? `: ${what}` : ''}`;
}

const UNITS: Array<[Intl.RelativeTimeFormatUnit, number]> = [
  ['day', 86_400_000],
  ['hour', 3_600_000],
  ['minute', 60_000],
];

/** How far ahead a time is, e.g. `in 4 hours`; `now` once it has passed. Intl's relative time, no arithmetic shown. */
export function formatUntil(iso: string, now: number = Date.now()): string {
  const t = Date.parse(iso);
  if (Number.isNaN(t)) return iso;
  const ms = t - now;
  if (ms <= 0) return 'now';
  const format = new Intl.RelativeTimeFormat(undefined, { numeric: 'auto' });
  for (const [unit, size] of UNITS) {
    if (ms >= size) return format.format(Math.round(ms / size), unit);
  }
  return format.format(Math.max(1, Math.round(ms / 1000)), 'second');
}

/** The full local time, for "expires …". */
export function formatWhen(iso: string): string {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : d.toLocaleString();
}
