import { ResponseError } from '@backstage/errors';
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

/** A catalog entity by namespace, kind and name. */
export interface OperationsEntity {
  namespace: string;
  kind: string;
  name: string;
}

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
    entity: OperationsEntity,
    query?: MetricsQuery,
    options?: OperationsRequestOptions,
  ): Promise<MetricsResponse>;
  getAlerts(
    entity: OperationsEntity,
    options?: OperationsRequestOptions,
  ): Promise<AlertsResponse>;
  createSilence(
    entity: OperationsEntity,
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
    entity: OperationsEntity,
    range: { from: Date; to: Date },
    options?: OperationsRequestOptions,
  ): Promise<AlertEvent[]>;
}

const seg = encodeURIComponent;
const entityPath = (e: OperationsEntity) =>
  `/entities/${seg(e.namespace)}/${seg(
    e.kind.toLocaleLowerCase('en-US'),
  )}/${seg(e.name)}`;

/** A typed client of the operations backend, in the style of Backstage's CatalogClient. */
export class OperationsClient implements OperationsApi {
  private readonly discoveryApi: {
    getBaseUrl(pluginId: string): Promise<string>;
  };
  private readonly fetchApi: { fetch: typeof fetch };

  constructor(options: {
    discoveryApi: { getBaseUrl(pluginId: string): Promise<string> };
    fetchApi?: { fetch: typeof fetch };
  }) {
    this.discoveryApi = options.discoveryApi;
    this.fetchApi = options.fetchApi ?? { fetch: (...a) => fetch(...a) };
  }

  getMetrics(
    e: OperationsEntity,
    q: MetricsQuery = {},
    o?: OperationsRequestOptions,
  ) {
    return this.request<MetricsResponse>(
      'GET',
      `${entityPath(e)}/metrics${query(q as Record<string, string | number>)}`,
      undefined,
      o,
    );
  }

  getAlerts(e: OperationsEntity, o?: OperationsRequestOptions) {
    return this.request<AlertsResponse>(
      'GET',
      `${entityPath(e)}/alerts`,
      undefined,
      o,
    );
  }

  createSilence(
    e: OperationsEntity,
    r: SilenceRequest,
    o?: OperationsRequestOptions,
  ) {
    return this.request<SilenceResponse>(
      'POST',
      `${entityPath(e)}/silences`,
      r,
      o,
    );
  }

  getActiveAlerts(r: ActiveAlertsRequest, o?: OperationsRequestOptions) {
    return this.request<ActiveAlertsResponse>(
      'POST',
      '/alerts/active',
      { entityRefs: r.entityRefs },
      o,
    );
  }

  async getAlertEvents(
    e: OperationsEntity,
    range: { from: Date; to: Date },
    o?: OperationsRequestOptions,
  ) {
    const page = await this.request<{ items: AlertEvent[] }>(
      'GET',
      `${entityPath(e)}/alert-events${query({
        from: range.from.toISOString(),
        to: range.to.toISOString(),
      })}`,
      undefined,
      o,
    );
    return page.items;
  }

  private async request<T>(
    method: string,
    path: string,
    body: unknown,
    o?: OperationsRequestOptions,
  ): Promise<T> {
    const baseUrl = await this.discoveryApi.getBaseUrl('operations');
    const headers: Record<string, string> = {};
    if (o?.token) headers.authorization = `Bearer ${o.token}`;
    if (body !== undefined) headers['content-type'] = 'application/json';
    const response = await this.fetchApi.fetch(`${baseUrl}${path}`, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: o?.signal,
    });
    if (!response.ok) throw await ResponseError.fromResponse(response);
    return (await response.json()) as T;
  }
}

function query(params: Record<string, string | number | undefined>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    if (v !== undefined) q.set(k, String(v));
  }
  const s = q.toString();
  return s ? `?${s}` : '';
}
