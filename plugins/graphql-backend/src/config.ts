import type { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';

export interface GatewayLimits {
  maxDepth: number;
  maxCost: number;
  maxQueryLength: number;
}

export interface GatewayConfig {
  limits: GatewayLimits;
  responseCache: {
    enabled: boolean;
    ttlSeconds: number;
    changePollSeconds: number;
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
      maxDepth: positive(limits, 'maxDepth', 12),
      maxCost: positive(limits, 'maxCost', 20000),
      maxQueryLength: positive(limits, 'maxQueryLength', 20000),
    },
    responseCache: {
      enabled: cache?.getOptionalBoolean('enabled') ?? true,
      ttlSeconds: positive(cache, 'ttlSeconds', 300),
      changePollSeconds: positive(cache, 'changePollSeconds', 10),
    },
  };
}
