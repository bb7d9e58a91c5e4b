import type { Config } from '@backstage/config';
import { ScmIntegrations } from '@backstage/integration';

/** Where and how the reviews backend asks GitHub. */
export interface ReviewsConfig {
  /** The GitHub host (`github.com` or a GitHub Enterprise host). */
  host: string;
  /** Its REST API's base URL, without a trailing slash: `https://api.github.com`, `https://HOST/api/v3`. */
  apiBaseUrl: string;
  /**
   * What `integrations.github` holds for the host to ask GitHub with when a user brings no token of their own:
   * a token, a GitHub App (its installation on `organization`), or nothing.
   */
  serviceCredentials?: 'token' | 'app';
  /** The organization whose GitHub App installation Atrium asks with (`reviews.github.organization`). */
  organization?: string;
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
 * config: `host`, `apiBaseUrl`, and a `token` or `apps`). Backstage adds a tokenless github.com entry when none
 * is configured. The token itself is read through Backstage's `DefaultGithubCredentialsProvider` (plugin.ts).
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
  const organization = config.getOptionalString('reviews.github.organization');
  let serviceCredentials: ReviewsConfig['serviceCredentials'];
  if (integration.config.apps?.length) {
    // An App's token is an installation's: without an organization there is none to search with.
    if (!organization) {
      throw new Error(
        `integrations.github for ${host} has a GitHub App: set reviews.github.organization to the organization it is installed on`,
      );
    }
    serviceCredentials = 'app';
  } else if (integration.config.token) {
    serviceCredentials = 'token';
  }
  return {
    host,
    apiBaseUrl: apiBaseUrl.replace(/\/+$/, ''),
    serviceCredentials,
    organization,
    githubSignIn,
    timeoutMs,
    maxItems,
    cacheTtlSeconds,
  };
}
