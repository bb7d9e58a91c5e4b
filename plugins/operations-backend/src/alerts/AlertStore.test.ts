import { TestDatabases } from '@backstage/backend-test-utils';
import type { AmAlert } from '../alertmanager/AlertmanagerClient';
import { AlertStore } from './AlertStore';

const alert = (
  fingerprint: string,
  labels: Record<string, string>,
  startsAt = '2026-12-01T10:00:00.000Z',
): AmAlert => ({
  fingerprint,
  labels: { alertname: `Alert${fingerprint}`, severity: 'critical', ...labels },
  annotations: { summary: `summary of ${fingerprint}` },
  startsAt,
  status: { state: 'active', silencedBy: [] },
});

const at = (minute: number) => new Date(Date.UTC(2026, 11, 1, 10, minute, 0));

describe('the alert store', () => {
  // SQLite always; PostgreSQL where BACKSTAGE_TEST_DATABASE_POSTGRES16_CONNECTION_STRING names one (no Docker).
  const databases = TestDatabases.create({
    ids: ['SQLITE_3', 'POSTGRES_16'],
    disableDocker: true,
  });

  it.each(databases.eachSupportedId())(
    'records alerts firing and resolving between snapshots, per fingerprint, by component (%s)',
    async databaseId => {
      const store = await AlertStore.create(await databases.init(databaseId), {
        componentLabel: 'component',
      });
      const a = alert('aa01', { component: 'payments-gateway' });
      const b = alert('bb02', { component: 'fleet-api', env: 'prod' });

      expect(await store.recordSnapshot([a, b], at(1))).toEqual({
        fired: 2,
        resolved: 0,
      });
      // The same alerts again: nothing new.
      expect(await store.recordSnapshot([a, b, a], at(2))).toEqual({
        fired: 0,
        resolved: 0,
      });
      // a resolves.
      expect(await store.recordSnapshot([b], at(3))).toEqual({
        fired: 0,
        resolved: 1,
      });
      // a fires again, later.
      const again = { ...a, startsAt: at(5).toISOString() };
      expect(await store.recordSnapshot([again, b], at(5))).toEqual({
        fired: 1,
        resolved: 0,
      });

      const range = { from: at(0), to: at(10) };
      const events = await store.events(
        { component: 'payments-gateway' },
        range,
      );
      expect(events.map(e => [e.type, e.occurredAt])).toEqual([
        ['fired', '2026-12-01T10:00:00.000Z'],
        ['resolved', at(3).toISOString()],
        ['fired', at(5).toISOString()],
      ]);
      expect(events[1]).toMatchObject({
        fingerprint: 'aa01',
        name: 'Alertaa01',
        severity: 'critical',
        summary: 'summary of aa01',
        startsAt: '2026-12-01T10:00:00.000Z',
        labels: a.labels,
      });
      expect(
        await store.events(
          { component: 'payments-gateway' },
          { ...range, type: 'resolved' },
        ),
      ).toHaveLength(1);
      // By matchers on any label.
      const byEnv = await store.events(
        { matchers: [{ name: 'env', value: 'prod', isRegex: false }] },
        range,
      );
      expect(byEnv.map(e => e.fingerprint)).toEqual(['bb02']);
      // A range before anything happened.
      expect(
        await store.events(
          { component: 'payments-gateway' },
          {
            from: at(-30),
            to: at(-1),
          },
        ),
      ).toEqual([]);

      // Retention.
      expect(await store.prune(at(4))).toBe(3);
      expect(
        (await store.events({ component: 'payments-gateway' }, range)).length,
      ).toBe(1);
    },
  );
});
