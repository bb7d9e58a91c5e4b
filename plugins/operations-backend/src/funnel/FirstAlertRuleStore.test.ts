import { TestDatabases } from '@backstage/backend-test-utils';
import { FirstAlertRuleStore } from './FirstAlertRuleStore';

describe('the first alert rule store', () => {
  // SQLite always; PostgreSQL where BACKSTAGE_TEST_DATABASE_POSTGRES16_CONNECTION_STRING names one (no Docker).
  const databases = TestDatabases.create({
    ids: ['SQLITE_3', 'POSTGRES_16'],
    disableDocker: true,
  });

  it.each(databases.eachSupportedId())(
    "keeps a component's first sighting, across stores over the same database, and which were recorded (%s)",
    async databaseId => {
      const knex = await databases.init(databaseId);
      const one = await FirstAlertRuleStore.create(knex);
      const other = await FirstAlertRuleStore.create(knex);
      const ref = 'component:default/ledger';
      const first = {
        entityRef: ref,
        rule: 'LedgerErrors',
        group: 'ledger',
        firstSeenAt: Date.parse('2026-12-06T10:00:00Z'),
      };
      expect(await one.sighted(first)).toEqual(first);
      expect(
        await other.sighted({
          ...first,
          rule: 'Other',
          firstSeenAt: first.firstSeenAt + 60_000,
        }),
      ).toEqual(first);
      expect(await other.recorded()).toEqual(new Set());
      await other.markRecorded(ref, first.firstSeenAt + 1000);
      await one.markRecorded(ref, first.firstSeenAt + 9000);
      expect(await one.recorded()).toEqual(new Set([ref]));
      expect(
        await knex('operations_first_alert_rules').select('recorded_at'),
      ).toEqual([{ recorded_at: expect.anything() }]);
      expect(
        Number(
          (await knex('operations_first_alert_rules').first()).recorded_at,
        ),
      ).toBe(first.firstSeenAt + 1000);
    },
  );
});
