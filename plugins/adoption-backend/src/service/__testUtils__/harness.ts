import { mockServices, TestDatabases } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { readAdoptionConfig } from '../../config';
import { EventStore, migrateAdoption } from '../../store/EventStore';
import { InsightsQueries } from '../../store/InsightsQueries';
import { NpsStore } from '../../store/NpsStore';
import { DefaultAdoptionService } from '../DefaultAdoptionService';

// The fixture of DefaultAdoptionService's tests (DefaultAdoptionService*.test.ts): a fixed clock, two users in
// two teams, and the service on each supported database, its directory mocked.

/** The service's clock: Sunday 2026-12-06, noon UTC. */
export const NOW = Date.parse('2026-12-06T12:00:00Z');
export const ALICE = 'user:default/alice';
export const BOB = 'user:default/bob';

/** Teams from a table, standing in for the catalog (mocked directory). */
const teams = {
  teamsOf: async (ref: string) =>
    ref === ALICE ? ['group:default/payments'] : ['group:default/fleet'],
  sizes: async (refs: string[]) => new Map(refs.map(r => [r, 4])),
};

/** A page view of `path` on `day` (YYYY-MM-DD), at 10:00 UTC. */
export const view = (day: string, path: string, extra: object = {}) => ({
  action: 'navigate',
  subject: path,
  context: { pluginId: path.split('/')[1] || 'home' },
  timestamp: `${day}T10:00:00Z`,
  ...extra,
});

/**
 * The test databases (call inside a `describe`: it registers their clean-up) and `setup`, which migrates a fresh
 * one and answers the service on it with `adoption` config.
 */
export function useDatabases() {
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

  return { databases, setup };
}
