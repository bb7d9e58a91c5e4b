import { TestDatabases } from '@backstage/backend-test-utils';
import { resolvePackagePath } from '@backstage/backend-plugin-api';
import type { AdoptionEvent } from '@atrium/plugin-adoption-common';
import { dayBit, daysOf, keepFrom, monthMasks } from './dayMasks';
import { EventStore, migrateAdoption } from './EventStore';
import { InsightsQueries } from './InsightsQueries';

const at = (iso: string, event: Partial<AdoptionEvent>) => ({
  ts: Date.parse(iso),
  event: {
    action: 'navigate',
    subject: '/catalog',
    context: { pluginId: 'catalog' },
    timestamp: iso,
    ...event,
  } as AdoptionEvent,
});

describe('the monthly rollups', () => {
  const databases = TestDatabases.create({
    ids: ['SQLITE_3', 'POSTGRES_16'],
    disableDocker: true,
  });

  it('keeps the days of a month as bits, and ranges as masks per month', () => {
    expect(dayBit('2026-12-01')).toBe(1);
    expect(dayBit('2026-12-31')).toBe(2 ** 30);
    expect([...monthMasks('2026-11-29', '2026-12-02')]).toEqual([
      ['2026-11-01', 2 ** 28 + 2 ** 29],
      ['2026-12-01', 3],
    ]);
    expect(daysOf('2026-02-01', 2 ** 27 + 1)).toEqual([
      '2026-02-01',
      '2026-02-28',
    ]);
    expect(keepFrom('2026-02-27')).toBe(2 ** 26 + 2 ** 27);
  });

  it.each(databases.eachSupportedId())(
    'counts distinct users and viewers across a month boundary, and the purge clears the days before its cut-off (%s)',
    async databaseId => {
      const knex = await databases.init(databaseId);
      await migrateAdoption(knex);
      const store = new EventStore(knex);
      const queries = new InsightsQueries(knex);
      await store.insert(
        'u1',
        [],
        [
          at('2026-11-29T10:00:00Z', {}),
          at('2026-11-30T10:00:00Z', {}),
          at('2026-12-01T10:00:00Z', {}),
        ],
      );
      // Another batch of the same user and month merges its days into the same row.
      await store.insert('u1', [], [at('2026-12-02T10:00:00Z', {})]);
      await store.insert('u2', [], [at('2026-12-02T23:59:59Z', {})]);

      const range = { from: '2026-11-30', to: '2026-12-02' };
      const activity = await queries.activity(range);
      expect([...activity.byPeriod(range, 'day')]).toEqual([
        ['2026-11-30', 1],
        ['2026-12-01', 1],
        ['2026-12-02', 2],
      ]);
      expect([...activity.byPeriod(range, 'month')]).toEqual([
        ['2026-11-01', 1],
        ['2026-12-01', 2],
      ]);
      expect(activity.distinct(range)).toBe(2);
      expect(activity.distinct({ from: '2026-11-30', to: '2026-12-01' })).toBe(
        1,
      );
      expect(await queries.top(range, 'plugins', 10)).toEqual([
        { key: 'catalog', views: 4, users: 2 },
      ]);
      expect(
        await queries.top(
          { from: '2026-11-29', to: '2026-12-01' },
          'plugins',
          10,
        ),
      ).toEqual([{ key: 'catalog', views: 3, users: 1 }]);

      await store.purge('2026-12-02');
      const after = await queries.activity({
        from: '2026-11-01',
        to: '2026-12-31',
      });
      expect([
        ...after.byPeriod({ from: '2026-11-01', to: '2026-12-31' }, 'day'),
      ]).toEqual([['2026-12-02', 2]]);
      expect(
        await queries.top(
          { from: '2026-11-01', to: '2026-12-31' },
          'plugins',
          10,
        ),
      ).toEqual([{ key: 'catalog', views: 2, users: 2 }]);
    },
  );

  it.each(databases.eachSupportedId())(
    'keeps each template run with its first Ready app, whether the run or the app-ready event is stored first (%s)',
    async databaseId => {
      const knex = await databases.init(databaseId);
      await migrateAdoption(knex);
      const store = new EventStore(knex);
      const queries = new InsightsQueries(knex);
      const run = (iso: string, taskId: string, outcome: string) =>
        at(iso, {
          action: 'template.run',
          subject: 'template:default/service',
          context: { pluginId: 'scaffolder' },
          attributes: {
            templateRef: 'template:default/service',
            outcome,
            taskId,
          },
        });
      const ready = (
        iso: string,
        attributes: Record<string, string>,
        entityRef?: string,
      ) =>
        at(iso, {
          action: 'funnel.app-ready',
          subject: 'x',
          context: { pluginId: 'compute', entityRef },
          attributes,
        });
      // t1: the run is stored first, then two app-ready events (the earlier counts).
      await store.insert(
        'u1',
        [],
        [run('2026-12-01T10:00:00Z', 't1', 'succeeded')],
      );
      await store.insert(
        'u1',
        [],
        [ready('2026-12-01T10:05:00Z', { taskId: 't1' })],
      );
      await store.insert(
        'u1',
        [],
        [ready('2026-12-01T10:02:00Z', { taskId: 't1' })],
      );
      // t2: the app is ready (through its entity) before the run's outcome is recorded, stamped with its start.
      await store.insert(
        'u1',
        [],
        [ready('2026-12-01T11:10:00Z', {}, 'component:default/b')],
      );
      await store.insert(
        'u1',
        [],
        [
          {
            ...run('2026-12-01T11:00:00Z', 't2', 'failed'),
            event: {
              ...run('2026-12-01T11:00:00Z', 't2', 'failed').event,
              context: {
                pluginId: 'scaffolder',
                entityRef: 'Component:default/B',
              },
            },
          },
        ],
      );
      // t3: an app-ready before the run started does not count.
      await store.insert(
        'u1',
        [],
        [ready('2026-12-01T11:30:00Z', { taskId: 't3' })],
      );
      await store.insert(
        'u1',
        [],
        [run('2026-12-01T12:00:00Z', 't3', 'completed')],
      );

      const range = { from: '2026-12-01', to: '2026-12-01' };
      expect(
        await queries.templateRuns(range, ['succeeded', 'completed']),
      ).toEqual([
        { templateRef: 'template:default/service', runs: 3, succeeded: 2 },
      ]);
      expect((await queries.msToReady(range)).sort((a, b) => a - b)).toEqual([
        120_000, 600_000,
      ]);
      await store.purge('2026-12-02');
      expect(await queries.templateRuns(range, ['succeeded'])).toEqual([]);
    },
  );

  it.each(databases.eachSupportedId())(
    'rolls up the user days, viewers and template runs stored before the monthly rollups existed (%s)',
    async databaseId => {
      const knex = await databases.init(databaseId);
      const directory = resolvePackagePath(
        '@atrium/plugin-adoption-backend',
        'migrations',
      );
      await knex.migrate.up({ directory, name: '20261206_01_adoption.js' });
      await knex.migrate.up({
        directory,
        name: '20261206_02_adoption_daily_counts.js',
      });
      await knex('adoption_user_days').insert([
        {
          day: '2026-11-30',
          user_id: 'u1',
          week: '2026-11-30',
          month: '2026-11-01',
        },
        {
          day: '2026-12-01',
          user_id: 'u1',
          week: '2026-11-30',
          month: '2026-12-01',
        },
        {
          day: '2026-12-31',
          user_id: 'u1',
          week: '2026-12-28',
          month: '2026-12-01',
        },
      ]);
      await knex('adoption_daily_viewers').insert([
        { kind: 'plugin', key: 'catalog', day: '2026-12-01', user_id: 'u1' },
        { kind: 'plugin', key: 'catalog', day: '2026-12-31', user_id: 'u1' },
      ]);
      await knex('adoption_daily_counts').insert([
        { kind: 'plugin', key: 'catalog', day: '2026-12-01', count: 1 },
      ]);
      const event = {
        user_id: 'u1',
        subject: '',
        plugin_id: 'x',
        day: '2026-12-01',
      };
      await knex('adoption_events').insert([
        {
          ...event,
          ts: Date.parse('2026-12-01T10:00:00Z'),
          action: 'template.run',
          task_id: 't1',
          attributes: JSON.stringify({
            templateRef: 'template:default/a',
            outcome: 'succeeded',
            taskId: 't1',
          }),
        },
        {
          ...event,
          ts: Date.parse('2026-12-01T10:01:00Z'),
          action: 'funnel.app-ready',
          task_id: 't1',
        },
      ]);
      await migrateAdoption(knex);

      const queries = new InsightsQueries(knex);
      const range = { from: '2026-11-30', to: '2026-12-31' };
      expect([
        ...(await queries.activity(range)).byPeriod(range, 'day'),
      ]).toEqual([
        ['2026-11-30', 1],
        ['2026-12-01', 1],
        ['2026-12-31', 1],
      ]);
      expect(
        await queries.top(
          { from: '2026-12-31', to: '2026-12-31' },
          'plugins',
          10,
        ),
      ).toEqual([]);
      expect(await queries.top(range, 'plugins', 10)).toEqual([
        { key: 'catalog', views: 1, users: 1 },
      ]);
      expect(await queries.templateRuns(range, ['succeeded'])).toEqual([
        { templateRef: 'template:default/a', runs: 1, succeeded: 1 },
      ]);
      expect(await queries.msToReady(range)).toEqual([60_000]);
    },
  );
});
