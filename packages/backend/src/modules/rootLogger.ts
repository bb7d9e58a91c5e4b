import {
  coreServices,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import { createConfigSecretEnumerator } from '@backstage/backend-defaults/rootConfig';
import {
  WinstonLogger,
  type WinstonLoggerLevelOverride,
  type WinstonLoggerLevelOverrideMatchers,
} from '@backstage/backend-defaults/rootLogger';
import type { Config } from '@backstage/config';
import type { JsonObject } from '@backstage/types';
import { format, transports } from 'winston';
import { loadCachedConfigSchema } from './configSchemaCache';

const LEVELS = ['error', 'warn', 'info', 'debug'];

/** `backend.logger`, read as Backstage's root logger reads it (its reader is internal to backend-defaults). */
function loggerConfig(config: Config) {
  const overrides: WinstonLoggerLevelOverride[] | undefined = config
    .getOptionalConfigArray('backend.logger.overrides')
    ?.map((override, i) => {
      const level = override.getString('level');
      if (!LEVELS.includes(level)) {
        throw new Error(
          `Invalid config at backend.logger.overrides[${i}].level, '${level}' is not a valid logging level, must be one of ${LEVELS.join(
            ', ',
          )}.`,
        );
      }
      return {
        matchers: override
          .getConfig('matchers')
          .get<WinstonLoggerLevelOverrideMatchers>(),
        level,
      };
    });
  return {
    level: config.getOptionalString('backend.logger.level'),
    meta: config.getOptionalConfig('backend.logger.meta')?.get<JsonObject>(),
    overrides: overrides ?? [],
    allowlist: new Set(
      config
        .getOptionalStringArray('backend.logger.redactAllowlist')
        ?.map(a => a.trim()),
    ),
  };
}

/**
 * Backstage's root logger (the same Winston logger, format, levels, overrides and redaction of config secrets),
 * with one change: the config schema that tells which values are secrets comes from `loadCachedConfigSchema`,
 * so a backend started again with the same dependencies does not compile every `config.d.ts` again.
 */
export const rootLoggerServiceFactory = createServiceFactory({
  service: coreServices.rootLogger,
  deps: { config: coreServices.rootConfig },
  async factory({ config }) {
    const settings = loggerConfig(config);
    const logger = WinstonLogger.create({
      meta: { service: 'backstage', ...settings.meta },
      level: process.env.LOG_LEVEL || settings.level || 'info',
      format:
        process.env.NODE_ENV === 'production'
          ? format.combine(format.timestamp(), format.json())
          : WinstonLogger.colorFormat(),
      transports: [new transports.Console()],
    });
    const secrets = await createConfigSecretEnumerator({
      logger,
      schema: await loadCachedConfigSchema({ logger }),
    });
    // The secrets to redact and the level overrides, from the config as it is now (and again when it changes).
    const apply = () => {
      const { allowlist, overrides } = loggerConfig(config);
      logger.addRedactions(
        [...secrets(config)].filter(s => !allowlist.has(s.trim())),
      );
      logger.setLevelOverrides(overrides);
    };
    apply();
    config.subscribe?.(apply);
    return logger;
  },
});
