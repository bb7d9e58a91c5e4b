import type { Config } from '@backstage/config';

/**
 * Refuses sign-in setups that are fine on a laptop and wrong in production. Production is
 * `auth.environment: production` (what app-config.production.yaml sets); there, Atrium will not start while
 * the guest provider or the embedded demo IdP is enabled, because either lets anyone in as someone else.
 *
 * Returns the reasons, empty when the config is acceptable.
 */
export function unsafeProductionSignIn(config: Config): string[] {
  if (config.getOptionalString('auth.environment') !== 'production') {
    return [];
  }
  const reasons: string[] = [];
  if (config.has('auth.providers.guest')) {
    reasons.push(
      'the guest provider is configured (auth.providers.guest): anyone could sign in without an identity',
    );
  }
  if (config.getOptionalBoolean('atrium.embeddedIdp.enabled')) {
    reasons.push(
      'the embedded demo identity provider is enabled (atrium.embeddedIdp.enabled): its users share a published password',
    );
  }
  return reasons;
}

/** Throws with every reason from {@link unsafeProductionSignIn}, and what to do instead. */
export function assertSafeSignIn(config: Config): void {
  const reasons = unsafeProductionSignIn(config);
  if (reasons.length) {
    throw new Error(
      `Atrium refuses to start with auth.environment "production": ${reasons.join(
        '; ',
      )}. Remove them and sign in through your company's OpenID provider (auth.providers.oidc.production).`,
    );
  }
}
