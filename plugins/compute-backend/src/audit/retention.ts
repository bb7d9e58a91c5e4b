import type {
  LoggerService,
  SchedulerService,
  SchedulerServiceTaskScheduleDefinition,
} from '@backstage/backend-plugin-api';
import type { Config } from '@backstage/config';
import {
  readAuditRetentionDays as readRetentionDays,
  readAuditRetentionSchedule as readRetentionSchedule,
  scheduleAuditRetention as scheduleRetention,
} from '@atrium/plugin-identity-node';
import type { ComputeAuditStore } from './ComputeAuditStore';

export const AUDIT_RETENTION_TASK_ID = 'compute-audit-retention';

/** `compute.audit.retentionDays` (default a year, 30 to 3650 days). */
export const readAuditRetentionDays = (config: Config): number =>
  readRetentionDays(config, 'compute.audit.retentionDays');

/** `compute.audit.retentionSchedule` (Backstage's schedule config; default daily, first 2 minutes after startup). */
export const readAuditRetentionSchedule = (
  config: Config,
): SchedulerServiceTaskScheduleDefinition =>
  readRetentionSchedule(config, 'compute.audit.retentionSchedule');

/** Prunes the compute audit daily (or on `schedule`), on one replica (identity-node's audit retention). */
export function scheduleAuditRetention(options: {
  scheduler: SchedulerService;
  logger: LoggerService;
  store: Pick<ComputeAuditStore, 'prune'>;
  retentionDays: number;
  schedule?: SchedulerServiceTaskScheduleDefinition;
}): Promise<void> {
  const { store, ...rest } = options;
  return scheduleRetention({
    ...rest,
    taskId: AUDIT_RETENTION_TASK_ID,
    prune: before => store.prune(before),
    removedMessage: (removed, days) =>
      `Compute audit: removed ${removed} record(s) older than ${days} days`,
  });
}
