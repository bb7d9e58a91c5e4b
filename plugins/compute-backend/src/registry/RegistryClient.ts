import type { LoggerService } from '@backstage/backend-plugin-api';
import type { Config } from '@backstage/config';
import {
  InputError,
  NotFoundError,
  ServiceUnavailableError,
} from '@backstage/errors';
import { readRegistryConfig, type RegistryConfig } from './config';
import { RegistryCredentialsError } from './errors';
import { RegistryHttp, USER_AGENT, discard, type RequestContext } from './http';
import { assertValidTag, parseImageReference } from './imageReference';
import { RegistryTokenFlow } from './tokenFlow';

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
  private readonly http: RegistryHttp;
  private readonly auth: RegistryTokenFlow;

  constructor(options: RegistryClientOptions) {
    this.registries = new Map(
      options.registries.map(r => [r.host.toLowerCase(), r]),
    );
    this.logger = options.logger;
    this.pageSize = options.pageSize ?? 200;
    this.maxPages = options.maxPages ?? 50;
    this.maxTags = options.maxTags ?? 10_000;
    this.http = new RegistryHttp(options.fetch ?? globalThis.fetch);
    this.auth = new RegistryTokenFlow(this.http);
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
      const body = await this.http.readJson(ctx, res);
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
    const authorization = this.auth.upfront(ctx);
    const send = (auth: string | undefined) =>
      this.http.fetch(registry, url, {
        method,
        headers: {
          ...headers,
          'User-Agent': USER_AGENT,
          ...(auth ? { Authorization: auth } : {}),
        },
      });

    const res = await send(authorization);
    if (res.status !== 401 || registry.auth.type === 'bearer') return res;
    return this.auth.retryChallenged(ctx, res, authorization, send);
  }

  /** Turns a failed registry response into the right error. Never includes the raw body. */
  private async fail(ctx: RequestContext, res: Response): Promise<never> {
    const { registry, image } = ctx;
    const host = registry.host;
    const codes =
      res.status === 404 || res.status >= 500
        ? []
        : errorCodes(
            await this.http.readText(ctx, res, 64 * 1024).catch(() => ''),
          );
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
}
