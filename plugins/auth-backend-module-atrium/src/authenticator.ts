import {
  createOAuthAuthenticator,
  type OAuthAuthenticator,
  type OAuthAuthenticatorResult,
} from '@backstage/plugin-auth-node';
import { oidcAuthenticator } from '@backstage/plugin-auth-backend-module-oidc-provider';

type InnerContext = ReturnType<typeof oidcAuthenticator.initialize>;
type OidcProfile = Parameters<
  typeof oidcAuthenticator.defaultProfileTransform
>[0]['fullProfile'];

/** Whether a result comes from an interactive sign-in or from a session refresh (a page load). */
export type AuthFlow = 'sign-in' | 'refresh';

const FLOW = Symbol.for('atrium.auth.flow');

/** The flow that produced an authenticator result; see {@link atriumOidcAuthenticator}. */
export function authFlowOf(
  result: OAuthAuthenticatorResult<unknown>,
): AuthFlow {
  return (result as { [FLOW]?: AuthFlow })[FLOW] ?? 'sign-in';
}

const tag = <T extends object>(result: T, flow: AuthFlow): T =>
  Object.defineProperty(result, FLOW, { value: flow, enumerable: false });

/**
 * Backstage's OIDC authenticator, with two changes:
 *
 * - It reads the IdP's discovery document again when the last attempt failed (at most every
 *   `retryAfterMs`). Backstage's reads it once, when the auth plugin starts; if the IdP is unreachable at that
 *   moment (restarting, or served by this same backend, which is not listening yet) every sign-in fails until
 *   Atrium restarts.
 * - Its results say whether they come from a sign-in or a refresh, so the audit can tell them apart.
 */
export function atriumOidcAuthenticator(
  retryAfterMs = 2000,
): OAuthAuthenticator<() => Promise<InnerContext>, OidcProfile> {
  return createOAuthAuthenticator({
    defaultProfileTransform: oidcAuthenticator.defaultProfileTransform,
    scopes: oidcAuthenticator.scopes,
    initialize(options) {
      let current = oidcAuthenticator.initialize(options);
      let startedAt = Date.now();
      // Nobody awaits the discovery until the first sign-in; a failure must not be an unhandled rejection.
      current.promise.catch(() => {});
      return async () => {
        try {
          await current.promise;
        } catch (error) {
          if (Date.now() - startedAt < retryAfterMs) throw error;
          current = oidcAuthenticator.initialize(options);
          startedAt = Date.now();
          current.promise.catch(() => {});
          await current.promise;
        }
        return current;
      };
    },
    async start(input, ctx) {
      return oidcAuthenticator.start(input, await ctx());
    },
    async authenticate(input, ctx) {
      return tag(
        await oidcAuthenticator.authenticate(input, await ctx()),
        'sign-in',
      );
    },
    async refresh(input, ctx) {
      return tag(
        await oidcAuthenticator.refresh(input, await ctx()),
        'refresh',
      );
    },
    async logout(input, ctx) {
      return oidcAuthenticator.logout?.(input, await ctx());
    },
  });
}
