import {
  PluginApiClient,
  type PluginApiClientOptions,
  queryString,
} from '@atrium/api-client';
import type {
  ActiveAlertsRequest,
  ActiveAlertsResponse,
  AlertEvent,
  AlertsResponse,
  MetricRange,
  MetricsResponse,
  SilenceRequest,
  SilenceResponse,
} from './api';
import type { CompoundEntityRef } from '@backstage/catalog-model';

/** What each call may add to its request (spread into `PluginApiClient.request`). */
export interface OperationsRequestOptions {
  /** A Backstage token, for callers whose fetch does not add one (backend plugins). */
  token?: string;
  signal?: AbortSignal;
}

/** The range of a metrics read: one of the presets, or start/end (unix seconds) with an optional step. */
export type MetricsQuery =
  | { range?: MetricRange }
  | { start: number; end: number; step?: number };

/** The operations API, as the frontend and other backend plugins call it. */
export interface OperationsApi {
  getMetrics(
    entity: CompoundEntityRef,
    query?: MetricsQuery,
    options?: OperationsRequestOptions,
  ): Promise<MetricsResponse>;
  getAlerts(
    entity: CompoundEntityRef,
    options?: OperationsRequestOptions,
  ): Promise<AlertsResponse>;
  createSilence(
    entity: CompoundEntityRef,
    request: SilenceRequest,
    options?: OperationsRequestOptions,
  ): Promise<SilenceResponse>;
  /** The alerts firing now for many entities (up to 100) in one read, in the order asked. */
  getActiveAlerts(
    request: ActiveAlertsRequest,
    options?: OperationsRequestOptions,
  ): Promise<ActiveAlertsResponse>;
  /** The component's alerts firing and resolving as Atrium recorded them, in a range of at most 31 days. */
  getAlertEvents(
    entity: CompoundEntityRef,
    range: { from: Date; to: Date },
    options?: OperationsRequestOptions,
  ): Promise<AlertEvent[]>;
}

const seg = encodeURIComponent;
const entityPath = (e: CompoundEntityRef) =>
  `/entities/${seg(e.namespace)}/${seg(
    e.kind.toLocaleLowerCase('en-US'),
  )}/${seg(e.name)}`;

/** A typed client of the operations backend, in the style of Backstage's CatalogClient. */
export class OperationsClient extends PluginApiClient implements OperationsApi {
  constructor(options: PluginApiClientOptions) {
    super('operations', options);
  }

  getMetrics(
    e: CompoundEntityRef,
    q: MetricsQuery = {},
    o?: OperationsRequestOptions,
  ) {
    return this.request<MetricsResponse>({
      path: `${entityPath(e)}/metrics${queryString(q)}`,
      ...o,
    });
  }

  getAlerts(e: CompoundEntityRef, o?: OperationsRequestOptions) {
    return this.request<AlertsResponse>({
      path: `${entityPath(e)}/alerts`,
      ...o,
    });
  }

  createSilence(
    e: CompoundEntityRef,
    r: SilenceRequest,
    o?: OperationsRequestOptions,
  ) {
    return this.request<SilenceResponse>({
      method: 'POST',
      path: `${entityPath(e)}/silences`,
      body: r,
      ...o,
    });
  }

  getActiveAlerts(r: ActiveAlertsRequest, o?: OperationsRequestOptions) {
    return this.request<ActiveAlertsResponse>({
      method: 'POST',
      path: '/alerts/active',
      body: { entityRefs: r.entityRefs },
      ...o,
    });
  }

  async getAlertEvents(
    e: CompoundEntityRef,
    range: { from: Date; to: Date },
    o?: OperationsRequestOptions,
  ) {
    const page = await this.request<{ items: AlertEvent[] }>({
      path: `${entityPath(e)}/alert-events${queryString({
        from: range.from.toISOString(),
        to: range.to.toISOString(),
      })}`,
      ...o,
    });
    return page.items;
  }
}
