/**
 * Faults in the HA stack (issue 17, item 5), started once for all cases (tests/lib/ha.ts): clients keep asking
 * through HAProxy while a piece is taken away, and every answer must stay right. Cheapest first: Redis stopped
 * for 30 s; then a replica SIGKILLed under 50 clients for 60 s. Pages may come as the plain app instead of
 * server-rendered when the gateway misses SSR's budget under load (SSR's designed fallback); they are counted.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { callGateway } from './lib/gateway.ts';
import { startHaStack, type HaStack } from './lib/ha.ts';
import {
  failures,
  runClients,
  summarise,
  type ClientRequest,
} from './lib/ha/load.ts';
import { waitFor } from './lib/proc.ts';

const ENTITY = `query Probe($ref: String!) { entity(ref: $ref) { name description owner { ref } } }`;
const VARS = { ref: 'component:default/payments-gateway' };
const PAGE = '/catalog/default/component/payments-gateway';
const CATALOG =
  '/api/catalog/entities/by-name/component/default/payments-gateway';

describe('faults in the HA stack', { timeout: 600_000 }, () => {
  let stack: HaStack;
  let token: string;
  let cookie: string;
  let expected: unknown;

  before(async () => {
    stack = await startHaStack();
    ({ token } = await stack.signIn('alice.nakamura'));
    const res = await fetch(`${stack.url}/api/app/.backstage/auth/v1/cookie`, {
      headers: { authorization: `Bearer ${token}` },
    });
    assert.equal(res.status, 200);
    cookie = res.headers.get('set-cookie')!.split(';')[0];
    expected = (await callGateway(stack.url, token, ENTITY, VARS)).body;
  });
  after(async () => {
    await stack?.stop();
  });

  /** Pages that came as the plain app rather than server-rendered, since the last reset. */
  let plainApp = 0;

  /** A read a browser makes, in turn per client: the gateway (a POST), a server-rendered page, the catalog. */
  const reads =
    (options: { noCacheHits?: () => boolean } = {}): ClientRequest =>
    client => {
      const signal = () => AbortSignal.timeout(15_000);
      const auth = { authorization: `Bearer ${token}` };
      switch (client % 3) {
        case 0: {
          return {
            what: 'POST /api/graphql',
            send: () =>
              fetch(`${stack.url}/api/graphql`, {
                method: 'POST',
                headers: { ...auth, 'content-type': 'application/json' },
                body: JSON.stringify({ query: ENTITY, variables: VARS }),
                signal: signal(),
              }),
            check: async r => {
              const body = await r.json();
              if (JSON.stringify(body) !== JSON.stringify(expected))
                return `body ${JSON.stringify(body).slice(0, 200)}`;
              if (
                options.noCacheHits?.() &&
                r.headers.get('x-atrium-cache') === 'hit'
              )
                return 'a cache hit while Redis is down';
              return undefined;
            },
          };
        }
        case 1: {
          return {
            what: `GET ${PAGE}`,
            send: () =>
              fetch(stack.url + PAGE, {
                headers: { accept: 'text/html', cookie },
                signal: signal(),
              }),
            check: async r => {
              const html = await r.text();
              if (r.headers.get('x-atrium-ssr') === 'entity') {
                return html.includes('<h1>Payments Gateway</h1>')
                  ? undefined
                  : 'rendered without its heading';
              }
              // SSR's own fallback when the gateway misses its budget (atrium.ssr.timeoutMs) under load: the plain
              // app, which renders the page in the browser. Right, if slower; counted.
              plainApp += 1;
              return html.includes('<script type="backstage.io/config">')
                ? undefined
                : 'neither rendered nor the app';
            },
          };
        }
        default: {
          return {
            what: `GET ${CATALOG}`,
            send: () =>
              fetch(stack.url + CATALOG, { headers: auth, signal: signal() }),
            check: async r =>
              ((await r.json()) as any).metadata?.name === 'payments-gateway'
                ? undefined
                : 'wrong entity',
          };
        }
      }
    };

  test('Redis stopped for 30 s: answers stay right with no 5xx and no stale hits; caching resumes', async () => {
    let redisDown = false;
    plainApp = 0;
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
      `Redis down 30 s: ${summarise(
        outcomes,
      )}; ${plainApp} pages as the plain app`,
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

  test('a replica SIGKILLed under 50 clients for 60 s: nothing sent after the kill fails; it rejoins once restarted', async () => {
    const [victim, survivor] = stack.replicas;
    plainApp = 0;
    const started = Date.now();
    const run = runClients({
      clients: 50,
      durationMs: 60_000,
      request: reads(),
    });
    // Mid-run, while the clients' requests are in flight on both replicas.
    await new Promise(r => setTimeout(r, 10_000));
    const killedAt = Date.now() - started;
    await victim.kill('SIGKILL');
    const outcomes = await run;
    // Every request is a read, the gateway's POSTs included (HAProxy replays them: tests/lib/ha/haproxy.ts), so
    // those the dead replica had received and not begun to answer are answered by the survivor. An answer it had
    // begun (HAProxy logs SD--: status and headers sent, body cut) cannot be replayed by any proxy; only those,
    // sent before the kill, may fail. Nothing sent afterwards may.
    const lost = outcomes.filter(o => !o.ok);
    console.log(
      `${victim.name} SIGKILLed at ${killedAt} ms of 60 s: ${summarise(
        outcomes,
      )}; ${plainApp} pages as the plain app`,
    );
    const afterKill = lost.filter(o => o.at > killedAt);
    assert.equal(afterKill.length, 0, failures(afterKill));
    assert.ok(lost.length <= 50, `at most one per client: ${failures(lost)}`);
    const servedBy = new Set(outcomes.map(o => o.servedBy));
    assert.ok(servedBy.has(victim.name) && servedBy.has(survivor.name));
    assert.equal(
      (await stack.haproxy.serverStates())[victim.name],
      'DOWN',
      'HAProxy took it out',
    );

    await victim.start();
    await stack.haproxy.waitUntilUp();
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
  });

  test('PostgreSQL restarted under 9 clients: both replicas recover by themselves within 10 s of its return', async () => {
    plainApp = 0;
    const started = Date.now();
    const run = runClients({
      clients: 9,
      durationMs: 25_000,
      request: reads(),
    });
    await new Promise(r => setTimeout(r, 5_000));
    const downAt = Date.now() - started;
    await stack.postgres.restart();
    const backAt = Date.now() - started;
    const outcomes = await run;
    console.log(
      `PostgreSQL down from ${downAt} to ${backAt} ms of 25 s: ${summarise(
        outcomes,
      )}; ${plainApp} pages as the plain app\n${failures(outcomes)}`,
    );
    // While it is down, what needs it may fail; 10 s after it is back, nothing may.
    const late = outcomes.filter(o => !o.ok && o.at > backAt + 10_000);
    assert.equal(late.length, 0, failures(late));
    assert.ok(outcomes.some(o => o.ok && o.at > backAt + 10_000));
    assert.deepEqual(await stack.haproxy.serverStates(), {
      'replica-1': 'UP',
      'replica-2': 'UP',
    });
  });

  test('a rolling restart under 20 clients (SIGTERM, start, one replica at a time): no request fails', async () => {
    plainApp = 0;
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
      `rolling restart (${timings.join('; ')}): ${summarise(
        outcomes,
      )}; ${plainApp} pages as the plain app`,
    );
    assert.equal(outcomes.filter(o => !o.ok).length, 0, failures(outcomes));
  });
});
