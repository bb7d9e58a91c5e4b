import { ALICE, BOB, useDatabases, view } from './__testUtils__/harness';

// The figures of Insights and Home: active users, teams, top pages, searches, templates, compute actions, and
// the retention purge. The first alert rule: DefaultAdoptionService.funnel.test.ts; NPS: .nps.test.ts.

describe('DefaultAdoptionService (directory mocked)', () => {
  const { databases, setup } = useDatabases();

  it.each(databases.eachSupportedId())(
    'counts active, new and returning users, teams and top pages; pseudonymized ids count a user once (%s)',
    async databaseId => {
      const service = await setup(databaseId, {
        pseudonymize: { enabled: true, secret: 'sixteen-chars-ok!' },
      });
      await service.recordEvents(
        {
          events: [
            view('2026-11-30', '/catalog'),
            view('2026-12-01', '/catalog'),
          ],
        },
        ALICE,
      );
      await service.recordEvents(
        {
          events: [view('2026-12-01', '/docs'), view('2026-12-01', '/catalog')],
        },
        BOB,
      );
      await service.recordEvents(
        { events: [view('2026-12-02', '/docs')] },
        ALICE,
      );
      const range = { from: '2026-11-30', to: '2026-12-02' };

      const daily = await service.activeUsers(range, 'day');
      expect(daily.points).toEqual([
        { period: '2026-11-30', active: 1, new: 1, returning: 0 },
        { period: '2026-12-01', active: 2, new: 1, returning: 1 },
        { period: '2026-12-02', active: 1, new: 0, returning: 1 },
      ]);
      expect(daily).toMatchObject({
        dau: 1.333,
        wau: 2,
        mau: 2,
        stickiness: 0.667,
      });
      // 2026-11-30 is a Monday: one ISO week holds all three days.
      expect((await service.activeUsers(range, 'week')).points).toEqual([
        { period: '2026-11-30', active: 2, new: 2, returning: 0 },
      ]);
      expect((await service.activeUsers(range, 'month')).points).toEqual([
        { period: '2026-11-01', active: 1, new: 1, returning: 0 },
        { period: '2026-12-01', active: 2, new: 1, returning: 1 },
      ]);
      expect((await service.teams(range)).teams).toEqual([
        { teamRef: 'group:default/fleet', active: 1, size: 4 },
        { teamRef: 'group:default/payments', active: 1, size: 4 },
      ]);
      expect((await service.top(range, 'pages', 10)).items).toEqual([
        { key: '/catalog', views: 3, users: 2 },
        { key: '/docs', views: 2, users: 2 },
      ]);
    },
  );

  it.each(databases.eachSupportedId())(
    "summarizes yesterday's active users for Home, even when there are only a few (%s)",
    async databaseId => {
      const service = await setup(databaseId);
      // NOW is 2026-12-06 12:00 UTC: yesterday is 2026-12-05, one user late in the day, one just after midnight.
      await service.recordEvents(
        { events: [view('2026-12-04', '/catalog')] },
        ALICE,
      );
      await service.recordEvents(
        {
          events: [
            {
              ...view('2026-12-05', '/catalog'),
              timestamp: '2026-12-05T23:50:00Z',
            },
          ],
        },
        ALICE,
      );
      await service.recordEvents(
        {
          events: [
            {
              ...view('2026-12-05', '/docs'),
              timestamp: '2026-12-05T00:10:00Z',
            },
          ],
        },
        BOB,
      );
      // Insights' DAU is the average over the range: 3 user-days in 30 days is 0.1, 2 in 60 days 0.033 (not 0).
      const month = await service.activeUsers(
        { from: '2026-11-06', to: '2026-12-05' },
        'day',
      );
      expect(month.dau).toBe(0.1);
      const quiet = await service.activeUsers(
        { from: '2026-10-06', to: '2026-12-04' },
        'day',
      );
      expect(quiet.dau).toBe(0.017);
      expect(quiet.stickiness).toBe(0.017);
      const summary = await service.summary();
      expect(summary.yesterdayDau).toBe(2);
      expect(summary.dauTrend.slice(-2)).toEqual([
        { day: '2026-12-04', active: 1 },
        { day: '2026-12-05', active: 2 },
      ]);
      expect(summary.dauTrend).toHaveLength(14);
    },
  );

  it.each(databases.eachSupportedId())(
    'answers searches, templates (median to ready), compute actions by ISO week, and purges past retention (%s)',
    async databaseId => {
      const service = await setup(databaseId, { retention: 'P30D' });
      const at = (iso: string, e: object) => ({
        timestamp: iso,
        subject: '',
        context: { pluginId: 'x' },
        ...e,
      });
      await service.recordEvents(
        {
          events: [
            at('2026-12-01T09:00:00Z', {
              action: 'search',
              subject: 'kafka',
              value: 0,
            }),
            at('2026-12-01T09:01:00Z', {
              action: 'search',
              subject: 'kafka',
              value: 0,
            }),
            at('2026-12-01T09:02:00Z', {
              action: 'search',
              subject: 'payments',
              value: 4,
            }),
            at('2026-12-01T10:00:00Z', {
              action: 'template.run',
              attributes: {
                templateRef: 'template:default/svc',
                outcome: 'succeeded',
                taskId: 't1',
              },
            }),
            at('2026-12-01T10:02:00Z', {
              action: 'funnel.app-ready',
              attributes: { taskId: 't1' },
            }),
            at('2026-12-01T10:05:00Z', {
              action: 'funnel.app-ready',
              attributes: { taskId: 't1' },
            }),
            at('2026-12-01T11:00:00Z', {
              action: 'template.run',
              attributes: {
                templateRef: 'template:default/svc',
                outcome: 'failed',
                taskId: 't2',
              },
            }),
            at('2026-12-01T12:00:00Z', {
              action: 'template.run',
              attributes: {
                templateRef: 'template:default/web',
                outcome: 'succeeded',
              },
              context: {
                pluginId: 'scaffolder',
                entityRef: 'component:default/web-1',
              },
            }),
            at('2026-12-01T12:04:00Z', {
              action: 'funnel.app-ready',
              context: {
                pluginId: 'compute',
                entityRef: 'component:default/web-1',
              },
            }),
            at('2026-11-29T10:00:00Z', {
              action: 'compute.action',
              attributes: { kind: 'scale', outcome: 'succeeded' },
            }),
            at('2026-11-30T10:00:00Z', {
              action: 'compute.action',
              attributes: { kind: 'scale', outcome: 'succeeded' },
            }),
            at('2026-12-01T10:00:00Z', {
              action: 'compute.action',
              attributes: { kind: 'restart', outcome: 'failed' },
            }),
            at('2026-10-01T10:00:00Z', { action: 'navigate', subject: '/old' }),
          ],
        },
        ALICE,
      );
      const range = { from: '2026-11-01', to: '2026-12-06' };
      expect(await service.searches(range)).toEqual({
        top: [
          { term: 'kafka', count: 2 },
          { term: 'payments', count: 1 },
        ],
        noResult: [{ term: 'kafka', count: 2 }],
      });
      expect(await service.templates(range)).toEqual({
        runs: 3,
        succeeded: 2,
        successRate: 0.667,
        // 120 s (t1's first ready) and 240 s (web-1's): the median of two is their mean.
        medianSecondsToReady: 180,
        reachedFirstAlertRule: 0,
        medianSecondsToFirstAlertRule: null,
        templates: [
          { templateRef: 'template:default/svc', runs: 2, succeeded: 1 },
          { templateRef: 'template:default/web', runs: 1, succeeded: 1 },
        ],
      });
      expect((await service.actions(range)).weeks).toEqual([
        { week: '2026-W48', kind: 'scale', count: 1 },
        { week: '2026-W49', kind: 'restart', count: 1 },
        { week: '2026-W49', kind: 'scale', count: 1 },
      ]);
      const all = { from: '2026-09-01', to: '2026-12-06' };
      expect((await service.top(all, 'pages', 10)).items).toEqual([
        { key: '/old', views: 1, users: 1 },
      ]);
      expect(await service.purge()).toBe(1);
      expect((await service.top(all, 'pages', 10)).items).toEqual([]);
      expect((await service.activeUsers(all, 'month')).points[1]).toEqual({
        period: '2026-10-01',
        active: 0,
        new: 0,
        returning: 0,
      });
    },
  );
});
