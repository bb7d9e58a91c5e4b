import {
  readSchedulerServiceTaskScheduleDefinitionFromConfig,
  type LoggerService,
  type SchedulerService,
  type SchedulerServiceTaskScheduleDefinition,
} from '@backstage/backend-plugin-api';
import type { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';

/** A year, unless configured. */
export const DEFAULT_AUDIT_RETENTION_DAYS = 365;
/** Below a month an audit could be gone before anyone asks about it, and a slip such as `3` would erase it. */
export const MIN_AUDIT_RETENTION_DAYS = 30;
export const MAX_AUDIT_RETENTION_DAYS = 3650;

const DAY_MS = 24 * 3600 * 1000;

/**
 * When the prune runs unless configured: daily, given 30 minutes (a first run on a large table removes it in
 * many batches), first 2 minutes after startup (not in the middle of it, but soon enough that a deployment shows
 * the first run in its logs).
 */
export const DEFAULT_AUDIT_RETENTION_SCHEDULE: SchedulerServiceTaskScheduleDefinition =
  Object.freeze({
    frequency: { hours: 24 },
    timeout: { minutes: 30 },
    initialDelay: { minutes: 2 },
  });

/**
 * An audit table's retention in days from the config key given (e.g. `compute.audit.retentionDays`), checked at
 * startup so that a bad value stops the backend, not a nightly run.
 */
export function readAuditRetentionDays(config: Config, key: string): number {
  const days = config.getOptionalNumber(key) ?? DEFAULT_AUDIT_RETENTION_DAYS;
  if (
    !Number.isInteger(days) ||
    days < MIN_AUDIT_RETENTION_DAYS ||
    days > MAX_AUDIT_RETENTION_DAYS
  ) {
    throw new InputError(
      `${key} must be a whole number of days from ${MIN_AUDIT_RETENTION_DAYS} to ${MAX_AUDIT_RETENTION_DAYS}, got ${days}`,
    );
  }
  return days;
}

/**
 * When an audit table's prune runs, from the config key given (e.g. `compute.audit.retentionSchedule`, Backstage's
 * schedule config), or {@link DEFAULT_AUDIT_RETENTION_SCHEDULE} without it. Read at startup, so that a bad value
 * stops the backend.
 */
export function readAuditRetentionSchedule(
  config: Config,
  key: string,
): SchedulerServiceTaskScheduleDefinition {
  const schedule = config.getOptionalConfig(key);
  return schedule
    ? readSchedulerServiceTaskScheduleDefinitionFromConfig(schedule)
    : DEFAULT_AUDIT_RETENTION_SCHEDULE;
}

/**
 * Prunes an audit table daily (or on `schedule`): `prune` removes what is older than the cut-off and says how
 * many. `scope: 'global'`: Backstage's scheduler takes a lock in the plugin's database, so one replica runs it per interval
 * however many there are. Shared by the compute audit and the sign-in audit.
 */
export async function scheduleAuditRetention(options: {
  scheduler: SchedulerService;
  logger: LoggerService;
  taskId: string;
  retentionDays: number;
  /** When it runs; {@link DEFAULT_AUDIT_RETENTION_SCHEDULE} without it. Its `scope` is ignored: always global. */
  schedule?: SchedulerServiceTaskScheduleDefinition;
  prune(before: Date): Promise<number>;
  /** The log line for a run that removed something. */
  removedMessage(removed: number, retentionDays: number): string;
}): Promise<void> {
  const { scheduler, logger, retentionDays } = options;
  await scheduler.scheduleTask({
    ...(options.schedule ?? DEFAULT_AUDIT_RETENTION_SCHEDULE),
    id: options.taskId,
    scope: 'global',
    fn: async () => {
      const removed = await options.prune(
        new Date(Date.now() - retentionDays * DAY_MS),
      );
      if (removed > 0) {
        logger.info(options.removedMessage(removed, retentionDays));
      }
    },
  });
}
