// Helpers of tests/replicas.test.ts: the overlay that puts several replicas on one PostgreSQL and one Redis, the
// probe entity changed through one replica, and its catalog changes as the timeline records them.
import type { Backend } from './backend.ts';
import { writeEntities } from './catalogFixture.ts';
import type { Postgres } from './postgres.ts';
import type { Redis } from './redis.ts';

export const PROBE_REF = 'component:default/replica-probe';

/** Writes the probe component, in a file of its own that the replicas' catalog reads, with `description`. */
export const writeProbe = (file: string, description: string) =>
  writeEntities(file, [
    {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Component',
      metadata: { name: 'replica-probe', description },
      spec: {
        type: 'service',
        lifecycle: 'experimental',
        owner: 'team-payments',
      },
    },
  ]);

/**
 * Config on top of app-config.yaml for every replica: the one PostgreSQL (a database per plugin, created by the
 * first replica to need it), the one Redis as the cache, one session secret (the auth backend's sessions, and
 * the key of the catalog list's cursors derived from it), and quick polls so changes show within seconds.
 */
export function replicaOverlay(options: {
  postgres: Postgres;
  redis: Redis;
  pollSeconds: number;
}) {
  const { postgres, redis, pollSeconds } = options;
  return {
    backend: {
      database: {
        client: 'pg',
        connection: {
          host: postgres.host,
          port: postgres.port,
          user: postgres.user,
          password: postgres.password,
        },
        // Two replicas of some 25 plugins each stay well under the server's 200 connections.
        pool: { min: 0, max: 3 },
      },
      cache: { store: 'redis', connection: redis.url },
    },
    auth: { session: { secret: 'atrium-replicas-test-shared-session-secret' } },
    // A cache operation slower than this is a miss: 50 ms by default, more here, where four people's tests
    // share two cores and a single-shot "served from the cache" check must not see a miss for a late timer.
    // SSR's budget likewise: 2 s by default, after which the plain app is served; under that load a first
    // render (a cold gateway and catalog) has missed it, and the test checks SSR works, not how fast.
    atrium: { cache: { timeoutMs: 250 }, ssr: { timeoutMs: 10_000 } },
    graphql: { responseCache: { changePollSeconds: pollSeconds } },
    timeline: { catalogPollSeconds: pollSeconds },
  };
}

export interface TimelineEvent {
  title: string;
  detail?: string;
}

/** The probe's catalog changes as the timeline records them, read through one replica. */
export async function timelineOf(
  backend: Backend,
  token: string,
): Promise<TimelineEvent[]> {
  const res = await fetch(
    `${backend.baseUrl}/api/timeline/entities/default/component/replica-probe/events?kinds=catalog-change`,
    { headers: { authorization: `Bearer ${token}` } },
  );
  if (!res.ok) throw new Error(`timeline: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { items: TimelineEvent[] }).items;
}
