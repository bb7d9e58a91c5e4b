import { ResponseError } from '@backstage/errors';
import type { TimelinePage, TimelineQuery } from './api';

/** A catalog entity by kind, namespace and name. */
export interface TimelineEntityName {
  kind: string;
  namespace: string;
  name: string;
}

export interface TimelineRequestOptions {
  /** A Backstage token, for callers whose fetch does not add one (backend plugins). */
  token?: string;
  signal?: AbortSignal;
}

/** The timeline API, as the frontend and other backend plugins call it. */
export interface TimelineApi {
  getEntityEvents(
    entity: TimelineEntityName,
    query?: TimelineQuery,
    options?: TimelineRequestOptions,
  ): Promise<TimelinePage>;
}

const seg = encodeURIComponent;

/** A typed client of the timeline backend, in the style of Backstage's CatalogClient. */
export class TimelineClient implements TimelineApi {
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

  async getEntityEvents(
    entity: TimelineEntityName,
    query: TimelineQuery = {},
    options?: TimelineRequestOptions,
  ): Promise<TimelinePage> {
    const params = new URLSearchParams();
    if (query.kinds?.length) params.set('kinds', query.kinds.join(','));
    if (query.from) params.set('from', query.from);
    if (query.to) params.set('to', query.to);
    if (query.limit !== undefined) params.set('limit', String(query.limit));
    const q = params.toString();
    const baseUrl = await this.discoveryApi.getBaseUrl('timeline');
    const response = await this.fetchApi.fetch(
      `${baseUrl}/entities/${seg(entity.namespace)}/${seg(entity.kind)}/${seg(
        entity.name,
      )}/events${q ? `?${q}` : ''}`,
      {
        headers: options?.token
          ? { authorization: `Bearer ${options.token}` }
          : {},
        signal: options?.signal,
      },
    );
    if (!response.ok) throw await ResponseError.fromResponse(response);
    return (await response.json()) as TimelinePage;
  }
}
