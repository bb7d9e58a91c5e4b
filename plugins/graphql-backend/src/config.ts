import type { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';
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
    /** The key of the list's cursors (random per process when not configured). */
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
    catalogList: {
      cursorSecret:
        root.getOptionalString('graphql.catalogList.cursorSecret') || undefined,
    },
  };
}
