import { TestDatabases } from '@backstage/backend-test-utils';
import { resolvePackagePath } from '@backstage/backend-plugin-api';
import { EventStore, migrateAdoption, rollupKeys } from './EventStore';
import { InsightsQueries } from './InsightsQueries';

const range = { from: '2026-12-01', to: '2026-12-31' };

describe('the adoption event store', () => {
  const databases = TestDatabases.create({
    ids: ['SQLITE_3', 'POSTGRES_16'],
    disableDocker: true,
  });

  it('rolls each event up under its kinds and keys', () => {
    const nav = {
      action: 'navigate',
      subject: '/catalog/default/component/a?tab=x',
      context: { pluginId: 'catalog', entityRef: 'Component:default/A' },
      timestamp: '2026-12-01T10:00:00Z',
    };
    expect(rollupKeys(nav, '/catalog/default/component/a')).toEqual([
      { kind: 'plugin', key: 'catalog', viewer: true },
      { kind: 'page', key: '/catalog/default/component/a', viewer: true },
      { kind: 'entity', key: 'component:default/a', viewer: true },
    ]);
    expect(
      rollupKeys({ ...nav, action: 'search', subject: 'k', value: 0 }, null),
    ).toEqual([
      { kind: 'search', key: 'k', viewer: false },
      { kind: 'search0', key: 'k', viewer: false },
    ]);
    expect(
      rollupKeys(
        { ...nav, action: 'compute.action', attributes: { kind: 'scale' } },
        null,
      ),
    ).toEqual([{ kind: 'action', key: 'scale', viewer: false }]);
    expect(
      rollupKeys({ ...nav, subject: 'x'.repeat(400) }, 'y'.repeat(400))[1].key,
    ).toHaveLength(300);
  });

  it.each(databases.eachSupportedId())(
    'rolls up the events stored before the daily counts existed, once, when migrating (%s)',
    async databaseId => {
      const knex = await databases.init(databaseId);
      await knex.migrate.up({
        directory: resolvePackagePath(
          '@atrium/plugin-adoption-backend',
          'migrations',
        ),
        name: '20261206_01_adoption.js',
      });
      const base = {
        ts: Date.parse('2026-12-02T10:00:00Z'),
        day: '2026-12-02',
        subject: '',
        plugin_id: 'catalog',
      };
      await knex('adoption_events').insert([
        { ...base, user_id: 'u1', action: 'navigate', path: '/catalog' },
        { ...base, user_id: 'u2', action: 'navigate', path: '/catalog' },
        { ...base, user_id: 'u2', action: 'navigate', path: '/docs' },
        {
          ...base,
          user_id: 'u1',
          action: 'search',
          subject: 'kafka',
          value: 0,
        },
        {
          ...base,
          user_id: 'u1',
          action: 'compute.action',
          attributes: JSON.stringify({ kind: 'restart' }),
        },
      ]);
      await migrateAdoption(knex);
      const queries = new InsightsQueries(knex);
      expect(await queries.top(range, 'pages', 10)).toEqual([
        { key: '/catalog', views: 2, users: 2 },
        { key: '/docs', views: 1, users: 1 },
      ]);
      expect(await queries.topCounts(range, 'search0', 10)).toEqual([
        { key: 'kafka', count: 1 },
      ]);
      expect(await queries.dailyCounts(range, 'action')).toEqual([
        { day: '2026-12-02', key: 'restart', count: 1 },
      ]);

      // New events add to the same counts; the purge removes the counts of the days it removes.
      const store = new EventStore(knex);
      await store.insert(
        'u3',
        [],
        [
          {
            ts: base.ts,
            event: {
              action: 'navigate',
              subject: '/catalog',
              context: { pluginId: 'catalog' },
              timestamp: '2026-12-02T10:00:00Z',
            },
          },
        ],
      );
      expect((await queries.top(range, 'pages', 1))[0]).toEqual({
        key: '/catalog',
        views: 3,
        users: 3,
      });
      expect(await store.purge('2026-12-03')).toBe(6);
      expect(await queries.top(range, 'plugins', 10)).toEqual([]);
      expect(await queries.dailyCounts(range, 'action')).toEqual([]);
    },
  );

  it.each(databases.eachSupportedId())(
    'stores events no user made with no user, and in no per-user rollup or daily count (%s)',
    async databaseId => {
      const knex = await databases.init(databaseId);
      await migrateAdoption(knex);
      const store = new EventStore(knex);
      const ts = Date.parse('2026-12-02T10:00:00Z');
      await store.insertWithoutUser([
        {
          ts,
          event: {
            action: 'funnel.first-alert-rule',
            subject: 'component:default/a',
            context: {
              pluginId: 'operations',
              entityRef: 'component:default/a',
            },
            attributes: { rule: 'HighErrorRate', group: 'a' },
            timestamp: '2026-12-02T10:00:00Z',
          },
        },
      ]);
      expect(
        await knex('adoption_events').select('user_id', 'action', 'entity_ref'),
      ).toEqual([
        {
          user_id: null,
          action: 'funnel.first-alert-rule',
          entity_ref: 'component:default/a',
        },
      ]);
      for (const table of [
        'adoption_user_days',
        'adoption_users',
        'adoption_user_months',
        'adoption_team_days',
        'adoption_viewer_months',
        'adoption_daily_counts',
      ]) {
        expect([table, await knex(table).select('*')]).toEqual([table, []]);
      }
      expect(await store.purge('2026-12-03')).toBe(1);
    },
  );
});
