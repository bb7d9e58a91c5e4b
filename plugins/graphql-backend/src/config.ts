import type { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';
import { hkdfSync } from 'node:crypto';
import type { QueryLimits } from './limits';

export interface GatewayLimits extends QueryLimits {
  maxQueryLength: number;
}

/** `graphql.limits`' defaults (config.d.ts). */
export const DEFAULT_LIMITS: GatewayLimits = {
  maxDepth: 12,
  maxCost: 20000,
  maxQueryLength: 20000,
  maxAliases: 30,
  maxDirectives: 50,
  maxTokens: 2000,
};

export interface GatewayConfig {
  limits: GatewayLimits;
  responseCache: {
    enabled: boolean;
    ttlSeconds: number;
    changePollSeconds: number;
  };
  catalogList: {
    /** The key material of the list's cursors ({@link catalogListCursorSecret}). */
    cursorSecret?: string;
  };
}

function positive(config: Config | undefined, key: string, fallback: number) {
  const value = config?.getOptionalNumber(key) ?? fallback;
  if (!Number.isInteger(value) || value < 1) {
    throw new InputError(
      `graphql: ${key} must be a whole number above 0, got ${value}`,
    );
  }
  return value;
}

/** The gateway's settings from `graphql.*` (config.d.ts), with their defaults. */
export function readGatewayConfig(root: Config): GatewayConfig {
  const limits = root.getOptionalConfig('graphql.limits');
  const cache = root.getOptionalConfig('graphql.responseCache');
  return {
    limits: {
      maxDepth: positive(limits, 'maxDepth', DEFAULT_LIMITS.maxDepth),
      maxCost: positive(limits, 'maxCost', DEFAULT_LIMITS.maxCost),
      maxQueryLength: positive(
        limits,
        'maxQueryLength',
        DEFAULT_LIMITS.maxQueryLength,
      ),
      maxAliases: positive(limits, 'maxAliases', DEFAULT_LIMITS.maxAliases),
      maxDirectives: positive(
        limits,
        'maxDirectives',
        DEFAULT_LIMITS.maxDirectives,
      ),
      maxTokens: positive(limits, 'maxTokens', DEFAULT_LIMITS.maxTokens),
    },
    responseCache: {
      enabled: cache?.getOptionalBoolean('enabled') ?? true,
      ttlSeconds: positive(cache, 'ttlSeconds', 300),
      changePollSeconds: positive(cache, 'changePollSeconds', 10),
    },
    catalogList: { cursorSecret: catalogListCursorSecret(root) },
  };
}

/**
 * What the catalog list's cursors are sealed with: `graphql.catalogList.cursorSecret`, or else a key derived
 * (HKDF-SHA256, its own label) from `auth.session.secret`, which every replica already shares (the auth
 * backend's sessions need it), so a cursor issued by one replica is taken by another without a setting of its
 * own; the derived key tells nothing of the session secret. Without either, a random key per process in
 * development (cursors then do not outlive a restart), and a refusal to start in production
 * (`auth.environment: production`), where replicas would silently refuse each other's cursors.
 */
export function catalogListCursorSecret(root: Config): string | undefined {
  const own = root.getOptionalString('graphql.catalogList.cursorSecret');
  if (own) return own;
  const session = root.getOptionalString('auth.session.secret');
  if (session) {
    return Buffer.from(
      hkdfSync('sha256', session, 'atrium', 'graphql.catalogList.cursor', 32),
    ).toString('base64url');
  }
  if (root.getOptionalString('auth.environment') === 'production') {
    throw new InputError(
      "graphql: set graphql.catalogList.cursorSecret or auth.session.secret; in production every replica must seal the catalog list's cursors with the same key",
    );
  }
  return undefined;
}
