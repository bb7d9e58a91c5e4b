// Helpers of tests/replicas.test.ts: the overlay that puts several replicas on one PostgreSQL and one Redis and
// the replicas started on it, the probe entity changed through one replica and its catalog changes as the
// timeline records them, and bounded reads and writes through one replica.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  refreshEntity,
  startBackend,
  waitForCatalog,
  type Backend,
} from './backend.ts';
import { writeEntities } from './catalogFixture.ts';
import { demoCatalogWith, demoKindCounts } from './demo.ts';
import { callGateway } from './gateway.ts';
import type { Postgres } from './postgres.ts';
import { sleep } from './proc.ts';
import type { Redis } from './redis.ts';
import {
  scheduledWorkConfig,
  type ScheduledWorkServices,
} from './scheduledWork.ts';

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

/** A gateway call to `replica` with `token`, bounded: a gateway waiting on a cache that hangs fails the test. */
export const boundedGateway = (
  replica: Backend,
  token: string,
  query: string,
  variables: Record<string, unknown>,
) =>
  Promise.race([
    callGateway(replica.baseUrl, token, query, variables),
    sleep(10_000).then(() => {
      throw new Error(`no answer from ${replica.baseUrl} within 10 s`);
    }),
  ]);

/** Writes the probe's `file` with `description` and asks `replica`'s catalog to refresh it. */
export async function refreshProbe(
  replica: Backend,
  file: string,
  description: string,
) {
  writeProbe(file, description);
  await refreshEntity(replica, PROBE_REF);
}

/** Stores a user setting (bucket atrium-test) through `replica`: the user-settings backend signals it. */
export async function putUserSetting(
  replica: Backend,
  token: string,
  key: string,
) {
  const res = await fetch(
    `${replica.baseUrl}/api/user-settings/buckets/atrium-test/keys/${key}`,
    {
      method: 'PUT',
      headers: {
        authorization: `Bearer ${token}`,
        'content-type': 'application/json',
      },
      body: JSON.stringify({ value: 1 }),
    },
  );
  assert.equal(res.status, 200);
}

/**
 * Writes the replicas' config into `dir` and answers its path: `replicaOverlay`, the scheduled work's config
 * (tests/lib/scheduledWork.ts) and the demo catalog with the probe's file (`dir`/probe.yaml).
 */
export function writeReplicasConfig(
  dir: string,
  options: {
    postgres: Postgres;
    redis: Redis;
    services: ScheduledWorkServices;
    pollSeconds: number;
  },
): string {
  const overlay = join(dir, 'app-config.replicas.yaml');
  const scheduled = scheduledWorkConfig(options.services);
  const demo = demoCatalogWith([
    { target: join(dir, 'probe.yaml'), allow: ['Component'] },
  ]);
  const base = replicaOverlay(options);
  writeFileSync(
    overlay,
    JSON.stringify({
      ...base,
      ...scheduled,
      auth: { ...base.auth, ...scheduled.auth },
      catalog: { ...demo.catalog, ...scheduled.catalog },
    }),
  );
  return overlay;
}

/**
 * Starts replicas A and B on `overlay`, both at once as a Deployment starts them: on an empty PostgreSQL, the
 * startup lock lets one initialise (and migrate) while the other waits (packages/backend/src/modules/
 * startupLock.ts). Answers once A's catalog holds the demo and the probe.
 */
export async function startReplicas(
  overlay: string,
): Promise<[Backend, Backend]> {
  const [a, b] = await Promise.all(
    ['replica-a', 'replica-b'].map(name =>
      startBackend({ name, configs: [overlay] }),
    ),
  );
  const expected = demoKindCounts();
  expected.Component += 1;
  await waitForCatalog(a.baseUrl, a.serviceToken, expected);
  return [a, b];
}

/** payments-gateway's page from `replica` as a browser with Backstage's user `cookie` asks for it (SSR), bounded. */
export const entityPageOf = (replica: Backend, cookie: string) =>
  fetch(`${replica.baseUrl}/catalog/default/component/payments-gateway`, {
    headers: { accept: 'text/html', cookie },
    signal: AbortSignal.timeout(10_000),
  });
