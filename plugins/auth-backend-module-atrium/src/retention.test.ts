import { mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import {
  readSignInAuditRetentionDays,
  readSignInAuditRetentionSchedule,
  scheduleSignInAuditRetention,
  SIGN_IN_AUDIT_RETENTION_TASK_ID,
} from './retention';

// The sign-in audit's binding of identity-node's audit retention (whose own test covers the rules): its config
// keys, its task and its log line.
describe('the sign-in audit retention', () => {
  it('reads auth.signInAudit.retentionDays and retentionSchedule', () => {
    const config = new ConfigReader({
      auth: {
        signInAudit: {
          retentionDays: 90,
          retentionSchedule: {
            frequency: { hours: 6 },
            timeout: { minutes: 5 },
          },
        },
      },
    });
    expect(readSignInAuditRetentionDays(config)).toBe(90);
    expect(readSignInAuditRetentionSchedule(config)).toMatchObject({
      frequency: { hours: 6 },
    });
    expect(() =>
      readSignInAuditRetentionDays(
        new ConfigReader({ auth: { signInAudit: { retentionDays: 3 } } }),
      ),
    ).toThrow(/^auth\.signInAudit\.retentionDays must be/);
  });

  it('prunes the sign-in audit store in its own task, and logs what it removed', async () => {
    const scheduler = mockServices.scheduler.mock();
    const logger = mockServices.logger.mock();
    const prune = jest.fn(async () => 4);
    await scheduleSignInAuditRetention({
      scheduler,
      logger,
      store: { prune },
      retentionDays: 90,
    });
    const task = scheduler.scheduleTask.mock.calls[0][0];
    expect(task).toMatchObject({
      id: SIGN_IN_AUDIT_RETENTION_TASK_ID,
      scope: 'global',
    });
    await task.fn(new AbortController().signal);
    expect(prune).toHaveBeenCalledTimes(1);
    expect(logger.info).toHaveBeenCalledWith(
      'Sign-in audit: removed 4 attempt(s) older than 90 days',
    );
  });
});
