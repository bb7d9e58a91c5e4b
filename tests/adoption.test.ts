/**
 * Adoption analytics and NPS in Atrium's backend, on SQLite and on a real PostgreSQL (Debian's, on loopback) at
 * once: two backends with the same config (user ids pseudonymized, a retention purge every second, one reader
 * group) get the same events and answers, and must answer the same figures. Users sign in through the embedded
 * OpenID provider; the demo org is the catalog.
 *
 * One stack serves three parts, in this order, through `AdoptionSuite` (tests/adoption/fixture.ts): the events
 * and who reads them (tests/adoption/events.ts), the NPS survey (tests/adoption/nps.ts), and retention and the
 * same figures on both databases (tests/adoption/figures.ts, last: it counts every event the others recorded).
 */
import { after, before, describe } from 'node:test';
import { adoptionEvents } from './adoption/events.ts';
import { adoptionFigures } from './adoption/figures.ts';
import type { AdoptionSuite } from './adoption/fixture.ts';
import { adoptionNps } from './adoption/nps.ts';
import {
  AdoptionCaller,
  daysAgo,
  startAdoptionBackend,
  TEST_SECRET,
} from './lib/adoption.ts';
import { waitForCatalog, type Backend } from './lib/backend.ts';
import { demoKindCounts } from './lib/demo.ts';
import { startPostgres, type Postgres } from './lib/postgres.ts';

describe(
  'adoption analytics and NPS on SQLite and PostgreSQL',
  { timeout: 300_000 },
  () => {
    const NOW = Date.now();
    let pg: Postgres | undefined;
    let backends: Backend[] = [];
    const callers: AdoptionCaller[] = [];

    before(async () => {
      pg = await startPostgres();
      const adoption = {
        pseudonymize: { enabled: true, secret: TEST_SECRET },
        retention: 'P400D',
        retentionSchedule: {
          frequency: { seconds: 1 },
          timeout: { seconds: 30 },
          initialDelay: { seconds: 1 },
        },
        readers: ['group:default/team-storefront'],
        nps: { minActiveDays: 3 },
      };
      backends = await Promise.all([
        startAdoptionBackend({ name: 'adoption-sqlite', adoption }),
        startAdoptionBackend({ name: 'adoption-postgres', adoption, pg }),
      ]);
      // Sign-in and teams need the org only (Users and Groups), not the rest of the demo catalog.
      const { User, Group } = demoKindCounts();
      await Promise.all(
        backends.map(b =>
          waitForCatalog(b.baseUrl, b.serviceToken, { User, Group }),
        ),
      );
      callers.push(...backends.map(b => new AdoptionCaller(b)));
    });
    after(async () => {
      await Promise.all(backends.map(b => b.stop()));
      await pg?.stop();
    });

    const suite: AdoptionSuite = {
      now: NOW,
      get pg() {
        if (!pg) throw new Error('PostgreSQL is not running');
        return pg;
      },
      callers,
      both: step => Promise.all(callers.map(step)),
      view: (path, days, extra = {}) => ({
        action: 'navigate',
        subject: path,
        context: { pluginId: path.split('/')[1] || 'home' },
        timestamp: daysAgo(NOW, days),
        ...extra,
      }),
    };
    adoptionEvents(suite);
    adoptionNps(suite);
    adoptionFigures(suite);
  },
);
