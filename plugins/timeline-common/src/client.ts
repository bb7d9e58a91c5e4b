import {
  PluginApiClient,
  type PluginApiClientOptions,
  queryString,
} from '@atrium/api-client';
import type { CompoundEntityRef } from '@backstage/catalog-model';
import type { TimelinePage, TimelineQuery } from './api';

export interface TimelineRequestOptions {
  /** A Backstage token, for callers whose fetch does not add one (backend plugins). */
  token?: string;
  signal?: AbortSignal;
}

/** The timeline API, as the frontend and other backend plugins call it. */
export interface TimelineApi {
  getEntityEvents(
    entity: CompoundEntityRef,
    query?: TimelineQuery,
    options?: TimelineRequestOptions,
  ): Promise<TimelinePage>;
}

const seg = encodeURIComponent;

/** A typed client of the timeline backend, in the style of Backstage's CatalogClient. */
export class TimelineClient extends PluginApiClient implements TimelineApi {
  constructor(options: PluginApiClientOptions) {
    super('timeline', options);
  }

  getEntityEvents(
    entity: CompoundEntityRef,
    query: TimelineQuery = {},
    options?: TimelineRequestOptions,
  ): Promise<TimelinePage> {
    const q = queryString({
      kinds: query.kinds?.length ? query.kinds.join(',') : undefined,
      from: query.from || undefined,
      to: query.to || undefined,
      limit: query.limit,
    });
    return this.request<TimelinePage>({
      path: `/entities/${seg(entity.namespace)}/${seg(entity.kind)}/${seg(
        entity.name,
      )}/events${q}`,
      token: options?.token,
      signal: options?.signal,
    });
  }
}
