import { ServiceUnavailableError } from '@backstage/errors';
import { parseAuthenticateHeader } from './challenge';
import { RegistryCredentialsError } from './errors';
import {
  USER_AGENT,
  basicAuthorization,
  discard,
  type RegistryHttp,
  type RequestContext,
} from './http';

type KnownChallenge =
  | { scheme: 'basic' }
  | { scheme: 'bearer'; realm: string; service: string };

type BearerChallenge = { realm: string; service: string };

interface CachedToken {
  token: string;
  expiresAt: number;
}

const MAX_CACHED_TOKENS = 500;
const DEFAULT_TOKEN_LIFETIME_S = 60;

/**
 * How Atrium authenticates to a registry (Docker Registry token authentication): a configured static bearer
 * token; else, after a 401, what its `WWW-Authenticate` challenge asks for: a token from the challenge's realm
 * (with the configured Basic credentials, if any) or Basic itself. The last challenge of each registry is
 * remembered, so later requests authenticate up front; tokens are kept until 90% of their lifetime, per
 * registry, realm, service and scope, and concurrent requests for one token share one fetch.
 */
export class RegistryTokenFlow {
  /** Bearer tokens by [host, realm, service, scope]. */
  private readonly tokens = new Map<string, CachedToken>();
  private readonly pendingTokens = new Map<string, Promise<string>>();
  /** The last challenge each registry sent, so later requests authenticate up front. */
  private readonly challenges = new Map<string, KnownChallenge>();

  constructor(private readonly http: RegistryHttp) {}

  /** The Authorization to send before any challenge: the static token, or what the last challenge led to. */
  upfront(ctx: RequestContext): string | undefined {
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

  /**
   * Answers a 401: the request sent again with what its challenge asks for (once), or the 401 itself when there
   * is no usable challenge, Basic without configured credentials, or credentials already refused.
   */
  async retryChallenged(
    ctx: RequestContext,
    res: Response,
    sentAuthorization: string | undefined,
    send: (authorization: string) => Promise<Response>,
  ): Promise<Response> {
    const { registry } = ctx;
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
      const retried = await send(`Bearer ${token}`);
      if (retried.status === 401) this.tokens.delete(this.tokenKey(ctx, known));
      return retried;
    }
    if (basic && registry.auth.type === 'basic' && !sentAuthorization) {
      this.challenges.set(registry.host, { scheme: 'basic' });
      discard(res);
      return send(
        basicAuthorization(registry.auth.username, registry.auth.password),
      );
    }
    return res;
  }

  private tokenKey(ctx: RequestContext, challenge: BearerChallenge): string {
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
    challenge: BearerChallenge,
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
    challenge: BearerChallenge,
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
    const res = await this.http.fetch(registry, realm, {
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
    const token = tokenOf(ctx, await this.http.readJson(ctx, res));
    this.cacheToken(this.tokenKey(ctx, challenge), {
      token: token.value,
      // Renew a little before the registry would: 90% of the lifetime.
      expiresAt: Date.now() + token.lifetimeSeconds * 900,
    });
    return token.value;
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
}

/** The token in a token service's answer (`token`, else `access_token`) and its lifetime (`expires_in`). */
function tokenOf(
  ctx: RequestContext,
  json: unknown,
): { value: string; lifetimeSeconds: number } {
  const body = json as {
    token?: unknown;
    access_token?: unknown;
    expires_in?: unknown;
  } | null;
  let value: string | undefined;
  if (typeof body?.token === 'string' && body.token) {
    value = body.token;
  } else if (typeof body?.access_token === 'string' && body.access_token) {
    value = body.access_token;
  }
  if (!value) {
    throw new ServiceUnavailableError(
      `Token service of artifact registry ${ctx.registry.host} returned no token`,
    );
  }
  const lifetimeSeconds =
    typeof body?.expires_in === 'number' && body.expires_in > 0
      ? body.expires_in
      : DEFAULT_TOKEN_LIFETIME_S;
  return { value, lifetimeSeconds };
}
