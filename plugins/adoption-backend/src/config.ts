import {
  readSchedulerServiceTaskScheduleDefinitionFromConfig,
  type SchedulerServiceTaskScheduleDefinition,
} from '@backstage/backend-plugin-api';
import type { Config } from '@backstage/config';
import { Duration } from 'luxon';

/** The adoption plugin's settings, read from `adoption`. */
export interface AdoptionConfig {
  maxBatchSize: number;
  /** The HMAC key when user ids are pseudonymized; undefined stores refs as they are. */
  pseudonymizeSecret?: string;
  retention: Duration;
  retentionSchedule: SchedulerServiceTaskScheduleDefinition;
  nps: { enabled: boolean; minActiveDays: number };
}

export const DEFAULT_RETENTION_SCHEDULE: SchedulerServiceTaskScheduleDefinition =
  Object.freeze({
    frequency: { hours: 24 },
    timeout: { minutes: 30 },
    initialDelay: { minutes: 5 },
  });

/** Reads `adoption`, refusing at startup what could not work. */
export function readAdoptionConfig(config: Config): AdoptionConfig {
  const c = config.getOptionalConfig('adoption');
  const maxBatchSize = c?.getOptionalNumber('maxBatchSize') ?? 500;
  if (
    !Number.isInteger(maxBatchSize) ||
    maxBatchSize < 1 ||
    maxBatchSize > 10_000
  ) {
    throw new Error(
      `adoption.maxBatchSize must be a whole number from 1 to 10000, got ${maxBatchSize}`,
    );
  }
  let pseudonymizeSecret: string | undefined;
  if (c?.getOptionalBoolean('pseudonymize.enabled')) {
    pseudonymizeSecret = c.getOptionalString('pseudonymize.secret');
    if (!pseudonymizeSecret || pseudonymizeSecret.length < 16) {
      throw new Error(
        'adoption.pseudonymize.secret must be set (at least 16 characters) when adoption.pseudonymize.enabled is true',
      );
    }
  }
  const retentionText = c?.getOptionalString('retention') ?? 'P400D';
  const retention = Duration.fromISO(retentionText);
  if (!retention.isValid || retention.toMillis() < 24 * 3600 * 1000) {
    throw new Error(
      `adoption.retention must be an ISO 8601 duration of at least a day (P400D), got "${retentionText}"`,
    );
  }
  const schedule = c?.getOptionalConfig('retentionSchedule');
  const minActiveDays = c?.getOptionalNumber('nps.minActiveDays') ?? 3;
  if (!Number.isInteger(minActiveDays) || minActiveDays < 0) {
    throw new Error(
      `adoption.nps.minActiveDays must be a whole number ≥ 0, got ${minActiveDays}`,
    );
  }
  return {
    maxBatchSize,
    pseudonymizeSecret,
    retention,
    retentionSchedule: schedule
      ? readSchedulerServiceTaskScheduleDefinitionFromConfig(schedule)
      : DEFAULT_RETENTION_SCHEDULE,
    nps: {
      enabled: c?.getOptionalBoolean('nps.enabled') ?? true,
      minActiveDays,
    },
  };
}
