import type { LoggerService } from '@backstage/backend-plugin-api';
import type { Config } from '@backstage/config';
import {
  InputError,
  NotFoundError,
  ServiceUnavailableError,
} from '@backstage/errors';
import { parseAuthenticateHeader } from './challenge';
import { readRegistryConfig, type RegistryConfig } from './config';
import { RegistryCredentialsError } from './errors';
import { assertValidTag, parseImageReference } from './imageReference';

/** Manifest media types that `hasTag` accepts: OCI index and manifest, Docker manifest list and v2 schema 2. */
export const MANIFEST_MEDIA_TYPES = [
  'application/vnd.oci.image.index.v1+json',
  'application/vnd.oci.image.manifest.v1+json',
  'application/vnd.docker.distribution.manifest.list.v2+json',
  'application/vnd.docker.distribution.manifest.v2+json',
] as const;

export interface RegistryClientOptions {
  /** The registries, usually from `readRegistryConfig`. */
  registries: RegistryConfig[];
  logger?: LoggerService;
  /** `n` asked for per tags page. Default 200. */
  pageSize?: number;
  /** At most this many tags pages are fetched per `listTags`. Default 50. */
  maxPages?: number;
  /** `listTags` stops after this many tags. Default 10,000. */
  maxTags?: number;
  /** The fetch implementation; default the global one. */
  fetch?: typeof fetch;
}

interface RequestContext {
  registry: RegistryConfig;
  /** The image reference as given, for messages. */
  image: string;
  /** Repository name in the registry. */
  name: string;
  /** The token scope this request needs: `repository:<name>:pull`. */
  scope: string;
}

type KnownChallenge =
  | { scheme: 'basic' }
  | { scheme: 'bearer'; realm: string; service: string };

interface CachedToken {
  token: string;
  expiresAt: number;
}

const MAX_BODY_BYTES = 4 * 1024 * 1024;
const MAX_CACHED_TOKENS = 500;
const DEFAULT_TOKEN_LIFETIME_S = 60;
const USER_AGENT = 'atrium-compute-backend';

function basicAuthorization(username: string, password: string): string {
  return `Basic ${Buffer.from(`${username}:${password}`, 'utf8').toString(
    'base64',
  )}`;
}

function discard(res: Response): void {
  res.body?.cancel().catch(() => {});
}

/** The `rel="next"` target of a `Link` header, if any. */
function nextLink(header: string | null): string | undefined {
  if (!header) return undefined;
  const re = /<([^>]*)>((?:\s*;\s*[^;,]+)*)/g;
  for (const match of header.matchAll(re)) {
    const params = match[2];
    if (/;\s*rel\s*=\s*"?(?:[^";,]*\s)?next(?:\s[^";,]*)?"?/i.test(params)) {
      return match[1];
    }
  }
  return undefined;
}

/** Registry error codes (`{"errors":[{"code":"NAME_UNKNOWN",…}]}`) of a body, for messages. */
function errorCodes(body: string): string[] {
  try {
    const parsed = JSON.parse(body) as { errors?: { code?: unknown }[] };
    return (parsed.errors ?? [])
      .map(e => e?.code)
      .filter(
        (c): c is string => typeof c === 'string' && /^[A-Z_]{1,64}$/.test(c),
      )
      .slice(0, 5);
  } catch {
    return [];
  }
}

/**
 * Client of the artifact registries that serve the images Atrium deploys (Docker Registry HTTP API v2 / OCI
 * distribution): lists an image's tags and checks that a tag exists. The image's host selects the registry in
 * `compute.registries`; authentication follows the registry's `WWW-Authenticate` challenge (token flow, Basic)
 * or uses a configured static bearer token.
 */
export class RegistryClient {
  static fromConfig(
    config: Config,
    options: Omit<RegistryClientOptions, 'registries'> = {},
  ): RegistryClient {
    return new RegistryClient({
      ...options,
      registries: readRegistryConfig(config),
    });
  }

  private readonly registries: Map<string, RegistryConfig>;
  private readonly logger?: LoggerService;
  private readonly pageSize: number;
  private readonly maxPages: number;
  private readonly maxTags: number;
  private readonly fetchImpl: typeof fetch;
  /** Bearer tokens by [host, realm, service, scope]. */
  private readonly tokens = new Map<string, CachedToken>();
  private readonly pendingTokens = new Map<string, Promise<string>>();
  /** The last challenge each registry sent, so later requests authenticate up front. */
  private readonly challenges = new Map<string, KnownChallenge>();

  constructor(options: RegistryClientOptions) {
    this.registries = new Map(
      options.registries.map(r => [r.host.toLowerCase(), r]),
    );
    this.logger = options.logger;
    this.pageSize = options.pageSize ?? 200;
    this.maxPages = options.maxPages ?? 50;
    this.maxTags = options.maxTags ?? 10_000;
    this.fetchImpl = options.fetch ?? globalThis.fetch;
  }

  /**
   * All tags of `image` (`host[:port]/path/name`), in the registry's order, following pagination (`n` and the
   * `Link: <…>; rel="next"` header) up to `maxPages` pages and `maxTags` tags (beyond that the list is cut and a
   * warning logged). Throws `InputError` for an invalid image or a host without registry, `NotFoundError` for
   * an unknown repository, `RegistryCredentialsError` when the registry refuses Atrium, and
   * `ServiceUnavailableError` when it cannot be reached in time or fails.
   */
  async listTags(image: string): Promise<string[]> {
    const ctx = this.context(image);
    const { registry } = ctx;
    const first = new URL(`${registry.url}/v2/${ctx.name}/tags/list`);
    first.searchParams.set('n', String(this.pageSize));
    const origin = first.origin;

    const tags = new Set<string>();
    const visited = new Set<string>();
    let next: URL | undefined = first;
    for (let page = 0; next; page++) {
      if (page >= this.maxPages) {
        this.logger?.warn(
          `Tags of ${image} span more than ${this.maxPages} pages; listing the first ${tags.size} tags`,
        );
        break;
      }
      if (visited.has(next.href)) {
        this.logger?.warn(
          `Artifact registry ${registry.host} repeated tags page ${next.pathname}${next.search}; stopping there`,
        );
        break;
      }
      visited.add(next.href);

      const res = await this.request(ctx, next, 'GET', {
        Accept: 'application/json',
      });
      if (!res.ok) await this.fail(ctx, res);
      const body = await this.readJson(ctx, res);
      const pageTags = (body as { tags?: unknown } | null)?.tags;
      if (
        pageTags !== null &&
        pageTags !== undefined &&
        !Array.isArray(pageTags)
      ) {
        throw new ServiceUnavailableError(
          `Artifact registry ${registry.host} returned an invalid tags list for ${image}`,
        );
      }
      for (const tag of pageTags ?? []) {
        if (typeof tag !== 'string') continue;
        tags.add(tag);
        if (tags.size >= this.maxTags) break;
      }
      if (tags.size >= this.maxTags) {
        this.logger?.warn(
          `Image ${image} has more than ${this.maxTags} tags; listing the first ${this.maxTags}`,
        );
        break;
      }

      const link = nextLink(res.headers.get('link'));
      next = link ? new URL(link, next) : undefined;
      if (next && next.origin !== origin) {
        throw new ServiceUnavailableError(
          `Artifact registry ${registry.host} sent a tags page link to another origin (${next.origin}); not following it`,
        );
      }
    }
    return [...tags];
  }

  /**
   * Whether `image:tag` exists: `HEAD /v2/<name>/manifests/<tag>` accepting OCI index/manifest and Docker
   * manifest list/v2. An unknown repository is `false` as well (a HEAD response has no body to tell them apart).
   * Throws like `listTags` otherwise, and `InputError` for an invalid tag.
   */
  async hasTag(image: string, tag: string): Promise<boolean> {
    const ctx = this.context(image);
    assertValidTag(tag);
    const url = new URL(
      `${ctx.registry.url}/v2/${ctx.name}/manifests/${encodeURIComponent(tag)}`,
    );
    const res = await this.request(ctx, url, 'HEAD', {
      Accept: MANIFEST_MEDIA_TYPES.join(', '),
    });
    if (res.status === 200) {
      discard(res);
      return true;
    }
    if (res.status === 404) {
      discard(res);
      return false;
    }
    return this.fail(ctx, res);
  }

  private context(image: string): RequestContext {
    const { host, name } = parseImageReference(image);
    const registry = this.registries.get(host);
    if (!registry) {
      throw new InputError(
        `No artifact registry configured for host ${host} (image ${image}); add it to compute.registries`,
      );
    }
    return { registry, image, name, scope: `repository:${name}:pull` };
  }

  /** One registry request, with authentication: up front when known, else after a 401 challenge (retried once). */
  private async request(
    ctx: RequestContext,
    url: URL,
    method: 'GET' | 'HEAD',
    headers: Record<string, string>,
  ): Promise<Response> {
    const { registry } = ctx;
    let authorization = this.upfrontAuthorization(ctx);
    const send = (auth: string | undefined) =>
      this.fetchWithTimeout(registry, url, {
        method,
        headers: {
          ...headers,
          'User-Agent': USER_AGENT,
          ...(auth ? { Authorization: auth } : {}),
        },
      });

    const res = await send(authorization);
    if (res.status !== 401 || registry.auth.type === 'bearer') return res;

    const challenges = parseAuthenticateHeader(
      res.headers.get('www-authenticate'),
    );
    const bearer = challenges.find(
      c => c.scheme === 'bearer' && c.params.realm,
    );
    const basic = challenges.find(c => c.scheme === 'basic');
    if (bearer) {
      const known: KnownChallenge = {
        scheme: 'bearer',
        realm: bearer.params.realm,
        service: bearer.params.service ?? '',
      };
      this.challenges.set(registry.host, known);
      discard(res);
      const token = await this.token(ctx, known, bearer.params.scope);
      authorization = `Bearer ${token}`;
      const retried = await send(authorization);
      if (retried.status === 401) this.tokens.delete(this.tokenKey(ctx, known));
      return retried;
    }
    if (basic && registry.auth.type === 'basic' && !authorization) {
      this.challenges.set(registry.host, { scheme: 'basic' });
      discard(res);
      return send(
        basicAuthorization(registry.auth.username, registry.auth.password),
      );
    }
    // No usable challenge, Basic without configured credentials, or credentials already refused.
    return res;
  }

  private upfrontAuthorization(ctx: RequestContext): string | undefined {
    const { registry } = ctx;
    const auth = registry.auth;
    if (auth.type === 'bearer') return `Bearer ${auth.token}`;
    const known = this.challenges.get(registry.host);
    if (!known) return undefined;
    if (known.scheme === 'basic') {
      return auth.type === 'basic'
        ? basicAuthorization(auth.username, auth.password)
        : undefined;
    }
    const cached = this.tokens.get(this.tokenKey(ctx, known));
    if (cached && cached.expiresAt > Date.now())
      return `Bearer ${cached.token}`;
    return undefined;
  }

  private tokenKey(
    ctx: RequestContext,
    challenge: { realm: string; service: string },
  ): string {
    return JSON.stringify([
      ctx.registry.host,
      challenge.realm,
      challenge.service,
      ctx.scope,
    ]);
  }

  /** A fresh token from the challenge's realm (concurrent requests for the same key share one fetch). */
  private token(
    ctx: RequestContext,
    challenge: { realm: string; service: string },
    challengeScope: string | undefined,
  ): Promise<string> {
    const key = this.tokenKey(ctx, challenge);
    const pending = this.pendingTokens.get(key);
    if (pending) return pending;
    const promise = this.fetchToken(ctx, challenge, challengeScope).finally(
      () => this.pendingTokens.delete(key),
    );
    this.pendingTokens.set(key, promise);
    return promise;
  }

  private async fetchToken(
    ctx: RequestContext,
    challenge: { realm: string; service: string },
    challengeScope: string | undefined,
  ): Promise<string> {
    const { registry } = ctx;
    const host = registry.host;
    let realm: URL;
    try {
      realm = new URL(challenge.realm);
    } catch {
      throw new ServiceUnavailableError(
        `Artifact registry ${host} sent an invalid token realm`,
      );
    }
    if (realm.protocol !== 'https:' && realm.protocol !== 'http:') {
      throw new ServiceUnavailableError(
        `Artifact registry ${host} sent an invalid token realm`,
      );
    }
    const credentials =
      registry.auth.type === 'basic' ? registry.auth : undefined;
    if (
      credentials &&
      realm.protocol === 'http:' &&
      new URL(registry.url).protocol === 'https:'
    ) {
      throw new RegistryCredentialsError(
        host,
        `Artifact registry ${host} sent a plain-http token realm (${realm.origin}); Atrium does not send its credentials there`,
      );
    }

    if (challenge.service) realm.searchParams.set('service', challenge.service);
    // A challenge may carry several space-separated scopes; each is its own `scope` parameter.
    for (const scope of (challengeScope || ctx.scope)
      .split(' ')
      .filter(Boolean)) {
      realm.searchParams.append('scope', scope);
    }
    const res = await this.fetchWithTimeout(registry, realm, {
      method: 'GET',
      headers: {
        Accept: 'application/json',
        'User-Agent': USER_AGENT,
        ...(credentials
          ? {
              Authorization: basicAuthorization(
                credentials.username,
                credentials.password,
              ),
            }
          : {}),
      },
    });
    if (res.status === 401 || res.status === 403) {
      discard(res);
      throw credentials
        ? new RegistryCredentialsError(
            host,
            `Artifact registry ${host} refused Atrium's credentials (token service answered ${res.status}); check compute.registries`,
          )
        : new RegistryCredentialsError(
            host,
            `Artifact registry ${host} requires credentials and compute.registries has none for it`,
          );
    }
    if (!res.ok) {
      discard(res);
      throw new ServiceUnavailableError(
        `Token service of artifact registry ${host} answered ${res.status}`,
      );
    }
    const body = (await this.readJson(ctx, res)) as {
      token?: unknown;
      access_token?: unknown;
      expires_in?: unknown;
    } | null;
    let token: string | undefined;
    if (typeof body?.token === 'string' && body.token) {
      token = body.token;
    } else if (typeof body?.access_token === 'string' && body.access_token) {
      token = body.access_token;
    }
    if (!token) {
      throw new ServiceUnavailableError(
        `Token service of artifact registry ${host} returned no token`,
      );
    }
    const lifetime =
      typeof body?.expires_in === 'number' && body.expires_in > 0
        ? body.expires_in
        : DEFAULT_TOKEN_LIFETIME_S;
    this.cacheToken(this.tokenKey(ctx, challenge), {
      token,
      // Renew a little before the registry would: 90% of the lifetime.
      expiresAt: Date.now() + lifetime * 900,
    });
    return token;
  }

  private cacheToken(key: string, token: CachedToken): void {
    this.tokens.delete(key);
    if (this.tokens.size >= MAX_CACHED_TOKENS) {
      const now = Date.now();
      for (const [k, v] of this.tokens)
        if (v.expiresAt <= now) this.tokens.delete(k);
      // Still full: drop the oldest entries (Map keeps insertion order).
      for (const k of this.tokens.keys()) {
        if (this.tokens.size < MAX_CACHED_TOKENS) break;
        this.tokens.delete(k);
      }
    }
    this.tokens.set(key, token);
  }

  /** Turns a failed registry response into the right error. Never includes the raw body. */
  private async fail(ctx: RequestContext, res: Response): Promise<never> {
    const { registry, image } = ctx;
    const host = registry.host;
    const codes =
      res.status === 404 || res.status >= 500
        ? []
        : errorCodes(await this.readText(ctx, res, 64 * 1024).catch(() => ''));
    discard(res);
    if (res.status === 401 || res.status === 403) {
      if (registry.auth.type === 'none') {
        throw new RegistryCredentialsError(
          host,
          `Artifact registry ${host} requires credentials for ${image} and compute.registries has none for it`,
        );
      }
      throw new RegistryCredentialsError(
        host,
        `Artifact registry ${host} refused Atrium's credentials for ${image} (${res.status}); check compute.registries`,
      );
    }
    if (res.status === 404) {
      throw new NotFoundError(
        `Image ${image} not found in artifact registry ${host}`,
      );
    }
    if (res.status === 429 || res.status >= 500) {
      throw new ServiceUnavailableError(
        `Artifact registry ${host} answered ${res.status}`,
      );
    }
    throw new Error(
      `Artifact registry ${host} answered ${res.status}${
        codes.length ? ` (${codes.join(', ')})` : ''
      } for ${image}`,
    );
  }

  private async fetchWithTimeout(
    registry: RegistryConfig,
    url: URL,
    init: RequestInit,
  ): Promise<Response> {
    try {
      return await this.fetchImpl(url, {
        ...init,
        signal: AbortSignal.timeout(registry.timeoutMs),
      });
    } catch (error) {
      throw this.unavailable(registry, url, error);
    }
  }

  private unavailable(
    registry: RegistryConfig,
    url: URL,
    error: unknown,
  ): ServiceUnavailableError {
    const e = error as {
      name?: string;
      code?: string;
      cause?: { code?: string; message?: string };
    };
    const what =
      url.origin === new URL(registry.url).origin
        ? `Artifact registry ${registry.host}`
        : `Token service ${url.origin} of artifact registry ${registry.host}`;
    if (e?.name === 'TimeoutError' || e?.name === 'AbortError') {
      return new ServiceUnavailableError(
        `${what} did not answer within ${registry.timeoutMs} ms`,
        error,
      );
    }
    const reason =
      e?.cause?.code ?? e?.code ?? e?.cause?.message ?? String(error);
    return new ServiceUnavailableError(
      `${what} is unreachable (${reason})`,
      error,
    );
  }

  /** The body as text, at most `limit` bytes, within the request's timeout. */
  private async readText(
    ctx: RequestContext,
    res: Response,
    limit: number = MAX_BODY_BYTES,
  ): Promise<string> {
    const reader = res.body?.getReader();
    if (!reader) return '';
    const chunks: Uint8Array[] = [];
    let size = 0;
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        size += value.byteLength;
        if (size > limit) {
          reader.cancel().catch(() => {});
          throw new ServiceUnavailableError(
            `Artifact registry ${ctx.registry.host} sent a response larger than ${limit} bytes`,
          );
        }
        chunks.push(value);
      }
    } catch (error) {
      if (error instanceof ServiceUnavailableError) throw error;
      throw this.unavailable(
        ctx.registry,
        new URL(res.url || ctx.registry.url),
        error,
      );
    }
    return Buffer.concat(chunks).toString('utf8');
  }

  private async readJson(ctx: RequestContext, res: Response): Promise<unknown> {
    const text = await this.readText(ctx, res);
    try {
      return JSON.parse(text);
    } catch {
      throw new ServiceUnavailableError(
        `Artifact registry ${ctx.registry.host} sent a response that is not JSON`,
      );
    }
  }
}
