import type { Config } from '@backstage/config';
import { ScmIntegrations } from '@backstage/integration';

/** Where and how the reviews backend asks GitHub. */
export interface ReviewsConfig {
  /** The GitHub host (`github.com` or a GitHub Enterprise host). */
  host: string;
  /** Its REST API's base URL, without a trailing slash: `https://api.github.com`, `https://HOST/api/v3`. */
  apiBaseUrl: string;
  /** The service token from `integrations.github`, if any. */
  token?: string;
  /**
   * Whether users may sign in with GitHub: Backstage's GitHub auth provider is configured
   * (`auth.providers.github.<auth.environment>`), so the app can get a user's own token and pass it on.
   */
  githubSignIn: boolean;
  timeoutMs: number;
  maxItems: number;
  cacheTtlSeconds: number;
}

/**
 * Reads `reviews.github` and the `integrations.github` entry of its host (Backstage's standard integration
 * config: `host`, `apiBaseUrl`, `token`). Backstage adds a tokenless github.com entry when none is configured.
 */
export function readReviewsConfig(config: Config): ReviewsConfig {
  const host = config.getOptionalString('reviews.github.host') ?? 'github.com';
  const integration = ScmIntegrations.fromConfig(config).github.byHost(host);
  // The auth backend reads a provider's settings per auth environment (`development` unless said otherwise).
  const authEnvironment =
    config.getOptionalString('auth.environment') ?? 'development';
  const githubSignIn = config.has(`auth.providers.github.${authEnvironment}`);
  if (!integration) {
    throw new Error(
      `reviews.github.host is ${host}, but integrations.github has no entry for that host`,
    );
  }
  const apiBaseUrl =
    integration.config.apiBaseUrl ??
    (host === 'github.com'
      ? 'https://api.github.com'
      : `https://${host}/api/v3`);
  const timeoutMs =
    config.getOptionalNumber('reviews.github.timeoutMs') ?? 5000;
  const maxItems = config.getOptionalNumber('reviews.github.maxItems') ?? 100;
  const cacheTtlSeconds =
    config.getOptionalNumber('reviews.github.cacheTtlSeconds') ?? 60;
  if (!(timeoutMs > 0)) {
    throw new Error('reviews.github.timeoutMs must be a positive number');
  }
  if (!(maxItems >= 1 && maxItems <= 150)) {
    throw new Error('reviews.github.maxItems must be between 1 and 150');
  }
  if (!(cacheTtlSeconds >= 0)) {
    throw new Error('reviews.github.cacheTtlSeconds must not be negative');
  }
  return {
    host,
    apiBaseUrl: apiBaseUrl.replace(/\/+$/, ''),
    token: integration.config.token || undefined,
    githubSignIn,
    timeoutMs,
    maxItems,
    cacheTtlSeconds,
  };
}
