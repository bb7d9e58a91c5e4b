import type {
  BackstageCredentials,
  BackstageUserPrincipal,
} from '@backstage/backend-plugin-api';
import type { CompoundEntityRef } from '@backstage/catalog-model';
import type {
  ActiveAlertsResponse,
  AlertEvent,
  AlertsResponse,
  MetricsResponse,
  SilenceResponse,
} from '@atrium/plugin-operations-common';
import type { SilenceRequest } from '../request/silenceRequest';

/**
 * A component's operations, as the router and other backend plugins (the timeline, Home's open alerts) use
 * them: its metrics from Prometheus, its alerts from Alertmanager (and those Atrium saw resolve), and silences
 * by its owners. Every read starts from the catalog with the caller's credentials, so what the caller may not
 * see in the catalog they cannot read here either. `DefaultOperationsService` implements it.
 */
export interface OperationsService {
  /** The component's charts over a window (`query`: from, to, step), one result per metric. */
  metrics(
    ref: CompoundEntityRef,
    query: Record<string, unknown>,
    credentials: BackstageCredentials,
  ): Promise<MetricsResponse>;

  /** The component's alerts firing now, and those resolved in the last 24 hours. */
  alerts(
    ref: CompoundEntityRef,
    credentials: BackstageCredentials,
    now?: Date,
  ): Promise<AlertsResponse>;

  /**
   * Silences one of the component's alerts or what the request's matchers select among them, for the
   * component's owners and platform admins. Auditing is the caller's.
   */
  silence(
    ref: CompoundEntityRef,
    request: SilenceRequest,
    credentials: BackstageCredentials<BackstageUserPrincipal>,
    now?: Date,
  ): Promise<SilenceResponse>;

  /** A component's recorded alert transitions (fired, resolved) in a time range, oldest first. */
  alertEvents(
    entityRef: string,
    range: { from: Date; to: Date },
    credentials: BackstageCredentials,
  ): Promise<AlertEvent[]>;

  /** The alerts firing now for many components, in the order asked; null where the caller may not see one. */
  activeAlerts(
    entityRefs: string[],
    credentials: BackstageCredentials,
  ): Promise<ActiveAlertsResponse>;

  /** One poll of Alertmanager (the scheduled task): records what fired and resolved since the last. */
  poll(now?: Date): Promise<{ fired: number; resolved: number }>;
}
