import { mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import type { App, Scaler } from '@atrium/plugin-compute-common';
import type { ApprovalRuleContext } from '@atrium/plugin-compute-node';
import type { OperationsService } from '@atrium/plugin-operations-node';
import { readApprovalsConfig } from '../config';
import { criticalAlertRule } from './criticalAlert';
import { freezeWindowRule } from './freezeWindow';
import { replicaShareRule } from './replicaShare';
import { reservedTierRule } from './reservedTier';

const app = (replicas: number, tier: App['spec']['tier'] = 'on-demand') =>
  ({
    metadata: { name: 'payments-gateway', namespace: 'team-payments' },
    spec: { replicas, tier, version: '2.4.1', image: 'r/p' },
  } as unknown as App);
const scaler = (min: number, max: number) =>
  ({
    metadata: { name: 'payments-gateway' },
    spec: { minReplicas: min, maxReplicas: max },
  } as unknown as Scaler);

const context = (
  overrides: Partial<ApprovalRuleContext> = {},
): ApprovalRuleContext => ({
  action: 'deploy',
  change: {},
  app: app(3),
  tier: 'on-demand',
  entityRef: 'component:default/payments-gateway',
  team: 'group:default/team-payments',
  credentials: {} as any,
  now: new Date('2026-12-06T12:00:00Z'),
  ...overrides,
});

const windows = (freezeWindows: object[]) =>
  readApprovalsConfig(
    new ConfigReader({ compute: { approvals: { freezeWindows } } }),
  ).freezeWindows;

describe('the freeze-window rule', () => {
  it('holds between a start and an end given in the window’s time zone (Tokyo, UTC+9), and not outside', async () => {
    // 09:00 to 18:00 on 24 Dec in Tokyo is 00:00 to 09:00 UTC.
    const rule = freezeWindowRule(
      windows([
        {
          name: 'year-end',
          start: '2026-12-24T09:00:00',
          end: '2026-12-24T18:00:00',
          timeZone: 'Asia/Tokyo',
        },
      ]),
    );
    const at = (iso: string) => rule.evaluate(context({ now: new Date(iso) }));
    expect(await at('2026-12-23T23:59:59Z')).toBeUndefined();
    expect(await at('2026-12-24T00:00:00Z')).toEqual({
      rule: 'freeze-window',
      message:
        "The change freeze 'year-end' runs until 24 Dec 2026 18:00 GMT+9.",
    });
    expect(await at('2026-12-24T08:59:59Z')).toMatchObject({
      rule: 'freeze-window',
    });
    expect(await at('2026-12-24T09:00:00Z')).toBeUndefined();
  });

  it('recurs by cron and duration in its time zone, across a change of daylight saving (Berlin)', async () => {
    // Every Friday 18:00 in Berlin for 63 hours: until Monday 09:00 Berlin time.
    const rule = freezeWindowRule(
      windows([
        {
          name: 'weekend',
          cron: '0 18 * * 5',
          duration: 'PT63H',
          timeZone: 'Europe/Berlin',
        },
      ]),
    );
    const at = (iso: string) => rule.evaluate(context({ now: new Date(iso) }));
    // Winter (UTC+1): Friday 4 Dec 2026 18:00 Berlin = 17:00 UTC.
    expect(await at('2026-12-04T16:59:59Z')).toBeUndefined();
    expect(await at('2026-12-04T17:00:00Z')).toEqual({
      rule: 'freeze-window',
      message: "The change freeze 'weekend' runs until 7 Dec 2026 09:00 CET.",
    });
    expect(await at('2026-12-07T07:59:59Z')).toBeDefined();
    expect(await at('2026-12-07T08:00:00Z')).toBeUndefined();
    // Summer (UTC+2): Friday 3 Jul 2026 18:00 Berlin = 16:00 UTC.
    expect(await at('2026-07-03T15:59:59Z')).toBeUndefined();
    expect(await at('2026-07-03T16:00:00Z')).toBeDefined();
  });

  it('refuses a window that is neither a span nor a cron with a duration, or an unknown time zone', () => {
    expect(() =>
      windows([{ name: 'x', start: '2026-12-24T09:00:00' }]),
    ).toThrow(/end/);
    expect(() =>
      windows([{ name: 'x', cron: '0 18 * * 5', timeZone: 'Mars/Olympus' }]),
    ).toThrow(/unknown time zone/);
    expect(() =>
      windows([{ name: 'x', start: '2026-12-24', end: '2026-12-23' }]),
    ).toThrow(/not after start/);
  });
});

describe('the replica-share rule (share 0.5)', () => {
  const rule = replicaShareRule(0.5);
  const scale = (from: number, to: number) =>
    rule.evaluate(
      context({ action: 'scale', app: app(from), change: { replicas: to } }),
    );

  it('asks when a scale moves the replicas by more than half, either way', async () => {
    expect(await scale(4, 6)).toBeUndefined();
    expect(await scale(4, 2)).toBeUndefined();
    expect(await scale(4, 7)).toEqual({
      rule: 'replica-share',
      message:
        'Scaling payments-gateway from 4 to 7 replicas changes it by more than 50%.',
    });
    expect(await scale(4, 1)).toMatchObject({ rule: 'replica-share' });
    // From none, the share is of one replica: any scale up from zero is a whole one.
    expect(await scale(0, 0)).toBeUndefined();
    expect(await scale(0, 1)).toMatchObject({ rule: 'replica-share' });
  });

  it('asks when Scaler bounds move the minimum or the maximum by more than half', async () => {
    const bounds = (min: number, max: number) =>
      rule.evaluate(
        context({
          action: 'scaler',
          scaler: scaler(2, 10),
          change: { minReplicas: min, maxReplicas: max },
        }),
      );
    expect(await bounds(3, 14)).toBeUndefined();
    expect(await bounds(4, 10)).toEqual({
      rule: 'replica-share',
      message:
        "Moving the Scaler's minimum from 2 to 4 replicas changes it by more than 50%.",
    });
    expect(await bounds(2, 16)).toMatchObject({ rule: 'replica-share' });
  });

  it('says nothing of other actions', async () => {
    expect(
      await rule.evaluate(
        context({ action: 'deploy', change: { replicas: 99 } }),
      ),
    ).toBeUndefined();
  });
});

describe('the reserved-tier rule', () => {
  it('asks for an App of the reserved tier, and for creating one, and not for others', async () => {
    expect(
      await reservedTierRule.evaluate(
        context({ tier: 'reserved', app: app(3, 'reserved') }),
      ),
    ).toEqual({
      rule: 'reserved-tier',
      message:
        'payments-gateway runs in the reserved tier, where every change needs a second person.',
    });
    expect(
      await reservedTierRule.evaluate(
        context({
          action: 'create-app',
          app: undefined,
          tier: 'reserved',
          change: { name: 'ledger-reports' },
        }),
      ),
    ).toMatchObject({
      message: /^ledger-reports would run in the reserved tier/,
    });
    expect(await reservedTierRule.evaluate(context())).toBeUndefined();
  });
});

describe('the critical-alert rule (with a fake OperationsService: no Alertmanager here)', () => {
  const alert = (severity: string, extra: object = {}) => ({
    fingerprint: severity,
    name: `Payments${severity}`,
    severity,
    state: 'active',
    startsAt: '2026-12-06T11:00:00Z',
    summary: '',
    labels: {},
    silencedBy: [],
    ...extra,
  });
  const ruleWith = (getActiveAlerts: OperationsService['getActiveAlerts']) =>
    criticalAlertRule({
      operations: { getActiveAlerts },
      logger: mockServices.logger.mock(),
    });

  it('asks when a critical alert fires on the service, reading alerts as the caller', async () => {
    const getActiveAlerts = jest.fn(async () => ({
      configured: true as const,
      items: [
        {
          entityRef: 'component:default/payments-gateway',
          alerts: [alert('critical'), alert('warning')],
        },
      ],
    }));
    const credentials = { principal: 'alice' } as any;
    expect(
      await ruleWith(getActiveAlerts as any).evaluate(context({ credentials })),
    ).toEqual({
      rule: 'critical-alert',
      message:
        'A critical alert, Paymentscritical, is firing on component:default/payments-gateway.',
    });
    expect(getActiveAlerts).toHaveBeenCalledWith(
      ['component:default/payments-gateway'],
      { credentials },
    );
  });

  it('says nothing for lesser or silenced alerts, without Alertmanager, or when alerts cannot be read', async () => {
    const answer = (alerts: object[]) => async () => ({
      configured: true as const,
      items: [{ entityRef: 'component:default/payments-gateway', alerts }],
    });
    expect(
      await ruleWith(answer([alert('warning')]) as any).evaluate(context()),
    ).toBeUndefined();
    expect(
      await ruleWith(
        answer([
          alert('critical', { state: 'suppressed', silencedBy: ['s1'] }),
        ]) as any,
      ).evaluate(context()),
    ).toBeUndefined();
    expect(
      await ruleWith(
        async () => ({ configured: false, howTo: '' } as any),
      ).evaluate(context()),
    ).toBeUndefined();
    expect(
      await ruleWith(async () => {
        throw new Error('operations down');
      }).evaluate(context()),
    ).toBeUndefined();
  });
});
