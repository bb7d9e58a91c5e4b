import type {
  LoggerService,
  SchedulerService,
} from '@backstage/backend-plugin-api';
import type { HumanDuration } from '@backstage/types';
import type { ApprovalService } from './ApprovalService';

/**
 * Expires the requests nobody decided in time, every `interval`: a global task, so one replica runs each time
 * (and the store's conditional update keeps a request from expiring twice in any case).
 */
export async function scheduleApprovalExpiry(options: {
  scheduler: SchedulerService;
  logger: LoggerService;
  service: Pick<ApprovalService, 'expire'>;
  interval: HumanDuration;
}) {
  const { scheduler, logger, service, interval } = options;
  await scheduler.scheduleTask({
    id: 'compute-approvals-expiry',
    frequency: interval,
    timeout: { minutes: 5 },
    scope: 'global',
    fn: async () => {
      const count = await service.expire();
      if (count > 0) {
        logger.info(`Compute approvals: ${count} request(s) expired`);
      }
    },
  });
}
