/**
 * Faults in the HA stack (issue 17, item 5), started once for all cases (tests/lib/ha.ts): clients keep asking
 * through HAProxy while a piece is taken away, and every answer must stay right. Cheapest first: Redis stopped
 * for 30 s; a replica SIGKILLed under 50 clients for 60 s, while an owner scales two Apps and four signed-in users
 * keep refreshing their sessions (no compute action answered 2xx is lost or doubled, those in flight at the kill
 * are applied at most once and counted, and everyone is still signed in); PostgreSQL restarted while compute
 * actions and user-settings writes go on (none answered 2xx is lost); a rolling restart. Pages may come as the
 * plain app instead of server-rendered when the gateway misses SSR's budget under load (SSR's designed
 * fallback); they are counted.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { callGateway } from './lib/gateway.ts';
import { startHaStack, type HaStack } from './lib/ha.ts';
import {
  actionsReport,
  assertNoActionLost,
  checkActions,
  lastAuditId,
  readAudit,
  runActionStream,
  type ActionStream,
  type SentAction,
} from './lib/ha/computeActions.ts';
import { failures, runClients, summarise } from './lib/ha/load.ts';
import { BrowserReads, ENTITY, VARS } from './lib/ha/reads.ts';
import {
  refreshesReport,
  runRefreshes,
  stillSignedIn,
  type Session,
} from './lib/ha/sessions.ts';
import {
  checkSettingsWrites,
  runSettingsWrites,
} from './lib/ha/settingsWrites.ts';
import { sleep, waitFor } from './lib/proc.ts';

/** Alice's team's Apps that the compute actions scale (on-demand tier: 1-3 replicas each stay within its quota). */
const ACTION_APPS = {
  namespace: 'team-payments',
  apps: ['payments-gateway-canary', 'refunds-worker'],
  counts: [1, 2, 3],
};

describe('faults in the HA stack', { timeout: 600_000 }, () => {
  let stack: HaStack;
  let token: string;
  let cookie: string;
  let expected: unknown;
  /** Alice's session (signed in through HAProxy): her refresh cookie. */
  let alice: Session;
  /** The clients' reads as Alice. */
  let reader: BrowserReads;

  before(async () => {
    stack = await startHaStack();
    const signedIn = await stack.signIn('alice.nakamura');
    token = signedIn.token;
    alice = {
      login: 'alice.nakamura',
      cookie: signedIn.cookie,
      signedInVia: 'HAProxy',
    };
    const res = await fetch(`${stack.url}/api/app/.backstage/auth/v1/cookie`, {
      headers: { authorization: `Bearer ${token}` },
    });
    assert.equal(res.status, 200);
    cookie = res.headers.get('set-cookie')!.split(';')[0];
    expected = (await callGateway(stack.url, token, ENTITY, VARS)).body;
    reader = new BrowserReads({ url: stack.url, token, cookie, expected });
  });
  after(async () => {
    await stack?.stop();
  });

  /** Alice scales ACTION_APPS through HAProxy for `durationMs` (or until `until()`). */
  const computeActions = async (
    durationMs: number,
    until?: () => boolean,
    actions?: SentAction[],
  ) =>
    runActionStream({
      baseUrl: stack.url,
      token,
      cluster: stack.simulator.eu,
      ...ACTION_APPS,
      durationMs,
      until,
      actions,
      auditAfterId: await lastAuditId(stack.postgres),
    });

  /** Matches the actions with the cluster and the audit, and prints the summary (see assertNoActionLost). */
  const checkComputeActions = async (stream: ActionStream, when: string) => {
    const check = checkActions(stream, await readAudit(stack.postgres, stream));
    console.log(actionsReport(stream, check, when));
    return check;
  };

  const reads = (options: { noCacheHits?: () => boolean } = {}) =>
    reader.request(options);

  test('Redis stopped for 30 s: answers stay right with no 5xx and no stale hits; caching resumes', async () => {
    let redisDown = false;
    reader.plainApp = 0;
    await stack.redis.stop();
    redisDown = true;
    let outcomes;
    try {
      outcomes = await runClients({
        clients: 9,
        durationMs: 30_000,
        request: reads({ noCacheHits: () => redisDown }),
      });
    } finally {
      await stack.redis.start();
      redisDown = false;
    }
    console.log(
      `Redis down 30 s: ${summarise(outcomes)}; ${
        reader.plainApp
      } pages as the plain app`,
    );
    assert.equal(outcomes.filter(o => !o.ok).length, 0, failures(outcomes));
    assert.ok(outcomes.length > 30, `only ${outcomes.length} requests in 30 s`);
    // Back: an answer one replica made is served from the shared cache by the other.
    const [a, b] = stack.replicas;
    await waitFor(
      'caching to resume across replicas',
      async () => {
        await callGateway(a.baseUrl, token, ENTITY, VARS);
        return (await callGateway(b.baseUrl, token, ENTITY, VARS)).cache ===
          'hit'
          ? true
          : undefined;
      },
      { timeoutMs: 20_000, intervalMs: 250 },
    );
  });

  test('a replica SIGKILLed under 50 clients for 60 s: nothing sent after the kill fails, no compute action is lost or doubled, users stay signed in; it rejoins once restarted', async () => {
    const [victim, survivor] = stack.replicas;
    reader.plainApp = 0;
    // Users signed in before the kill: on the replica about to die (its session issued there), on the other one,
    // and through HAProxy (Alice, who also sends the compute actions).
    const sessions: Session[] = [alice];
    for (const [login, via] of [
      ['ravi.subramanian', victim],
      ['bob.okafor', survivor],
      ['dmitri.volkov', undefined],
    ] as const) {
      const { cookie: session } = await stack.signIn(login, { via });
      sessions.push({
        login,
        cookie: session,
        signedInVia: via?.name ?? 'HAProxy',
      });
    }
    const started = Date.now();
    const run = runClients({
      clients: 50,
      durationMs: 60_000,
      request: reads(),
    });
    const sent: SentAction[] = [];
    const actions = computeActions(60_000, undefined, sent);
    const refreshes = runRefreshes({
      baseUrl: stack.url,
      sessions,
      durationMs: 60_000,
    });
    // Mid-run, while the clients' requests are in flight on both replicas: 10 s in, and once a compute action has
    // been applied (on a loaded machine the first can take longer), so the kill falls inside the action stream.
    await sleep(10_000);
    await waitFor(
      'a compute action applied before the kill',
      async () => (sent.some(a => a.status === 200) ? true : undefined),
      { timeoutMs: 20_000, intervalMs: 100 },
    );
    const killedAt = Date.now() - started;
    await victim.kill('SIGKILL');
    // The victim comes back even when a check below fails, so the next cases have both replicas.
    let restarted = false;
    try {
      const [outcomes, stream, refreshed] = await Promise.all([
        run,
        actions,
        refreshes,
      ]);
      // Everything measured is printed first, then checked.
      console.log(
        `${victim.name} SIGKILLed at ${killedAt} ms of 60 s: ${summarise(
          outcomes,
        )}; ${reader.plainApp} pages as the plain app`,
      );
      const check = await checkComputeActions(
        stream,
        `${victim.name} SIGKILLed at ${killedAt} ms`,
      );
      // Everyone signed in before the kill still is, whichever replica issued their session (the victim is still
      // down: their refresh goes to the survivor).
      const signedOut = await stillSignedIn(stack.url, sessions);
      console.log(refreshesReport(sessions, refreshed, signedOut));

      // Every request is a read, the gateway's POSTs included (HAProxy replays them: tests/lib/ha/haproxy.ts), so
      // those the dead replica had received and not begun to answer are answered by the survivor. An answer it had
      // begun (HAProxy logs SD--: status and headers sent, body cut) cannot be replayed by any proxy; only those,
      // sent before the kill, may fail. Nothing sent afterwards may. (A client sends a request again when its
      // kept-alive connection to HAProxy closed before any answer, as browsers do; the summary counts those.)
      const lost = outcomes.filter(o => !o.ok);
      const afterKill = lost.filter(o => o.at > killedAt);
      const abnormal = stack.haproxy.abnormalRequests().join('\n');
      assert.equal(
        afterKill.length,
        0,
        `${failures(
          afterKill,
        )}\nHAProxy's requests that did not end normally:\n${abnormal}`,
      );
      assert.ok(lost.length <= 50, `at most one per client: ${failures(lost)}`);
      const servedBy = new Set(outcomes.map(o => o.servedBy));
      assert.ok(servedBy.has(victim.name) && servedBy.has(survivor.name));

      // Compute actions: a POST is never replayed, so one in flight on the victim at the kill may have no answer
      // (or HAProxy's 502); it was applied at most once. Every one answered 2xx was applied and audited once.
      assertNoActionLost(check);
      assert.ok(
        check.unanswered.length <= ACTION_APPS.apps.length,
        'at most one action per client in flight at the kill',
      );
      const answered = stream.actions.filter(a => a.status === 200);
      assert.ok(
        answered.some(a => a.at < killedAt) &&
          answered.some(a => a.at > killedAt + 2_000),
        `actions applied before the kill and after it: answered at ${answered
          .map(a => a.at)
          .join(', ')} ms (the kill at ${killedAt} ms)`,
      );

      assert.deepEqual(signedOut, [], 'users signed out by the kill');
      for (const { login } of sessions) {
        assert.ok(
          refreshed.filter(r => !r.ok && r.login === login).length <= 1,
          `at most one refresh of ${login}'s in flight at the kill`,
        );
      }

      assert.equal(
        (await stack.haproxy.serverStates())[victim.name],
        'DOWN',
        'HAProxy took it out',
      );

      await victim.start();
      await stack.haproxy.waitUntilUp();
      restarted = true;
      const back = await runClients({
        clients: 2,
        durationMs: 2_000,
        request: reads(),
      });
      assert.equal(back.filter(o => !o.ok).length, 0, failures(back));
      assert.ok(
        back.some(o => o.servedBy === victim.name),
        summarise(back),
      );
    } finally {
      if (!restarted) {
        await victim.start().catch(() => {});
        await stack.haproxy.waitUntilUp().catch(() => {});
      }
    }
  });

  test('PostgreSQL restarted under 9 clients and writes: both replicas recover by themselves within 10 s of its return; no write answered 2xx is lost', async () => {
    reader.plainApp = 0;
    const started = Date.now();
    // The clients and the writes go on 25 s, and at least 12 s after PostgreSQL is back (its restart takes longer
    // on a busy machine), so that what comes 10 s after its return is checked.
    // When PostgreSQL is back (ms since the start), once it is: set after the clients start, read by `until`.
    const postgres: { backAt?: number } = {};
    const until = () =>
      postgres.backAt !== undefined &&
      Date.now() - started > Math.max(25_000, postgres.backAt + 12_000);
    const run = runClients({
      clients: 9,
      durationMs: 90_000,
      request: reads(),
      until,
    });
    // Writes kept in PostgreSQL, before, during and after: compute actions (their audit) and user settings.
    const actions = computeActions(90_000, until);
    const writes = runSettingsWrites({
      baseUrl: stack.url,
      token,
      prefix: `pg-restart-${started}`,
      durationMs: 90_000,
      until,
    });
    await sleep(5_000);
    const downAt = Date.now() - started;
    await stack.postgres.restart();
    const backAt = Date.now() - started;
    postgres.backAt = backAt;
    const [outcomes, stream, settings] = await Promise.all([
      run,
      actions,
      writes,
    ]);
    // Everything measured is printed first, then checked.
    console.log(
      `PostgreSQL down from ${downAt} to ${backAt} ms: ${summarise(
        outcomes,
      )}; ${reader.plainApp} pages as the plain app\n${failures(outcomes)}`,
    );
    const check = await checkComputeActions(
      stream,
      `PostgreSQL down from ${downAt} to ${backAt} ms`,
    );
    const settingsCheck = await checkSettingsWrites(stack.url, token, settings);
    console.log(
      `PostgreSQL restarted: ${settingsCheck.summary}${settingsCheck.problems
        .map(p => `\n  ${p}`)
        .join('')}`,
    );

    // While it is down, what needs it may fail; 10 s after it is back, nothing may.
    const late = outcomes.filter(o => !o.ok && o.at > backAt + 10_000);
    assert.equal(late.length, 0, failures(late));
    assert.ok(outcomes.some(o => o.ok && o.at > backAt + 10_000));
    assert.deepEqual(await stack.haproxy.serverStates(), {
      'replica-1': 'UP',
      'replica-2': 'UP',
    });

    // Every write answered 2xx is there afterwards; one refused while PostgreSQL was down got an error status
    // (an answer: none is left without one), and may or may not have been applied (counted).
    assertNoActionLost(check);
    assert.deepEqual(
      settingsCheck.problems,
      [],
      `settings writes answered 2xx and lost:\n${settingsCheck.problems.join(
        '\n',
      )}`,
    );
    const unanswered = [
      ...check.unanswered.filter(a => a.status === 0),
      ...settings.filter(w => w.status === 0),
    ];
    assert.deepEqual(unanswered, [], 'every write got an answer');
    // The writes spanned the restart: some were accepted before it and some after.
    for (const [what, sent] of [
      ['compute actions', stream.actions],
      ['settings writes', settings],
    ] as const) {
      const ok = sent.filter(w => w.status >= 200 && w.status < 300);
      assert.ok(
        ok.some(w => w.at < downAt) && ok.some(w => w.at > backAt),
        `${what} accepted before and after the restart`,
      );
    }
  });

  test('a rolling restart under 20 clients (SIGTERM, start, one replica at a time): no request fails', async () => {
    reader.plainApp = 0;
    let restarting = true;
    const run = runClients({
      clients: 20,
      durationMs: 180_000,
      request: reads(),
      until: () => !restarting,
    });
    const timings: string[] = [];
    try {
      for (const replica of stack.replicas) {
        const t0 = Date.now();
        await replica.stop();
        const stopped = Date.now() - t0;
        await replica.start();
        await stack.haproxy.waitUntilUp();
        timings.push(
          `${replica.name}: stopped in ${stopped} ms, back in ${
            Date.now() - t0
          } ms`,
        );
      }
    } finally {
      restarting = false;
    }
    const outcomes = await run;
    console.log(
      `rolling restart (${timings.join('; ')}): ${summarise(outcomes)}; ${
        reader.plainApp
      } pages as the plain app`,
    );
    assert.equal(outcomes.filter(o => !o.ok).length, 0, failures(outcomes));
  });
});
