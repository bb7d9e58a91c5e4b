import type { Knex } from 'knex';
import type { AlertEvent, Matcher } from '@atrium/plugin-operations-common';
import type { AmAlert } from '../alertmanager/AlertmanagerClient';
import { matchesAll } from '../alertmanager/matchers';
import { migrateOperations } from '../migrations';

const FIRING = 'operations_alerts_firing';
const EVENTS = 'operations_alert_events';
/** Most events one read returns. */
export const MAX_EVENTS = 1000;

/** How a component's alerts are found in the records: by the component label, or by matchers on all labels. */
export type AlertSelection = { component: string } | { matchers: Matcher[] };

/** The name, severity and summary Atrium shows for an alert. */
export function describeAlert(a: {
  labels: Record<string, string>;
  annotations?: Record<string, string>;
}) {
  const name = a.labels.alertname ?? '(unnamed)';
  return {
    name,
    severity: a.labels.severity ?? 'none',
    summary: a.annotations?.summary ?? a.annotations?.description ?? name,
  };
}

/**
 * Alerts as Atrium saw them, in the operations plugin's database: which fired at the last poll of Alertmanager,
 * and every transition since (fired, resolved), kept `retentionDays`.
 */
export class AlertStore {
  static async create(
    knex: Knex,
    options: { componentLabel: string },
  ): Promise<AlertStore> {
    await migrateOperations(knex);
    return new AlertStore(knex, options.componentLabel);
  }

  private constructor(
    private readonly knex: Knex,
    private readonly componentLabel: string,
  ) {}

  /**
   * Records what changed since the last snapshot of Alertmanager's alerts: an alert not seen before fired (at
   * its startsAt), one that is gone resolved (now). Call it only with a complete answer from Alertmanager; a
   * failed read must not resolve everything.
   */
  async recordSnapshot(
    alerts: AmAlert[],
    now = new Date(),
  ): Promise<{ fired: number; resolved: number }> {
    return this.knex.transaction(async tx => {
      const known = new Map<string, any>(
        (await tx(FIRING).select('*')).map((r: any) => [r.fingerprint, r]),
      );
      const seen = new Set<string>();
      let fired = 0;
      for (const alert of alerts) {
        if (seen.has(alert.fingerprint)) continue;
        seen.add(alert.fingerprint);
        const { name, severity, summary } = describeAlert(alert);
        const row = {
          name: name.slice(0, 512),
          severity: severity.slice(0, 64),
          summary,
          labels: JSON.stringify(alert.labels),
          annotations: alert.annotations
            ? JSON.stringify(alert.annotations)
            : null,
          component: alert.labels[this.componentLabel]?.slice(0, 512) ?? null,
        };
        if (known.has(alert.fingerprint)) {
          await tx(FIRING)
            .where('fingerprint', alert.fingerprint)
            .update({ ...row, last_seen_at: now });
          continue;
        }
        const startsAt = validDate(alert.startsAt) ?? now;
        await tx(FIRING).insert({
          fingerprint: alert.fingerprint,
          ...row,
          starts_at: startsAt,
          last_seen_at: now,
        });
        await tx(EVENTS).insert({
          fingerprint: alert.fingerprint,
          type: 'fired',
          occurred_at: startsAt > now ? now : startsAt,
          starts_at: startsAt,
          ...row,
        });
        fired++;
      }
      let resolved = 0;
      for (const [fingerprint, row] of known) {
        if (seen.has(fingerprint)) continue;
        await tx(FIRING).where('fingerprint', fingerprint).delete();
        await tx(EVENTS).insert({
          fingerprint,
          type: 'resolved',
          occurred_at: now,
          starts_at: new Date(toMillis(row.starts_at)),
          name: row.name,
          severity: row.severity,
          summary: row.summary,
          labels: row.labels,
          annotations: row.annotations,
          component: row.component,
        });
        resolved++;
      }
      return { fired, resolved };
    });
  }

  /** A component's recorded transitions in a time range, oldest first (at most MAX_EVENTS, the newest). */
  async events(
    selection: AlertSelection,
    range: { from: Date; to: Date; type?: 'fired' | 'resolved' },
  ): Promise<
    Array<
      AlertEvent & { startsAt: string; annotations?: Record<string, string> }
    >
  > {
    const query = this.knex(EVENTS)
      .select('*')
      .where('occurred_at', '>=', range.from)
      .andWhere('occurred_at', '<=', range.to)
      .orderBy([
        { column: 'occurred_at', order: 'desc' },
        { column: 'id', order: 'desc' },
      ]);
    if (range.type) query.andWhere('type', range.type);
    if ('component' in selection) {
      query.andWhere('component', selection.component).limit(MAX_EVENTS);
    } else {
      // Matchers may look at any label: filter here, over a bounded window of the newest rows.
      query.limit(MAX_EVENTS * 10);
    }
    let rows: any[] = await query;
    if ('matchers' in selection) {
      rows = rows
        .filter(r => matchesAll(selection.matchers, JSON.parse(r.labels)))
        .slice(0, MAX_EVENTS);
    }
    return rows.reverse().map(r => ({
      id: Number(r.id),
      fingerprint: r.fingerprint,
      name: r.name,
      severity: r.severity,
      type: r.type,
      occurredAt: new Date(toMillis(r.occurred_at)).toISOString(),
      startsAt: new Date(toMillis(r.starts_at)).toISOString(),
      summary: r.summary,
      labels: JSON.parse(r.labels),
      annotations: r.annotations ? JSON.parse(r.annotations) : undefined,
    }));
  }

  /** Forgets events older than `before`. */
  async prune(before: Date): Promise<number> {
    return this.knex(EVENTS).where('occurred_at', '<', before).delete();
  }
}

function validDate(value: string | undefined): Date | undefined {
  if (!value) return undefined;
  const d = new Date(value);
  return Number.isNaN(d.getTime()) ? undefined : d;
}

/** Timestamps come back as Date (PostgreSQL), or as numbers or strings (SQLite). */
function toMillis(value: unknown): number {
  if (value instanceof Date) return value.getTime();
  if (typeof value === 'number') return value;
  const n = Number(value);
  return Number.isFinite(n) ? n : new Date(String(value)).getTime();
}
