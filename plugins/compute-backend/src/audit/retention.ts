import type {
  LoggerService,
  SchedulerService,
} from '@backstage/backend-plugin-api';
import type { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';
import type { ComputeAuditStore } from './ComputeAuditStore';

export const DEFAULT_AUDIT_RETENTION_DAYS = 365;
/** Below a month the Activity would hardly explain anything, and a slip such as `3` would erase the audit. */
export const MIN_AUDIT_RETENTION_DAYS = 30;
export const MAX_AUDIT_RETENTION_DAYS = 3650;
export const AUDIT_RETENTION_TASK_ID = 'compute-audit-retention';

const DAY_MS = 24 * 3600 * 1000;

/** `compute.audit.retentionDays`, checked at startup so that a bad value stops the backend, not a nightly run. */
export function readAuditRetentionDays(config: Config): number {
  const days =
    config.getOptionalNumber('compute.audit.retentionDays') ??
    DEFAULT_AUDIT_RETENTION_DAYS;
  if (
    !Number.isInteger(days) ||
    days < MIN_AUDIT_RETENTION_DAYS ||
    days > MAX_AUDIT_RETENTION_DAYS
  ) {
    throw new InputError(
      `compute.audit.retentionDays must be a whole number of days from ${MIN_AUDIT_RETENTION_DAYS} to ${MAX_AUDIT_RETENTION_DAYS}, got ${days}`,
    );
  }
  return days;
}

/**
 * Prunes the compute audit daily. `scope: 'global'`: Backstage's scheduler takes a lock in the plugin's
 * database, so one replica runs it per interval however many there are.
 */
export async function scheduleAuditRetention(options: {
  scheduler: SchedulerService;
  logger: LoggerService;
  store: Pick<ComputeAuditStore, 'prune'>;
  retentionDays: number;
}): Promise<void> {
  const { scheduler, logger, store, retentionDays } = options;
  await scheduler.scheduleTask({
    id: AUDIT_RETENTION_TASK_ID,
    frequency: { hours: 24 },
    // A first run on a large table removes it in many batches.
    timeout: { minutes: 30 },
    // Not in the middle of startup, but soon enough that a deployment shows the first run in its logs.
    initialDelay: { minutes: 2 },
    scope: 'global',
    fn: async () => {
      const removed = await store.prune(
        new Date(Date.now() - retentionDays * DAY_MS),
      );
      if (removed > 0) {
        logger.info(
          `Compute audit: removed ${removed} record(s) older than ${retentionDays} days`,
        );
      }
    },
  });
}
