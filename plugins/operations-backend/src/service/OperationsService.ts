import type {
  BackstageCredentials,
  BackstageUserPrincipal,
  LoggerService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import type { CallerCatalog } from '@atrium/plugin-catalog-reads-node';
import {
  parseEntityRef,
  stringifyEntityRef,
  type Entity,
} from '@backstage/catalog-model';
import {
  InputError,
  NotAllowedError,
  NotFoundError,
  ServiceUnavailableError,
} from '@backstage/errors';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  compareAlerts,
  METRIC_UNITS,
  OPERATIONS_ANNOTATIONS,
  OPERATIONS_LIMITS,
  operationsAlertSilencePermission,
  type ActiveAlertsResponse,
  type Alert,
  type AlertEvent,
  type AlertsResponse,
  type Matcher,
  type MetricResult,
  type MetricsResponse,
  type SilenceResponse,
} from '@atrium/plugin-operations-common';
import type { OperationsConfig } from '../config';
import type {
  AlertmanagerClient,
  AmAlert,
} from '../alertmanager/AlertmanagerClient';
import {
  checkMatchers,
  componentMatchers,
  matchesAll,
  sameMatcher,
} from '../alertmanager/matchers';
import {
  describeAlert,
  type AlertSelection,
  type AlertStore,
} from '../alerts/AlertStore';
import {
  PrometheusQueryError,
  type PrometheusClient,
} from '../prometheus/PrometheusClient';
import {
  dashboardUrl,
  parseWindow,
  queriesFor,
  rateWindow,
  selectorFor,
} from '../prometheus/queries';

/** An entity by the route's parameters. */
export interface EntityName {
  namespace: string;
  kind: string;
  name: string;
}

const NAME = /^[A-Za-z0-9][-A-Za-z0-9_.]{0,62}$/;
/** How far back the alerts card shows resolved alerts. */
export const RESOLVED_WINDOW_MS = 24 * 3600 * 1000;
/** Most components one batch read of active alerts takes. */
export const MAX_BATCH = OPERATIONS_LIMITS.maxActiveAlertsBatch;

type UserCredentials = BackstageCredentials<BackstageUserPrincipal>;

export const HOW_TO = {
  prometheus:
    'Set operations.prometheus.baseUrl in the app config to your Prometheus (e.g. http://prometheus.monitoring:9090). ' +
    `The charts then show the series labelled component="<entity name>"; the ${OPERATIONS_ANNOTATIONS.prometheusSelector} ` +
    `annotation gives other label matchers, and ${OPERATIONS_ANNOTATIONS.promqlPrefix}<metric> annotations replace whole queries.`,
  alertmanager:
    'Set operations.alertmanager.baseUrl in the app config to your Alertmanager (e.g. http://alertmanager.monitoring:9093). ' +
    `The card then shows the alerts whose component label (operations.alerts.componentLabel) is the entity's name, ` +
    `or those the ${OPERATIONS_ANNOTATIONS.alertMatchers} annotation selects.`,
};

/**
 * A component's operations: its metrics from Prometheus, its alerts from Alertmanager (and those Atrium saw
 * resolve), and silences by its owners. Every read starts from the catalog with the caller's credentials, so
 * what the caller may not see in the catalog they cannot read here either.
 *
 * Other backend plugins (the timeline, Home's open alerts) may call `alertEvents` and `activeAlerts`.
 */
export class OperationsService {
  constructor(
    private readonly deps: {
      config: OperationsConfig;
      /** The catalog read with the caller's credentials, its answers kept a few seconds per caller. */
      catalog: Pick<CallerCatalog, 'getEntityByRef' | 'getEntitiesByRefs'>;
      permissions: PermissionsService;
      store: AlertStore;
      logger: LoggerService;
      prometheus?: PrometheusClient;
      alertmanager?: AlertmanagerClient;
    },
  ) {}

  /**
   * The entity, read with the caller's credentials; 404 when it does not exist or the caller may not see it.
   * Reads may be answered from the last few seconds' answer to the same caller (`operations.catalogTtlMs`);
   * `fresh` asks the catalog now, for writes.
   */
  async entity(
    ref: EntityName,
    credentials: BackstageCredentials,
    options?: { fresh?: boolean },
  ): Promise<Entity> {
    for (const part of [ref.namespace, ref.kind, ref.name]) {
      if (!NAME.test(part)) {
        throw new InputError(`${JSON.stringify(part)} is not an entity name`);
      }
    }
    const entity = await this.deps.catalog.getEntityByRef(
      stringifyEntityRef({
        namespace: ref.namespace,
        kind: ref.kind.toLocaleLowerCase('en-US'),
        name: ref.name,
      }),
      credentials,
      options,
    );
    if (!entity) {
      throw new NotFoundError(
        `No ${ref.kind} ${ref.namespace}/${ref.name} in the catalog`,
      );
    }
    return entity;
  }

  async metrics(
    ref: EntityName,
    query: Record<string, unknown>,
    credentials: BackstageCredentials,
  ): Promise<MetricsResponse> {
    const window = parseWindow(query);
    const entity = await this.entity(ref, credentials);
    const entityRef = stringifyEntityRef(entity);
    const prometheus = this.deps.prometheus;
    if (!prometheus) {
      return { configured: false, entityRef, howTo: HOW_TO.prometheus };
    }
    const selector = selectorFor(entity);
    const queries = queriesFor(
      entity,
      rateWindow(window.step, this.deps.config.prometheus?.rateWindow),
    );
    const metrics = await Promise.all(
      queries.map(async ({ metric, query: q }): Promise<MetricResult> => {
        const unit = METRIC_UNITS[metric];
        try {
          const series = await prometheus.queryRange(q, window);
          if (series.length > 1) {
            return {
              ok: false,
              metric,
              unit,
              query: q,
              reason: 'BadQuery',
              message: `The query gives ${series.length} series; a chart needs one (aggregate it, e.g. with sum(...))`,
            };
          }
          return {
            ok: true,
            metric,
            unit,
            query: q,
            points: series[0]?.points ?? [],
          };
        } catch (error) {
          const e =
            error instanceof PrometheusQueryError
              ? error
              : new PrometheusQueryError('Error', String(error));
          return {
            ok: false,
            metric,
            unit,
            query: q,
            reason: e.reason,
            message: e.message,
          };
        }
      }),
    );
    // Prometheus down is one error for the whole answer, not seven.
    const failures = metrics.filter(m => !m.ok) as Array<
      MetricResult & { ok: false }
    >;
    if (
      failures.length === metrics.length &&
      failures.every(f => f.reason === 'Unavailable' || f.reason === 'Timeout')
    ) {
      throw new ServiceUnavailableError(failures[0].message);
    }
    return {
      configured: true,
      entityRef,
      selector,
      ...window,
      dashboardUrl: dashboardUrl(
        this.deps.config.dashboardUrlTemplate,
        entity,
        window,
      ),
      metrics,
    };
  }

  async alerts(
    ref: EntityName,
    credentials: BackstageCredentials,
    now = new Date(),
  ): Promise<AlertsResponse> {
    const entity = await this.entity(ref, credentials);
    const entityRef = stringifyEntityRef(entity);
    const alertmanager = this.deps.alertmanager;
    if (!alertmanager) {
      return { configured: false, entityRef, howTo: HOW_TO.alertmanager };
    }
    const matchers = this.matchersOf(entity);
    const active = (await alertmanager.alerts(matchers))
      .filter(a => matchesAll(matchers, a.labels))
      .map(toAlert)
      .sort(compareAlerts);
    const firing = new Set(active.map(a => a.fingerprint));
    const events = await this.deps.store.events(this.selectionOf(matchers), {
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

  /**
   * Silences one of the component's alerts (exactly its labels) or what the given matchers select among the
   * component's alerts (the component's matchers are always added), for the component's owners and platform
   * admins. Auditing is the caller's (the router wraps this in an auditor event).
   */
  async silence(
    ref: EntityName,
    body: unknown,
    credentials: UserCredentials,
    now = new Date(),
  ): Promise<SilenceResponse> {
    const request = parseSilenceRequest(body);
    const entity = await this.entity(ref, credentials, { fresh: true });
    const entityRef = stringifyEntityRef(entity);
    const alertmanager = this.deps.alertmanager;
    if (!alertmanager) {
      throw new ServiceUnavailableError(
        `Alertmanager is not configured. ${HOW_TO.alertmanager}`,
      );
    }
    const actor = credentials.principal.userEntityRef;
    const [decision] = await this.deps.permissions.authorize(
      [
        {
          permission: operationsAlertSilencePermission,
          resourceRef: entityRef,
        },
      ],
      { credentials },
    );
    if (decision.result !== AuthorizeResult.ALLOW) {
      throw new NotAllowedError(
        `${actor} may not silence the alerts of ${entityRef}: only the team that owns it and platform admins may`,
      );
    }
    const own = this.matchersOf(entity);
    let matchers: Matcher[];
    if (request.fingerprint) {
      const alert = (await alertmanager.alerts(own)).find(
        a => a.fingerprint === request.fingerprint && matchesAll(own, a.labels),
      );
      if (!alert) {
        throw new NotFoundError(
          `${entityRef} has no firing alert ${request.fingerprint}`,
        );
      }
      matchers = Object.entries(alert.labels)
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([name, value]) => ({
          name,
          value,
          isRegex: false,
          isEqual: true,
        }));
    } else {
      matchers = [...request.matchers!];
      for (const m of own) {
        if (!matchers.some(x => sameMatcher(x, m))) matchers.push(m);
      }
    }
    const silence = {
      matchers,
      startsAt: now.toISOString(),
      endsAt: new Date(
        now.getTime() + request.durationMinutes * 60_000,
      ).toISOString(),
      createdBy: actor,
      comment: request.comment,
    };
    const { silenceID } = await alertmanager.createSilence(silence);
    this.deps.logger.info(
      `${actor} silenced ${JSON.stringify(matchers)} of ${entityRef} for ${
        request.durationMinutes
      } min: ${silenceID}`,
    );
    return {
      entityRef,
      silence: { id: silenceID, ...silence, state: 'active' },
    };
  }

  /**
   * A component's recorded alert transitions (fired, resolved) in a time range, oldest first: the timeline's
   * source. The entity is read with the caller's credentials.
   */
  async alertEvents(
    entityRef: string,
    range: { from: Date; to: Date },
    credentials: BackstageCredentials,
  ): Promise<AlertEvent[]> {
    let ref: EntityName;
    try {
      ref = parseEntityRef(entityRef);
    } catch {
      // The ref comes from the request (the route's path): a malformed one is the caller's mistake, not ours.
      throw new InputError(`${JSON.stringify(entityRef)} is not an entity ref`);
    }
    const entity = await this.entity(ref, credentials);
    return (
      await this.deps.store.events(
        this.selectionOf(this.matchersOf(entity)),
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
    if (entityRefs.length > MAX_BATCH) {
      throw new InputError(
        `At most ${MAX_BATCH} entities per read, not ${entityRefs.length}`,
      );
    }
    const alertmanager = this.deps.alertmanager;
    if (!alertmanager) {
      return { configured: false, howTo: HOW_TO.alertmanager };
    }
    if (!entityRefs.length) return { configured: true, items: [] };
    const items = await this.deps.catalog.getEntitiesByRefs(
      entityRefs,
      credentials,
    );
    const all = await alertmanager.alerts();
    return {
      configured: true,
      items: items.map(entity => {
        if (!entity) return null;
        let matchers: Matcher[];
        try {
          matchers = this.matchersOf(entity);
        } catch {
          return null; // a malformed matchers annotation
        }
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
    if (!this.deps.alertmanager) return { fired: 0, resolved: 0 };
    const alerts = await this.deps.alertmanager.alerts();
    const result = await this.deps.store.recordSnapshot(alerts, now);
    await this.deps.store.prune(
      new Date(
        now.getTime() -
          this.deps.config.alerts.retentionDays * 24 * 3600 * 1000,
      ),
    );
    return result;
  }

  private matchersOf(entity: Entity): Matcher[] {
    return componentMatchers(entity, this.deps.config.alerts.componentLabel);
  }

  /** By the indexed component column when the matchers are the default one; by all labels otherwise. */
  private selectionOf(matchers: Matcher[]): AlertSelection {
    const [m] = matchers;
    if (
      matchers.length === 1 &&
      m.name === this.deps.config.alerts.componentLabel &&
      !m.isRegex &&
      m.isEqual !== false
    ) {
      return { component: m.value };
    }
    return { matchers };
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

/** Checks a silence request: one of fingerprint or matchers, a duration of 1 to 10080 minutes, a comment. */
export function parseSilenceRequest(body: unknown): {
  fingerprint?: string;
  matchers?: Matcher[];
  durationMinutes: number;
  comment: string;
} {
  if (!body || typeof body !== 'object' || Array.isArray(body)) {
    throw new InputError('Send a JSON object');
  }
  const b = body as Record<string, unknown>;
  const { fingerprint, matchers, durationMinutes, comment } = b;
  if ((fingerprint === undefined) === (matchers === undefined)) {
    throw new InputError('Give either fingerprint (one alert) or matchers');
  }
  if (
    fingerprint !== undefined &&
    (typeof fingerprint !== 'string' || !/^[0-9a-f]{1,64}$/.test(fingerprint))
  ) {
    throw new InputError("fingerprint must be an alert's fingerprint (hex)");
  }
  if (
    typeof durationMinutes !== 'number' ||
    !Number.isInteger(durationMinutes) ||
    durationMinutes < 1 ||
    durationMinutes > OPERATIONS_LIMITS.maxSilenceMinutes
  ) {
    throw new InputError(
      `durationMinutes must be a whole number from 1 to ${OPERATIONS_LIMITS.maxSilenceMinutes}`,
    );
  }
  if (
    typeof comment !== 'string' ||
    comment.trim() === '' ||
    comment.length > OPERATIONS_LIMITS.maxCommentLength
  ) {
    throw new InputError(
      `comment must say why, in 1 to ${OPERATIONS_LIMITS.maxCommentLength} characters`,
    );
  }
  return {
    fingerprint: fingerprint as string | undefined,
    matchers: matchers === undefined ? undefined : checkMatchers(matchers),
    durationMinutes,
    comment: comment.trim(),
  };
}

/** Checks a read of active alerts: `{ entityRefs }`, 1 to 100 entity refs (`kind:namespace/name`), normalized. */
export function parseActiveAlertsRequest(body: unknown): string[] {
  const refs = (body as { entityRefs?: unknown } | undefined)?.entityRefs;
  if (
    !Array.isArray(refs) ||
    refs.length === 0 ||
    refs.length > MAX_BATCH ||
    !refs.every(r => typeof r === 'string')
  ) {
    throw new InputError(
      `Send { entityRefs: [...] } with 1 to ${MAX_BATCH} entity refs`,
    );
  }
  return refs.map(ref => {
    try {
      return stringifyEntityRef(parseEntityRef(ref));
    } catch {
      throw new InputError(
        `${JSON.stringify(ref)} is not an entity ref (kind:namespace/name)`,
      );
    }
  });
}
