import { mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import {
  readSignInAuditRetentionDays,
  readSignInAuditRetentionSchedule,
  scheduleSignInAuditRetention,
  SIGN_IN_AUDIT_RETENTION_TASK_ID,
} from './retention';

describe('readSignInAuditRetentionDays', () => {
  const read = (retentionDays?: unknown) =>
    readSignInAuditRetentionDays(
      new ConfigReader(
        retentionDays === undefined
          ? {}
          : { auth: { signInAudit: { retentionDays } } },
      ),
    );

  it('defaults to a year and takes whole days from 30 to 3650', () => {
    expect(read()).toBe(365);
    expect(read(30)).toBe(30);
    expect(read(3650)).toBe(3650);
  });

  it.each([0, 29, -5, 3651, 1.5])('refuses %p', days => {
    expect(() => read(days)).toThrow(
      `auth.signInAudit.retentionDays must be a whole number of days from 30 to 3650, got ${days}`,
    );
  });
});

describe('scheduleSignInAuditRetention', () => {
  const logger = mockServices.logger.mock();
  beforeEach(() => jest.clearAllMocks());

  it('schedules one daily task across replicas that prunes what is older than the retention', async () => {
    const scheduler = mockServices.scheduler.mock();
    const prune = jest.fn(async () => 4);
    await scheduleSignInAuditRetention({
      scheduler,
      logger,
      store: { prune },
      retentionDays: 90,
    });
    expect(scheduler.scheduleTask).toHaveBeenCalledTimes(1);
    const task = scheduler.scheduleTask.mock.calls[0][0];
    expect(task).toMatchObject({
      id: SIGN_IN_AUDIT_RETENTION_TASK_ID,
      scope: 'global',
      frequency: { hours: 24 },
    });
    const before = Date.now();
    await task.fn(new AbortController().signal);
    const cutoff = (prune.mock.calls[0] as unknown as [Date])[0].getTime();
    const ninetyDays = 90 * 24 * 3600 * 1000;
    expect(cutoff).toBeGreaterThanOrEqual(before - ninetyDays);
    expect(cutoff).toBeLessThanOrEqual(Date.now() - ninetyDays);
    expect(logger.info).toHaveBeenCalledWith(
      'Sign-in audit: removed 4 attempt(s) older than 90 days',
    );
  });

  it('says nothing when nothing was removed', async () => {
    const scheduler = mockServices.scheduler.mock();
    await scheduleSignInAuditRetention({
      scheduler,
      logger,
      store: { prune: async () => 0 },
      retentionDays: 365,
    });
    await scheduler.scheduleTask.mock.calls[0][0].fn(
      new AbortController().signal,
    );
    expect(logger.info).not.toHaveBeenCalled();
  });
});

describe('readSignInAuditRetentionSchedule', () => {
  const read = (retentionSchedule?: object) =>
    readSignInAuditRetentionSchedule(
      new ConfigReader(
        retentionSchedule === undefined
          ? {}
          : { auth: { signInAudit: { retentionSchedule } } },
      ),
    );

  it("defaults to today's daily run, first 2 minutes after startup", () => {
    expect(read()).toEqual({
      frequency: { hours: 24 },
      timeout: { minutes: 30 },
      initialDelay: { minutes: 2 },
    });
  });

  it('takes Backstage schedule config', () => {
    expect(
      read({
        frequency: { seconds: 2 },
        timeout: { seconds: 30 },
        initialDelay: { seconds: 1 },
      }),
    ).toEqual({
      frequency: { seconds: 2 },
      timeout: { seconds: 30 },
      initialDelay: { seconds: 1 },
    });
    expect(
      read({ frequency: { cron: '0 3 * * *' }, timeout: 'PT1H' }),
    ).toMatchObject({
      frequency: { cron: '0 3 * * *' },
      timeout: { hours: 1 },
    });
  });

  it('refuses a schedule without a frequency', () => {
    expect(() => read({ timeout: { minutes: 1 } })).toThrow(/frequency/);
  });

  it('schedules the configured one, always across replicas', async () => {
    const scheduler = mockServices.scheduler.mock();
    await scheduleSignInAuditRetention({
      scheduler,
      logger: mockServices.logger.mock(),
      store: { prune: async () => 0 },
      retentionDays: 365,
      schedule: {
        frequency: { seconds: 2 },
        timeout: { seconds: 30 },
        scope: 'local',
      },
    });
    expect(scheduler.scheduleTask.mock.calls[0][0]).toMatchObject({
      id: SIGN_IN_AUDIT_RETENTION_TASK_ID,
      frequency: { seconds: 2 },
      timeout: { seconds: 30 },
      scope: 'global',
    });
  });
});
