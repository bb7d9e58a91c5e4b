import { ResponseError } from '@backstage/errors';

/** What a typed client needs of the app (or of a backend plugin) to reach a backend plugin. */
export interface PluginApiClientOptions {
  discoveryApi: { getBaseUrl(pluginId: string): Promise<string> };
  /** The app's fetch adds the user's token; without one, the global fetch (callers then pass `token`). */
  fetchApi?: { fetch: typeof fetch };
}

/** One request to a backend plugin's API. */
export interface PluginApiRequest {
  /** `GET` unless said. */
  method?: string;
  /** Below the plugin's base URL, with its query if any: `/layouts/global`. */
  path: string;
  /** Sent as JSON. */
  body?: unknown;
  /** A Backstage token, for callers whose fetch does not add one (backend plugins). */
  token?: string;
  /** More headers, such as a token for a service behind the plugin. */
  headers?: Record<string, string>;
  signal?: AbortSignal;
}

/**
 * The part every typed client of an Atrium backend plugin shares, in the style of Backstage's CatalogClient:
 * the plugin's base URL from discovery, the caller's token, JSON both ways, and a `ResponseError` (with the
 * backend's error body) for any answer that is not 2xx. Each client extends it with its API's methods.
 */
export abstract class PluginApiClient {
  private readonly discoveryApi: PluginApiClientOptions['discoveryApi'];
  private readonly fetchApi: { fetch: typeof fetch };

  protected constructor(
    private readonly pluginId: string,
    options: PluginApiClientOptions,
  ) {
    this.discoveryApi = options.discoveryApi;
    this.fetchApi = options.fetchApi ?? { fetch: (...a) => fetch(...a) };
  }

  /** Sends the request; answers the response's JSON, or undefined for 204 No Content. */
  protected async request<T>(request: PluginApiRequest): Promise<T> {
    const { body, token, signal } = request;
    const baseUrl = await this.discoveryApi.getBaseUrl(this.pluginId);
    const headers: Record<string, string> = { ...request.headers };
    if (token) headers.authorization = `Bearer ${token}`;
    if (body !== undefined) headers['content-type'] = 'application/json';
    const response = await this.fetchApi.fetch(`${baseUrl}${request.path}`, {
      method: request.method ?? 'GET',
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      signal,
    });
    if (!response.ok) throw await ResponseError.fromResponse(response);
    return (response.status === 204 ? undefined : await response.json()) as T;
  }
}
