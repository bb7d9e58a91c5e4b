/**
 * Atrium with several replicas (issue 17): two backends on one PostgreSQL and one Redis (Debian's, on spare
 * loopback ports), each signing in through its own embedded IdP, started once and in parallel. What one replica
 * does, the other must see: the gateway's response cache and its invalidation (shared through Redis), user
 * tokens and catalog-list cursors, scheduled work done once per interval across both (the catalog change
 * recorder, the LDAP org sync, the alert poll, the compute and sign-in audits' retention, each counted by what
 * reaches the real slapd, Alertmanager or PostgreSQL), signals published on one reaching a WebSocket on the
 * other (Backstage's events backend over PostgreSQL), server-side rendering on both; and with Redis stopped,
 * right answers without 5xx, then caching again once it is back.
 */
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { signIn } from './lib/auth.ts';
import type { Backend } from './lib/backend.ts';

import { startPostgres, type Postgres } from './lib/postgres.ts';
import { waitFor } from './lib/proc.ts';
import { startRedis, type Redis } from './lib/redis.ts';
import { userCookie } from './lib/catalogFixture.ts';
import { connectSignals } from './lib/signals.ts';
import {
  boundedGateway,
  entityPageOf,
  PROBE_REF,
  putUserSetting,
  refreshProbe,
  startReplicas,
  writeReplicasConfig,
  timelineOf,
  writeProbe,
  type TimelineEvent,
} from './lib/replicas.ts';
import {
  LDAP_USER_REF,
  runBaseline,
  runsOncePerInterval,
  scheduledWorkCounters,
  startScheduledWorkServices,
  type RunBaseline,
  type RunCounter,
  type ScheduledWorkServices,
} from './lib/scheduledWork.ts';

/** The gateway's change poll here: how long after the catalog changes a replica may still serve the old answer. */
const POLL_SECONDS = 2;
/** What a poll may take on a loaded 2-core machine, beyond its interval. */
const POLL_SLACK_MS = 6_000;

const ENTITY = `query Probe($ref: String!) { entity(ref: $ref) { name description } }`;
/**
 * The scheduled tasks are watched for at least this many of their intervals (from the end of `before`, so the
 * other tests' time counts) before their runs are counted.
 */
const MIN_INTERVALS = 8;

const LIST = `query List($first: Int, $after: String) {
  catalog(filter: { kind: "component" }, sort: { field: NAME }, first: $first, after: $after) {
    totalCount nextCursor items { entity { ref } }
  }
}`;

describe('two replicas on one PostgreSQL and one Redis', () => {
  let postgres: Postgres;
  let redis: Redis;
  let a: Backend;
  let b: Backend;
  let dir: string;
  let token: string;
  /** Backstage's user cookie, as the app sets it after sign-in: what server-side rendering goes by. */
  let cookie: string;
  let services: ScheduledWorkServices;
  let counters: Awaited<ReturnType<typeof scheduledWorkCounters>>;
  /** When the scheduled tasks' runs started to be counted, and their counts then. */
  let baseline: RunBaseline;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'atrium-replicas-'));
    writeProbe(join(dir, 'probe.yaml'), 'first version');
    [postgres, redis, services] = await Promise.all([
      startPostgres(),
      startRedis(),
      startScheduledWorkServices(),
    ]);
    const overlay = writeReplicasConfig(dir, {
      postgres,
      redis,
      services,
      pollSeconds: POLL_SECONDS,
    });
    [a, b] = await startReplicas(overlay);
    token = (await signIn(a.baseUrl, 'alice.nakamura')).token;
    cookie = await userCookie(a.baseUrl, token);
    counters = await scheduledWorkCounters(services, postgres);
    baseline = await runBaseline(counters);
  });

  /** A gateway call to `replica` as Alice, bounded: a gateway waiting on a cache that hangs fails the test. */
  const gateway = (
    replica: Backend,
    query: string,
    variables: Record<string, unknown>,
  ) => boundedGateway(replica, token, query, variables);
  /** Edits the probe's file and asks `replica`'s catalog to refresh it: a change made through that replica. */
  const changeProbe = (replica: Backend, description: string) =>
    refreshProbe(replica, join(dir, 'probe.yaml'), description);
  /** Stores a user setting for Alice through A: the user-settings backend signals it to her. */
  const putSetting = (key: string) => putUserSetting(a, token, key);

  const entityPage = (replica: Backend) => entityPageOf(replica, cookie);

  /** Runs of a scheduled task since `baseline`: at most one per interval (see runsOncePerInterval). */
  const assertRunsOncePerInterval = (counter: RunCounter) =>
    runsOncePerInterval(counter, baseline, MIN_INTERVALS);

  after(async () => {
    await Promise.all([a?.stop(), b?.stop()]);
    await Promise.all([redis?.stop(), postgres?.stop(), services?.stop()]);
  });

  test('a token issued by A is accepted by B, and a catalog-list cursor from A pages on B', async () => {
    const read = (t: string) =>
      fetch(
        `${b.baseUrl}/api/catalog/entities/by-name/component/default/payments-gateway`,
        {
          headers: { authorization: `Bearer ${t}` },
        },
      );
    assert.equal((await read(token)).status, 200);
    assert.equal((await read(`${token.slice(0, -4)}AAAA`)).status, 401);

    const first = await gateway(a, LIST, { first: 3 });
    const cursor = first.body.data.catalog.nextCursor;
    assert.ok(cursor, JSON.stringify(first.body));
    const second = await gateway(b, LIST, { first: 3, after: cursor });
    assert.equal(second.body.errors, undefined, JSON.stringify(second.body));
    const refs = (page: any) =>
      page.body.data.catalog.items.map((i: any) => i.entity.ref);
    assert.equal(refs(second).length, 3);
    assert.ok(
      refs(second).every((ref: string) => !refs(first).includes(ref)),
      'the next page, not the first again',
    );
  });

  test("an answer cached by A is served by B; a change made through A is not served stale by B after the gateway's poll", async () => {
    const vars = { ref: PROBE_REF };
    const fromA = await gateway(a, ENTITY, vars);
    assert.equal(fromA.body.data.entity.description, 'first version');
    const fromB = await gateway(b, ENTITY, vars);
    assert.equal(fromB.cache, 'hit', 'B serves the answer A cached');
    assert.deepEqual(fromB.body, fromA.body);

    // The change, through A.
    await changeProbe(a, 'second version');
    await waitFor(
      'the catalog to hold the change',
      async () => {
        const res = await fetch(
          `${a.baseUrl}/api/catalog/entities/by-name/component/default/replica-probe`,
          { headers: { authorization: `Bearer ${a.serviceToken}` } },
        );
        const entity = (await res.json()) as any;
        return entity.metadata?.description === 'second version'
          ? true
          : undefined;
      },
      { timeoutMs: 60_000, intervalMs: 250 },
    );
    const changedAt = Date.now();
    await waitFor(
      "B's gateway to answer with the change",
      async () => {
        const res = await gateway(b, ENTITY, vars);
        return res.body.data?.entity?.description === 'second version'
          ? true
          : undefined;
      },
      { timeoutMs: POLL_SECONDS * 1000 + POLL_SLACK_MS, intervalMs: 200 },
    );
    console.log(
      `B answered with the change ${
        Date.now() - changedAt
      } ms after the catalog held it`,
    );
  });

  test('the catalog change recorder (a global task) records a change once, not once per replica', async () => {
    // The probe was registered, and changed once by the test above. Once that change is recorded, one more,
    // through B: had both replicas recorded the first, its twin would be there by the time the second is.
    const recorded = (description: string) =>
      waitFor(
        `the ${description} to be recorded`,
        async () => {
          const items = await timelineOf(a, token);
          return items.some(e => e.detail?.includes(description))
            ? items
            : undefined;
        },
        { timeoutMs: 60_000, intervalMs: 500 },
      );
    await recorded('second version');
    await changeProbe(b, 'third version');
    const events = await recorded('third version');
    const titles = events.map(e => `${e.title}: ${e.detail}`).join('; ');
    const count = (match: (e: TimelineEvent) => boolean) =>
      events.filter(match).length;
    // Registered once, or not at all when the probe was ingested before the recorder's baseline.
    assert.ok(count(e => e.title === 'Registered in the catalog') <= 1, titles);
    assert.equal(
      count(e => !!e.detail?.includes('second version')),
      1,
      titles,
    );
    assert.equal(
      count(e => !!e.detail?.includes('third version')),
      1,
      titles,
    );
    assert.deepEqual(
      await timelineOf(b, token),
      events,
      'both replicas read the same record',
    );
  });

  test("a signal published on A reaches the user's WebSocket on B", async () => {
    const signals = await connectSignals(b.baseUrl, token, ['user-settings']);
    try {
      const key = `replicas-${Date.now()}`;
      await putSetting(key);
      const message = await waitFor(
        'the signal on B',
        async () =>
          signals.on('user-settings').find(m => m.key === key) ?? undefined,
        { timeoutMs: 15_000, intervalMs: 100 },
      );
      assert.deepEqual(message, { type: 'key-changed', key });
    } finally {
      signals.close();
    }
  });

  test("a compute action through A is announced once on B's signals WebSocket, and audited once", async () => {
    // Embedded default: each replica has its own simulated clusters, so this is A's; what is shared is the
    // signal (the events bus) and the audit (PostgreSQL).
    const channel = 'atrium:compute:component:default/payments-gateway';
    const app =
      '/api/compute/clusters/sim-eu-west/namespaces/team-payments/apps/payments-gateway-canary';
    const call = async (replica: Backend, path: string, body?: object) => {
      const res = await fetch(`${replica.baseUrl}${path}`, {
        method: body ? 'POST' : 'GET',
        headers: {
          authorization: `Bearer ${token}`,
          'content-type': 'application/json',
        },
        body: body && JSON.stringify(body),
      });
      return { status: res.status, body: (await res.json()) as any };
    };
    const signals = await connectSignals(b.baseUrl, token, [
      channel,
      'user-settings',
    ]);
    try {
      const scaled = await waitFor(
        "Alice's scale through A",
        async () => {
          const current = await call(a, app);
          if (current.status !== 200) return undefined; // A's clusters still listing
          const res = await call(a, `${app}/scale`, {
            resourceVersion: current.body.resourceVersion,
            replicas: current.body.spec.replicas,
          });
          if (res.status === 409) return undefined;
          assert.equal(res.status, 200, JSON.stringify(res.body));
          return res.body;
        },
        { timeoutMs: 30_000, intervalMs: 250 },
      );
      const auditId = scaled.record.id;
      const heard = await waitFor(
        'the signal on B',
        async () =>
          signals.on(channel).find(m => m.auditId === auditId) ?? undefined,
        { timeoutMs: 15_000, intervalMs: 100 },
      );
      assert.equal(heard.action, 'scale');
      const activity = await call(
        b,
        '/api/compute/components/default/payments-gateway/activity?limit=50',
      );
      assert.equal(activity.status, 200);
      assert.equal(
        activity.body.items.filter((r: any) => r.id === auditId).length,
        1,
      );
      // Heard once: the bus delivers in order, so a second delivery would come before a signal published after
      // the first was heard.
      await putSetting(`after-scale-${auditId}`);
      await waitFor(
        'the later signal on B',
        async () =>
          signals
            .on('user-settings')
            .some(m => m.key === `after-scale-${auditId}`) || undefined,
        { timeoutMs: 15_000, intervalMs: 100 },
      );
      assert.equal(
        signals.on(channel).filter(m => m.auditId === auditId).length,
        1,
      );
    } finally {
      signals.close();
    }
  });

  test('server-side rendering works on both replicas, with the cookie A set', async () => {
    for (const replica of [a, b]) {
      const page = await entityPage(replica);
      assert.equal(page.status, 200);
      assert.equal(page.headers.get('x-atrium-ssr'), 'entity');
      assert.match(await page.text(), /<h1>Payments Gateway<\/h1>/);
    }
  });

  test('with Redis stopped, answers stay right with no 5xx; caching resumes when it is back', async () => {
    const vars = { ref: 'component:default/payments-gateway' };
    const expected = (await gateway(a, ENTITY, vars)).body;
    assert.equal((await gateway(b, ENTITY, vars)).cache, 'hit');

    await redis.stop();
    const until = Date.now() + 10_000;
    let requests = 0;
    try {
      while (Date.now() < until) {
        for (const replica of [a, b]) {
          const started = Date.now();
          const res = await gateway(replica, ENTITY, vars);
          assert.equal(res.status, 200);
          assert.deepEqual(res.body, expected);
          assert.notEqual(
            res.cache,
            'hit',
            'nothing is served from a cache that is down',
          );
          assert.ok(
            Date.now() - started < 5_000,
            `answered in ${Date.now() - started} ms`,
          );
          const page = await entityPage(replica);
          assert.equal(page.status, 200);
          assert.equal(page.headers.get('x-atrium-ssr'), 'entity');
          assert.match(await page.text(), /<h1>Payments Gateway<\/h1>/);
          requests += 2;
        }
      }
    } finally {
      await redis.start();
    }
    console.log(`${requests} requests while Redis was down, none 5xx`);

    // Back: an answer made on one replica is served from the cache on the other again.
    await waitFor(
      'caching to resume across replicas',
      async () => {
        await gateway(a, ENTITY, vars);
        return (await gateway(b, ENTITY, vars)).cache === 'hit'
          ? true
          : undefined;
      },
      { timeoutMs: 15_000, intervalMs: 250 },
    );
  });

  test('the LDAP org sync (a global task) reads the directory once per interval across both replicas', async () => {
    await assertRunsOncePerInterval(counters.ldap);
    const user = await fetch(
      `${a.baseUrl}/api/catalog/entities/by-name/user/default/replica-ldap-user`,
      { headers: { authorization: `Bearer ${a.serviceToken}` } },
    );
    assert.equal(user.status, 200, `${LDAP_USER_REF} synced from slapd`);
  });

  test('the alert poll (a global task) reads Alertmanager once per interval across both replicas', async () => {
    await assertRunsOncePerInterval(counters.alerts);
  });

  test("the compute audit's retention (a global task) prunes once per interval across both replicas", async () => {
    await assertRunsOncePerInterval(counters.computeAudit);
  });

  test("the sign-in audit's retention (a global task) prunes once per interval across both replicas", async () => {
    await assertRunsOncePerInterval(counters.signInAudit);
  });
});
