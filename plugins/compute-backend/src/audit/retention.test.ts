import { mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import {
  AUDIT_RETENTION_TASK_ID,
  readAuditRetentionDays,
  readAuditRetentionSchedule,
  scheduleAuditRetention,
} from './retention';

// The compute audit's binding of identity-node's audit retention (whose own test covers the rules): its config
// keys, its task and its log line.
describe('the compute audit retention', () => {
  it('reads compute.audit.retentionDays and retentionSchedule', () => {
    const config = new ConfigReader({
      compute: {
        audit: {
          retentionDays: 90,
          retentionSchedule: {
            frequency: { hours: 6 },
            timeout: { minutes: 5 },
          },
        },
      },
    });
    expect(readAuditRetentionDays(config)).toBe(90);
    expect(readAuditRetentionSchedule(config)).toMatchObject({
      frequency: { hours: 6 },
    });
    expect(() =>
      readAuditRetentionDays(
        new ConfigReader({ compute: { audit: { retentionDays: 3 } } }),
      ),
    ).toThrow(/^compute\.audit\.retentionDays must be/);
  });

  it('prunes the compute audit store in its own task, and logs what it removed', async () => {
    const scheduler = mockServices.scheduler.mock();
    const logger = mockServices.logger.mock();
    const prune = jest.fn(async () => 3);
    await scheduleAuditRetention({
      scheduler,
      logger,
      store: { prune },
      retentionDays: 30,
    });
    const task = scheduler.scheduleTask.mock.calls[0][0];
    expect(task).toMatchObject({
      id: AUDIT_RETENTION_TASK_ID,
      scope: 'global',
    });
    await task.fn(new AbortController().signal);
    expect(prune).toHaveBeenCalledTimes(1);
    expect(logger.info).toHaveBeenCalledWith(
      'Compute audit: removed 3 record(s) older than 30 days',
    );
  });
});
