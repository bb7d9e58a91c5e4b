import type { BackstageCredentials } from '@backstage/backend-plugin-api';
import {
  stringifyEntityRef,
  type CompoundEntityRef,
  type Entity,
} from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import {
  compareAlerts,
  OPERATIONS_LIMITS,
  type ActiveAlertsResponse,
  type Alert,
  type AlertEvent,
  type AlertsResponse,
  type Matcher,
} from '@atrium/plugin-operations-common';
import type { OperationsConfig } from '../config';
import type {
  AlertmanagerClient,
  AmAlert,
} from '../alertmanager/AlertmanagerClient';
import { matchesAll } from '../alertmanager/matchers';
import { describeAlert, type AlertStore } from '../alerts/AlertStore';
import type { OperationsEntities } from './entities';
import { HOW_TO } from './howTo';

/** How far back the alerts card shows resolved alerts. */
export const RESOLVED_WINDOW_MS = 24 * 3600 * 1000;

/**
 * Alerts: those firing now, read from Alertmanager (whose own filter is not trusted: the labels are checked
 * again), and those Atrium recorded firing and resolving (the scheduled poll, into the AlertStore).
 */
export class OperationsAlerts {
  constructor(
    private readonly deps: {
      entities: OperationsEntities;
      config: OperationsConfig;
      store: AlertStore;
      alertmanager?: AlertmanagerClient;
    },
  ) {}

  async alerts(
    ref: CompoundEntityRef,
    credentials: BackstageCredentials,
    now = new Date(),
  ): Promise<AlertsResponse> {
    const { entities, store, alertmanager } = this.deps;
    const entity = await entities.entity(ref, credentials);
    const entityRef = stringifyEntityRef(entity);
    if (!alertmanager) {
      return { configured: false, entityRef, howTo: HOW_TO.alertmanager };
    }
    const matchers = entities.matchersOf(entity);
    const active = (await alertmanager.alerts(matchers))
      .filter(a => matchesAll(matchers, a.labels))
      .map(toAlert)
      .sort(compareAlerts);
    const firing = new Set(active.map(a => a.fingerprint));
    const events = await store.events(entities.selectionOf(matchers), {
      from: new Date(now.getTime() - RESOLVED_WINDOW_MS),
      to: now,
      type: 'resolved',
    });
    // The latest resolution of each alert that is not firing again.
    const resolved = new Map<string, Alert>();
    for (const e of events.reverse()) {
      if (firing.has(e.fingerprint) || resolved.has(e.fingerprint)) continue;
      resolved.set(e.fingerprint, {
        fingerprint: e.fingerprint,
        name: e.name,
        severity: e.severity,
        state: 'resolved',
        startsAt: e.startsAt,
        endsAt: e.occurredAt,
        summary: e.summary,
        labels: e.labels,
        annotations: e.annotations,
        silencedBy: [],
      });
    }
    return {
      configured: true,
      entityRef,
      matchers,
      active,
      resolved: [...resolved.values()],
    };
  }

  /** The timeline's source: a component's recorded transitions in a range, oldest first. */
  async alertEvents(
    entityRef: string,
    range: { from: Date; to: Date },
    credentials: BackstageCredentials,
  ): Promise<AlertEvent[]> {
    const { entities, store } = this.deps;
    const entity = await entities.entityByRef(entityRef, credentials);
    return (
      await store.events(
        entities.selectionOf(entities.matchersOf(entity)),
        range,
      )
    ).map(({ startsAt: _s, annotations: _a, ...event }) => event);
  }

  /**
   * The alerts firing now for many components (Home's open alerts), in the order asked, from one read of
   * Alertmanager; null where the caller may not see the entity, it does not exist, or its matchers annotation
   * is malformed. Without Alertmanager, how to configure it (as the per-component read answers).
   */
  async activeAlerts(
    entityRefs: string[],
    credentials: BackstageCredentials,
  ): Promise<ActiveAlertsResponse> {
    const max = OPERATIONS_LIMITS.maxActiveAlertsBatch;
    if (entityRefs.length > max) {
      throw new InputError(
        `At most ${max} entities per read, not ${entityRefs.length}`,
      );
    }
    const { entities, alertmanager } = this.deps;
    if (!alertmanager) {
      return { configured: false, howTo: HOW_TO.alertmanager };
    }
    if (!entityRefs.length) return { configured: true, items: [] };
    const items = await entities.entities(entityRefs, credentials);
    const all = await alertmanager.alerts();
    return {
      configured: true,
      items: items.map(entity => {
        const matchers = entity && this.matchersOrUndefined(entity);
        if (!entity || !matchers) return null;
        return {
          entityRef: stringifyEntityRef(entity),
          alerts: all
            .filter(a => matchesAll(matchers, a.labels))
            .map(toAlert)
            .sort(compareAlerts),
        };
      }),
    };
  }

  /**
   * One poll of Alertmanager (the scheduled task): records which alerts fired and resolved since the last,
   * and forgets events past the retention. An unreachable Alertmanager records nothing.
   */
  async poll(now = new Date()): Promise<{ fired: number; resolved: number }> {
    const { alertmanager, store, config } = this.deps;
    if (!alertmanager) return { fired: 0, resolved: 0 };
    const result = await store.recordSnapshot(await alertmanager.alerts(), now);
    await store.prune(
      new Date(now.getTime() - config.alerts.retentionDays * 24 * 3600 * 1000),
    );
    return result;
  }

  private matchersOrUndefined(entity: Entity): Matcher[] | undefined {
    try {
      return this.deps.entities.matchersOf(entity);
    } catch {
      return undefined; // a malformed matchers annotation
    }
  }
}

export function toAlert(a: AmAlert): Alert {
  const { name, severity, summary } = describeAlert(a);
  return {
    fingerprint: a.fingerprint,
    name,
    severity,
    state: a.status?.state === 'suppressed' ? 'suppressed' : 'active',
    startsAt: a.startsAt,
    summary,
    labels: a.labels,
    annotations: a.annotations,
    silencedBy: a.status?.silencedBy ?? [],
    generatorURL: a.generatorURL || undefined,
  };
}
