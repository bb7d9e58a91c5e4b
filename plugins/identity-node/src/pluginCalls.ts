import type {
  AuthService,
  BackstageCredentials,
} from '@backstage/backend-plugin-api';

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
