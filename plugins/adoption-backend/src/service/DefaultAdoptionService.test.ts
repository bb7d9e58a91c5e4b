import { mockServices, TestDatabases } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { readAdoptionConfig } from '../config';
import { EventStore, migrateAdoption } from '../store/EventStore';
import { InsightsQueries } from '../store/InsightsQueries';
import { NpsStore } from '../store/NpsStore';
import { DefaultAdoptionService } from './DefaultAdoptionService';

const NOW = Date.parse('2026-12-06T12:00:00Z');
const ALICE = 'user:default/alice';
const BOB = 'user:default/bob';

/** Teams from a table, standing in for the catalog (mocked directory). */
const teams = {
  teamsOf: async (ref: string) =>
    ref === ALICE ? ['group:default/payments'] : ['group:default/fleet'],
  sizes: async (refs: string[]) => new Map(refs.map(r => [r, 4])),
};

const view = (day: string, path: string, extra: object = {}) => ({
  action: 'navigate',
  subject: path,
  context: { pluginId: path.split('/')[1] || 'home' },
  timestamp: `${day}T10:00:00Z`,
  ...extra,
});

describe('DefaultAdoptionService (directory mocked)', () => {
  const databases = TestDatabases.create({
    ids: ['SQLITE_3', 'POSTGRES_16'],
    disableDocker: true,
  });

  async function setup(databaseId: any, adoption: object = {}) {
    const knex = await databases.init(databaseId);
    await migrateAdoption(knex);
    return new DefaultAdoptionService({
      config: readAdoptionConfig(new ConfigReader({ adoption })),
      events: new EventStore(knex),
      queries: new InsightsQueries(knex),
      npsStore: new NpsStore(knex),
      teams,
      logger: mockServices.logger.mock(),
      now: () => NOW,
    });
  }

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

  it.each(databases.eachSupportedId())(
    "joins each run to its component's first alert rule, recorded with no user: in no active-user, team or viewer figure (%s)",
    async databaseId => {
      const service = await setup(databaseId);
      const at = (iso: string, e: object) => ({
        subject: 'x',
        context: { pluginId: 'scaffolder' },
        timestamp: iso,
        ...e,
      });
      const run = (iso: string, taskId: string) =>
        at(iso, {
          action: 'template.run',
          attributes: {
            templateRef: 'template:default/svc',
            outcome: 'succeeded',
            taskId,
          },
        });
      // The scaffolder puts the new component on its app-ready step.
      const ready = (iso: string, taskId: string, component: string) =>
        at(iso, {
          action: 'funnel.app-ready',
          context: { pluginId: 'scaffolder', entityRef: component },
          attributes: { taskId },
        });
      const firstRule = (iso: string, component: string) =>
        at(iso, {
          action: 'funnel.first-alert-rule',
          subject: component,
          context: { pluginId: 'operations', entityRef: component },
          attributes: { rule: 'HighErrorRate', group: 'svc' },
        });
      await service.recordEvents(
        {
          events: [
            view('2026-12-01', '/catalog'),
            run('2026-12-01T09:00:00Z', 't1'),
            ready('2026-12-01T09:05:00Z', 't1', 'component:default/a'),
            run('2026-12-01T11:00:00Z', 't2'),
            ready('2026-12-01T11:05:00Z', 't2', 'Component:default/B'),
            run('2026-12-02T09:00:00Z', 't3'),
            ready('2026-12-02T09:03:00Z', 't3', 'component:default/c'),
          ],
        },
        ALICE,
      );
      const range = { from: '2026-11-07', to: '2026-12-06' };
      const before = {
        activeUsers: await service.activeUsers(range, 'day'),
        weeks: await service.activeUsers(range, 'week'),
        teams: await service.teams(range),
        top: await service.top(range, 'entities', 10),
        summary: await service.summary(),
      };

      // a's first rule an hour after its run started; B's twice (recorded again after a lost answer: the first
      // counts) and on another day (no one is active then); c's before its run started (an older rule that
      // matches the new service's matchers from the start does not count for this run).
      const result = await service.recordEvents(
        {
          events: [
            firstRule('2026-12-01T10:00:00Z', 'component:default/a'),
            firstRule('2026-12-03T11:00:00Z', 'component:default/b'),
            firstRule('2026-12-04T11:00:00Z', 'component:default/b'),
            firstRule('2026-12-02T08:00:00Z', 'component:default/c'),
            // d's rule is found before its run's outcome is stored (stamped with the run's start, earlier).
            firstRule('2026-12-03T09:30:00Z', 'component:default/d'),
          ],
        },
        null,
      );
      expect(result).toEqual({ accepted: 5, rejected: [] });
      // DAU, new users, teams, viewers and Home's trend are exactly as before the events no user made.
      expect({
        activeUsers: await service.activeUsers(range, 'day'),
        weeks: await service.activeUsers(range, 'week'),
        teams: await service.teams(range),
        top: await service.top(range, 'entities', 10),
        summary: await service.summary(),
      }).toEqual(before);
      expect(before.activeUsers.points.filter(p => p.active > 0)).toEqual([
        { period: '2026-12-01', active: 1, new: 1, returning: 0 },
        { period: '2026-12-02', active: 1, new: 0, returning: 1 },
      ]);

      await service.recordEvents(
        {
          events: [
            run('2026-12-03T09:00:00Z', 't4'),
            ready('2026-12-03T09:01:00Z', 't4', 'component:default/d'),
          ],
        },
        BOB,
      );
      const templates = await service.templates(range);
      expect(templates.runs).toBe(4);
      // a 3600 s, B 48 h = 172800 s, d 1800 s: the median of three.
      expect(templates.reachedFirstAlertRule).toBe(3);
      expect(templates.medianSecondsToFirstAlertRule).toBe(3600);
      expect(
        await service.templates({ from: '2026-12-02', to: '2026-12-02' }),
      ).toMatchObject({
        runs: 1,
        reachedFirstAlertRule: 0,
        medianSecondsToFirstAlertRule: null,
      });
    },
  );

  it.each(databases.eachSupportedId())(
    'asks active users once a quarter, takes one answer, and computes NPS by quarter and team (%s)',
    async databaseId => {
      const service = await setup(databaseId, { nps: { minActiveDays: 2 } });
      expect(await service.survey(ALICE)).toEqual({
        show: false,
        reason: 'not-enough-activity',
      });
      await service.recordEvents(
        { events: [view('2026-12-01', '/a'), view('2026-12-02', '/a')] },
        ALICE,
      );
      expect(await service.survey(ALICE)).toEqual({
        show: true,
        reason: 'eligible',
      });
      const { id } = await service.answer(ALICE, { score: 9, comment: 'good' });
      expect(await service.survey(ALICE)).toEqual({
        show: false,
        reason: 'answered',
      });
      await expect(service.answer(ALICE, { score: 3 })).rejects.toMatchObject({
        name: 'ConflictError',
      });
      await service.answer(BOB, { score: 5 });
      await service.dismiss(BOB);
      expect(await service.survey(BOB)).toEqual({
        show: false,
        reason: 'answered',
      });

      const range = { from: '2026-10-01', to: '2026-12-31' };
      expect(await service.nps(range)).toEqual({
        nps: 0,
        promoters: 1,
        passives: 0,
        detractors: 1,
        answers: 2,
        dismissals: 1,
        trend: [{ period: '2026-Q4', nps: 0, answers: 2 }],
        teams: [
          { teamRef: 'group:default/fleet', nps: -100, answers: 1 },
          { teamRef: 'group:default/payments', nps: 100, answers: 1 },
        ],
      });
      expect((await service.npsComments(range)).comments).toEqual([
        {
          score: 9,
          comment: 'good',
          createdAt: new Date(NOW).toISOString(),
          teamRef: 'group:default/payments',
        },
      ]);
      expect(await service.summary()).toMatchObject({
        quarterNps: 0,
        previousQuarterNps: null,
        npsAnswers: 2,
      });

      await expect(service.deleteAnswer(BOB, id)).rejects.toMatchObject({
        name: 'NotFoundError',
      });
      expect((await service.myAnswers(ALICE)).answers).toEqual([
        {
          id,
          score: 9,
          comment: 'good',
          createdAt: new Date(NOW).toISOString(),
        },
      ]);
      await service.deleteAnswer(ALICE, id);
      expect((await service.myAnswers(ALICE)).answers).toEqual([]);
      expect(await service.survey(ALICE)).toEqual({
        show: true,
        reason: 'eligible',
      });
    },
  );
});
