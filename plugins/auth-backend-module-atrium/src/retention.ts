import type {
  LoggerService,
  SchedulerService,
  SchedulerServiceTaskScheduleDefinition,
} from '@backstage/backend-plugin-api';
import type { Config } from '@backstage/config';
import {
  readAuditRetentionDays,
  readAuditRetentionSchedule,
  scheduleAuditRetention,
} from '@atrium/plugin-identity-node';
import type { SignInAuditStore } from './audit';

export const SIGN_IN_AUDIT_RETENTION_TASK_ID = 'atrium-sign-in-audit-retention';

/** `auth.signInAudit.retentionDays` (default a year, 30 to 3650 days). */
export const readSignInAuditRetentionDays = (config: Config): number =>
  readAuditRetentionDays(config, 'auth.signInAudit.retentionDays');

/** `auth.signInAudit.retentionSchedule` (Backstage's schedule config; default daily, first 2 minutes after startup). */
export const readSignInAuditRetentionSchedule = (
  config: Config,
): SchedulerServiceTaskScheduleDefinition =>
  readAuditRetentionSchedule(config, 'auth.signInAudit.retentionSchedule');

/** Prunes the sign-in audit daily (or on `schedule`), in the auth plugin's database, on one replica (identity-node's audit retention). */
export function scheduleSignInAuditRetention(options: {
  scheduler: SchedulerService;
  logger: LoggerService;
  store: Pick<SignInAuditStore, 'prune'>;
  retentionDays: number;
  schedule?: SchedulerServiceTaskScheduleDefinition;
}): Promise<void> {
  const { store, ...rest } = options;
  return scheduleAuditRetention({
    ...rest,
    taskId: SIGN_IN_AUDIT_RETENTION_TASK_ID,
    prune: before => store.prune(before),
    removedMessage: (removed, days) =>
      `Sign-in audit: removed ${removed} attempt(s) older than ${days} days`,
  });
}
