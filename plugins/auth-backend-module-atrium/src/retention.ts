import type {
  LoggerService,
  SchedulerService,
} from '@backstage/backend-plugin-api';
import type { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';
import type { SignInAuditStore } from './audit';

export const DEFAULT_SIGN_IN_AUDIT_RETENTION_DAYS = 365;
/** Below a month a refused sign-in could be gone before anyone asks about it; a slip such as `3` would erase it. */
export const MIN_SIGN_IN_AUDIT_RETENTION_DAYS = 30;
export const MAX_SIGN_IN_AUDIT_RETENTION_DAYS = 3650;
export const SIGN_IN_AUDIT_RETENTION_TASK_ID = 'atrium-sign-in-audit-retention';

/** `auth.signInAudit.retentionDays`, checked at startup so that a bad value stops the backend, not a nightly run. */
export function readSignInAuditRetentionDays(config: Config): number {
  const days =
    config.getOptionalNumber('auth.signInAudit.retentionDays') ??
    DEFAULT_SIGN_IN_AUDIT_RETENTION_DAYS;
  const [min, max] = [
    MIN_SIGN_IN_AUDIT_RETENTION_DAYS,
    MAX_SIGN_IN_AUDIT_RETENTION_DAYS,
  ];
  if (!Number.isInteger(days) || days < min || days > max) {
    throw new InputError(
      `auth.signInAudit.retentionDays must be a whole number of days from ${min} to ${max}, got ${days}`,
    );
  }
  return days;
}

/**
 * Prunes the sign-in audit daily, in the auth plugin's database. `scope: 'global'`: Backstage's scheduler
 * holds a lock there, so one replica runs it per interval however many there are.
 */
export async function scheduleSignInAuditRetention(options: {
  scheduler: SchedulerService;
  logger: LoggerService;
  store: Pick<SignInAuditStore, 'prune'>;
  retentionDays: number;
}): Promise<void> {
  const { scheduler, logger, store, retentionDays } = options;
  await scheduler.scheduleTask({
    id: SIGN_IN_AUDIT_RETENTION_TASK_ID,
    frequency: { hours: 24 },
    // A first run on a large table removes it in many batches.
    timeout: { minutes: 30 },
    // Not in the middle of startup, but soon enough that a deployment shows the first run in its logs.
    initialDelay: { minutes: 2 },
    scope: 'global',
    fn: async () => {
      const cutoff = new Date();
      cutoff.setTime(cutoff.getTime() - retentionDays * 86_400_000);
      const removed = await store.prune(cutoff);
      if (removed > 0) {
        logger.info(
          `Sign-in audit: removed ${removed} attempt(s) older than ${retentionDays} days`,
        );
      }
    },
  });
}
