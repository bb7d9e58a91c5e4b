import {
  coreServices,
  createServiceFactory,
  createServiceRef,
  type AuthService,
  type BackstageCredentials,
  type DiscoveryService,
  type ServiceRef,
} from '@backstage/backend-plugin-api';
import { ResponseError } from '@backstage/errors';

/** How long a token made for a caller is used again for that caller's next calls (it lasts far longer). */
export const TOKEN_REUSE_MS = 30_000;

/**
 * Tokens for calling another backend plugin on behalf of a caller, as the `-node` services of compute,
 * operations and reviews do (like Backstage's catalog service), so the called plugin applies the caller's own
 * permissions.
 *
 * A token is made once per credentials object (one request's) and reused for `TOKEN_REUSE_MS`, rather than
 * signed again for each call: a CPU profile of the timeline under load, which makes several calls per request,
 * showed the signing. A token that could not be made is not kept.
 */
export class OnBehalfTokens {
  private readonly made = new WeakMap<
    BackstageCredentials,
    { at: number; token: Promise<{ token: string }> }
  >();

  constructor(
    private readonly auth: Pick<AuthService, 'getPluginRequestToken'>,
    private readonly targetPluginId: string,
  ) {}

  token(credentials: BackstageCredentials): Promise<{ token: string }> {
    const made = this.made.get(credentials);
    if (made && Date.now() - made.at < TOKEN_REUSE_MS) return made.token;
    const token = this.auth.getPluginRequestToken({
      onBehalfOf: credentials,
      targetPluginId: this.targetPluginId,
    });
    this.made.set(credentials, { at: Date.now(), token });
    token.catch(() => this.made.delete(credentials));
    return token;
  }
}

/**
 * A fetch for calls between backend plugins that asks for uncompressed answers (`accept-encoding: identity`):
 * between two plugins, usually of the same process, compression costs a gzip and a gunzip for nothing.
 */
export const uncompressedFetchApi = {
  fetch: (input: RequestInfo | URL, init?: RequestInit) => {
    const headers = new Headers(init?.headers);
    headers.set('accept-encoding', 'identity');
    return fetch(input, { ...init, headers });
  },
};

/**
 * What a `-node` service needs to call another backend plugin, as its constructor's arguments: the auth and
 * discovery services.
 */
export type PluginCallDeps = [
  auth: Pick<AuthService, 'getPluginRequestToken'>,
  discovery: Pick<DiscoveryService, 'getBaseUrl'>,
];

/**
 * A backend plugin's typed client (an `@atrium/api-client` client) as another backend plugin uses it, on behalf
 * of a caller: the client, with uncompressed answers, and `as(credentials)`, the request options with the
 * caller's token (made and reused by `OnBehalfTokens`).
 */
export class OnBehalfClient<TClient> {
  readonly client: TClient;
  private readonly tokens: OnBehalfTokens;

  constructor(
    targetPluginId: string,
    Client: new (options: {
      discoveryApi: PluginCallDeps[1];
      fetchApi: typeof uncompressedFetchApi;
    }) => TClient,
    ...[auth, discovery]: PluginCallDeps
  ) {
    this.tokens = new OnBehalfTokens(auth, targetPluginId);
    this.client = new Client({
      discoveryApi: discovery,
      fetchApi: uncompressedFetchApi,
    });
  }

  /** The client's request options for a call on behalf of `credentials`: `{ token }`. */
  as(credentials: BackstageCredentials): Promise<{ token: string }> {
    return this.tokens.token(credentials);
  }
}

/**
 * The service ref of a `-node` package's service for other backend plugins, whose default factory makes the
 * service from the auth and discovery services: `new Service(auth, discovery)`. The service may use either
 * way of calling: for a caller (`OnBehalfClient`) or as itself (`callPluginAsService`).
 */
export function createPluginCallsServiceRef<TService>(
  id: string,
  Service: new (auth: AuthService, discovery: DiscoveryService) => TService,
): ServiceRef<TService, 'plugin', 'singleton'> {
  return createServiceRef<TService>({
    id,
    defaultFactory: async service =>
      createServiceFactory({
        service,
        deps: { auth: coreServices.auth, discovery: coreServices.discovery },
        factory: ({ auth, discovery }) => new Service(auth, discovery),
      }),
  });
}

/** What a call as the calling plugin itself needs: its own service credentials, a token, the target's URL. */
export interface ServiceCallDeps {
  auth: Pick<AuthService, 'getOwnServiceCredentials' | 'getPluginRequestToken'>;
  discovery: Pick<DiscoveryService, 'getBaseUrl'>;
}

/**
 * Calls another backend plugin as the calling plugin itself (its own service credentials), for the calls no
 * user makes: the catalog's change feed, server-side adoption events. `path` starts with `/` and may carry a
 * query; `init`'s headers are kept and the token added. Resolves with the answer when it is ok, and rejects
 * with the plugin's error as a `ResponseError` (status and body kept) when it is not.
 */
export async function callPluginAsService(
  deps: ServiceCallDeps,
  targetPluginId: string,
  path: string,
  init: RequestInit = {},
): Promise<Response> {
  const { token } = await deps.auth.getPluginRequestToken({
    onBehalfOf: await deps.auth.getOwnServiceCredentials(),
    targetPluginId,
  });
  const headers = new Headers(init.headers);
  headers.set('authorization', `Bearer ${token}`);
  const baseUrl = await deps.discovery.getBaseUrl(targetPluginId);
  const response = await fetch(`${baseUrl}${path}`, { ...init, headers });
  if (!response.ok) throw await ResponseError.fromResponse(response);
  return response;
}
