import { mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import {
  readAuditRetentionDays,
  readAuditRetentionSchedule,
  scheduleAuditRetention,
} from './auditRetention';

// The audit retention every audit table shares (the compute audit, the sign-in audit). Each plugin's own test
// checks only its binding: its config keys, task id and log line.
const KEY = 'some.audit';
const DAY_MS = 24 * 3600 * 1000;

describe('readAuditRetentionDays', () => {
  const read = (retentionDays?: unknown) =>
    readAuditRetentionDays(
      new ConfigReader(
        retentionDays === undefined ? {} : { some: { audit: retentionDays } },
      ),
      KEY,
    );

  it('defaults to a year and takes whole days from 30 to 3650', () => {
    expect(read()).toBe(365);
    expect(read(30)).toBe(30);
    expect(read(3650)).toBe(3650);
  });

  it.each([0, 29, -5, 3651, 1.5])('refuses %p, naming the key', days => {
    expect(() => read(days)).toThrow(
      `some.audit must be a whole number of days from 30 to 3650, got ${days}`,
    );
  });
});

describe('readAuditRetentionSchedule', () => {
  const read = (schedule?: object) =>
    readAuditRetentionSchedule(
      new ConfigReader(
        schedule === undefined ? {} : { some: { audit: schedule } },
      ),
      KEY,
    );

  it('defaults to a daily run, first 2 minutes after startup', () => {
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
});

describe('scheduleAuditRetention', () => {
  const logger = mockServices.logger.mock();
  beforeEach(() => jest.clearAllMocks());

  const schedule = async (options: {
    prune: (before: Date) => Promise<number>;
    retentionDays: number;
    schedule?: Parameters<typeof scheduleAuditRetention>[0]['schedule'];
  }) => {
    const scheduler = mockServices.scheduler.mock();
    await scheduleAuditRetention({
      scheduler,
      logger,
      taskId: 'some-audit-retention',
      removedMessage: (removed, days) =>
        `removed ${removed}, older than ${days} days`,
      ...options,
    });
    expect(scheduler.scheduleTask).toHaveBeenCalledTimes(1);
    return scheduler.scheduleTask.mock.calls[0][0];
  };

  it('schedules one daily task across replicas that prunes what is older than the retention, and says so', async () => {
    const prune = jest.fn(async (_before: Date) => 3);
    const task = await schedule({ prune, retentionDays: 30 });
    expect(task).toMatchObject({
      id: 'some-audit-retention',
      scope: 'global',
      frequency: { hours: 24 },
    });
    const before = Date.now();
    await task.fn(new AbortController().signal);
    const cutoff = prune.mock.calls[0][0].getTime();
    expect(cutoff).toBeGreaterThanOrEqual(before - 30 * DAY_MS);
    expect(cutoff).toBeLessThanOrEqual(Date.now() - 30 * DAY_MS);
    expect(logger.info).toHaveBeenCalledWith('removed 3, older than 30 days');
  });

  it('says nothing when nothing was removed', async () => {
    const task = await schedule({ prune: async () => 0, retentionDays: 365 });
    await task.fn(new AbortController().signal);
    expect(logger.info).not.toHaveBeenCalled();
  });

  it('runs on the configured schedule, always across replicas', async () => {
    const task = await schedule({
      prune: async () => 0,
      retentionDays: 365,
      schedule: {
        frequency: { seconds: 2 },
        timeout: { seconds: 30 },
        scope: 'local',
      },
    });
    expect(task).toMatchObject({
      id: 'some-audit-retention',
      frequency: { seconds: 2 },
      timeout: { seconds: 30 },
      scope: 'global',
    });
  });
});
