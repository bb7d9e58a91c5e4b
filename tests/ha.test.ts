/**
 * Several replicas (issue 17): two Atrium replicas with the production config on one PostgreSQL and one Redis,
 * a test OpenID provider and the Kubernetes API simulator outside them, HAProxy in front (tests/lib/ha.ts,
 * started once for the file), as scripts/ha.sh starts it for a person, whose browser sign-in is checked too. And HAProxy's retry policy on its own, against stub servers: what it replays and
 * what it must never send twice.
 */
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { refreshSession, type SignedIn } from './lib/auth.ts';
import { launchChromium, openSignedIn } from './lib/browser.ts';
import { api, appPath, kubeGet } from './lib/compute.ts';
import { callGateway } from './lib/gateway.ts';
import { startHaStack, type HaStack } from './lib/ha.ts';
import {
  GATEWAY_PATH,
  READINESS_PATH,
  startHaproxy,
  type Haproxy,
} from './lib/ha/haproxy.ts';
import { waitFor } from './lib/proc.ts';

const ALICE_ENTITY =
  '/api/catalog/entities/by-name/user/default/alice.nakamura';

describe('two replicas behind HAProxy', { timeout: 300_000 }, () => {
  let stack: HaStack;
  /** Alice, signed in on replica-1 itself: her token was issued there. */
  let alice: SignedIn;

  before(async () => {
    stack = await startHaStack();
    alice = await stack.signIn('alice.nakamura', { via: stack.replicas[0] });
  });
  after(async () => {
    await stack?.stop();
  });

  test('both replicas are in the rotation and answer through HAProxy', async () => {
    assert.deepEqual(await stack.haproxy.serverStates(), {
      'replica-1': 'UP',
      'replica-2': 'UP',
    });
    const servedBy = new Set<string>();
    for (let i = 0; i < 4; i++) {
      const res = await fetch(stack.url + ALICE_ENTITY, {
        headers: { authorization: `Bearer ${alice.token}` },
      });
      assert.equal(res.status, 200);
      assert.equal(((await res.json()) as any).metadata.name, 'alice.nakamura');
      servedBy.add(res.headers.get('x-served-by')!);
    }
    assert.deepEqual([...servedBy].sort(), ['replica-1', 'replica-2']);
  });

  test('a user token issued by one replica is accepted by the other', async () => {
    const [, other] = stack.replicas;
    const without = await fetch(other.baseUrl + ALICE_ENTITY);
    assert.equal(without.status, 401);
    const res = await fetch(other.baseUrl + ALICE_ENTITY, {
      headers: { authorization: `Bearer ${alice.token}` },
    });
    assert.equal(res.status, 200, await res.clone().text());
    assert.equal(((await res.json()) as any).metadata.name, 'alice.nakamura');
  });

  test('a sign-in started on one replica finishes on the other: no stickiness needed', async () => {
    // The OIDC flow's state (openid-client's, in express-session) is in the auth plugin's database.
    const [first, second] = stack.replicas;
    const bob = await stack.signIn('bob.okafor', {
      via: first,
      callbackBaseUrl: second.baseUrl,
    });
    assert.equal(bob.identity.userEntityRef, 'user:default/bob.okafor');
  });

  test('a session survives the loss of the replica that issued it', async () => {
    const [issuer, survivor] = stack.replicas;
    const dmitri = await stack.signIn('dmitri.volkov', { via: issuer });
    await issuer.kill('SIGKILL');
    try {
      // At once, before the health checks notice: a request HAProxy sends to the dead replica fails to connect
      // and is sent to the other (a refresh is a POST; it is retried only because it never reached a replica).
      let cookie = dmitri.cookie;
      for (let i = 0; i < 2; i++) {
        const refreshed = await refreshSession(stack.url, cookie, 'production');
        assert.equal(refreshed.servedBy, survivor.name);
        assert.equal(
          refreshed.identity.userEntityRef,
          'user:default/dmitri.volkov',
        );
        const me = await api(
          stack.url,
          refreshed.token,
          '/api/catalog/entities/by-name/user/default/dmitri.volkov',
        );
        assert.equal(me.status, 200);
        cookie = refreshed.cookie;
      }
      await waitFor(
        'HAProxy to take the dead replica out',
        async () =>
          (await stack.haproxy.serverStates())[issuer.name] === 'DOWN'
            ? true
            : undefined,
        { timeoutMs: 10_000, intervalMs: 200 },
      );
    } finally {
      await issuer.start();
      await stack.haproxy.waitUntilUp();
    }
  });

  test('a person signs in through HAProxy in Chromium and sees Home', async () => {
    const browser = await launchChromium();
    try {
      const { page, problems } = await openSignedIn(
        browser,
        stack.url,
        'alice.nakamura',
      );
      await page
        .getByText('Welcome, Alice Nakamura')
        .first()
        .waitFor({ timeout: 30_000 });
      assert.deepEqual(problems, []);
    } finally {
      await browser.close();
    }
  });

  test('server-side rendering works on both replicas', async () => {
    // What the app does after sign-in: Backstage's user cookie, which the server renders the next page load for.
    const res = await fetch(`${stack.url}/api/app/.backstage/auth/v1/cookie`, {
      headers: { authorization: `Bearer ${alice.token}` },
    });
    assert.equal(res.status, 200);
    const cookie = res.headers.get('set-cookie')!.split(';')[0];
    for (const replica of stack.replicas) {
      // A replica's first render may miss the SSR budget while it warms up and serve the plain app; it renders soon.
      const html = await waitFor(
        `${replica.name} to render Home`,
        async () => {
          const page = await fetch(`${replica.baseUrl}/`, {
            headers: { accept: 'text/html', cookie },
          });
          return page.headers.get('x-atrium-ssr') === 'home'
            ? page.text()
            : undefined;
        },
        { timeoutMs: 20_000, intervalMs: 500 },
      );
      assert.match(html, /<div id="atrium-ssr"/);
      assert.match(html, /Welcome, Alice Nakamura/);
      const entity = await fetch(
        `${replica.baseUrl}/catalog/default/component/payments-gateway`,
        { headers: { accept: 'text/html', cookie } },
      );
      assert.equal(entity.headers.get('x-atrium-ssr'), 'entity', replica.name);
      assert.match(await entity.text(), /<h1>Payments Gateway<\/h1>/);
    }
  });

  test('the gateway refuses mutations, so HAProxy may replay its POSTs', async () => {
    // tests/lib/ha/haproxy.ts retries POST /api/graphql like a GET because every operation it runs is a read.
    const res = await callGateway(
      stack.url,
      alice.token,
      'mutation { __typename }',
    );
    assert.equal(res.body.data ?? undefined, undefined);
    assert.match(res.body.errors?.[0]?.message ?? '', /mutation/i);
  });

  test('a compute action sent once is applied once and audited once', async () => {
    const path =
      '/api/compute/clusters/sim-eu-west/namespaces/team-payments/apps/payments-gateway-canary';
    const inCluster = appPath('team-payments', 'payments-gateway-canary');
    const previous = await kubeGet(stack.simulator.eu, inCluster);
    const app = (await api(stack.url, alice.token, path)).body;
    const from = app.spec.replicas;
    const res = await api(stack.url, alice.token, `${path}/scale`, {
      method: 'POST',
      body: { resourceVersion: app.resourceVersion, replicas: from + 1 },
    });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    // HAProxy replays a request only before it answers, so a second write or audit would be there already.
    const afterwards = await kubeGet(stack.simulator.eu, inCluster);
    assert.equal(afterwards.spec.replicas, from + 1);
    assert.equal(
      afterwards.metadata.generation,
      previous.metadata.generation + 1,
    );
    const rows = await stack.postgres.query(
      'backstage_plugin_compute',
      `select count(*) from compute_audit where action = 'scale' and app = 'payments-gateway-canary'`,
    );
    assert.equal(Number(rows), 1);
    // Each replica's Activity shows it once.
    for (const replica of stack.replicas) {
      const activity = await api(
        replica.baseUrl,
        alice.token,
        '/api/compute/components/default/payments-gateway/activity',
      );
      assert.equal(activity.status, 200);
      assert.equal(
        activity.body.items.filter((r: any) => r.action === 'scale').length,
        1,
        replica.name,
      );
    }
  });
});

/** A stub upstream counting what reaches it, by request id. */
function stub(answer: (method: string, path: string) => number | 'drop') {
  const seen: string[] = [];
  const server = createServer((req, res) => {
    if (req.url === READINESS_PATH) {
      res.end('ok');
      return;
    }
    seen.push(String(req.headers['x-request-id']));
    const status = answer(req.method!, req.url!);
    if (status === 'drop') req.socket.destroy();
    else res.writeHead(status).end();
  });
  return { server, seen };
}

const listen = (server: Server) =>
  new Promise<number>(resolveListen =>
    server.listen(0, '127.0.0.1', () =>
      resolveListen((server.address() as AddressInfo).port),
    ),
  );

describe("HAProxy's retry policy", { timeout: 60_000 }, () => {
  // `failing` answers 503 (or closes the connection without an answer on /drop); `healthy` answers 200.
  const failing = stub((_m, path) => (path === '/drop' ? 'drop' : 503));
  const healthy = stub(() => 200);
  let haproxy: Haproxy;
  let dir: string;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'atrium-haproxy-retries-'));
    const [failingPort, healthyPort] = [
      await listen(failing.server),
      await listen(healthy.server),
    ];
    haproxy = await startHaproxy({
      name: 'ha-haproxy-retries',
      dir,
      upstreams: [
        { name: 'failing', port: failingPort },
        { name: 'healthy', port: healthyPort },
      ],
    });
    await haproxy.waitUntilUp();
  });
  after(async () => {
    await haproxy?.stop();
    failing.server.close();
    healthy.server.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  /** The status HAProxy answered, or 0 when it closed the connection without an answer. */
  const send = async (method: string, path: string, id: string) => {
    try {
      const res = await fetch(haproxy.url + path, {
        method,
        headers: { 'x-request-id': id },
        ...(method === 'POST' ? { body: '{}' } : {}),
      });
      await res.arrayBuffer();
      return res.status;
    } catch {
      return 0;
    }
  };

  /** Sends requests until one reaches the failing upstream (at most 6); returns each one's status. */
  const untilOneFails = async (method: string, path: string) => {
    const statuses = new Map<string, number>();
    for (let n = 1; n <= 6; n++) {
      const id = `${method} ${path} #${n}`;
      statuses.set(id, await send(method, path, id));
      if (failing.seen.includes(id)) return { statuses, failed: id };
    }
    throw new Error(`no ${method} ${path} reached the failing upstream`);
  };
  const reached = (id: string) =>
    [failing, healthy].filter(s => s.seen.includes(id)).length;

  // On /drop the failing upstream closes the connection without an answer. HAProxy then answers 502, or, when the
  // client's connection had carried earlier requests, closes it without an answer too (0), as the upstream did,
  // leaving a retry to the client as a browser would do on a keep-alive connection.
  for (const [path, what, failures] of [
    ['/api/x', 'a 503', [503]],
    ['/drop', 'no answer', [0, 502]],
  ] as const) {
    test(`a GET that got ${what} is retried on the other upstream; a POST that reached one never is`, async () => {
      const gets = await untilOneFails('GET', path);
      for (const [id, status] of gets.statuses) {
        assert.equal(status, 200, `${id} answered by the healthy upstream`);
      }
      assert.equal(reached(gets.failed), 2, `${gets.failed} was retried`);

      const posts = await untilOneFails('POST', path);
      assert.ok(
        (failures as readonly number[]).includes(
          posts.statuses.get(posts.failed)!,
        ),
        `${posts.failed}: ${posts.statuses.get(posts.failed)}`,
      );
      for (const id of posts.statuses.keys()) {
        assert.equal(reached(id), 1, `${id} was sent once`);
      }
    });
  }

  test('a POST to the GraphQL gateway (reads only) that got a 503 is retried on the other upstream', async () => {
    const posts = await untilOneFails('POST', GATEWAY_PATH);
    for (const [id, status] of posts.statuses) {
      assert.equal(status, 200, `${id} answered by the healthy upstream`);
    }
    assert.equal(reached(posts.failed), 2, `${posts.failed} was retried`);
  });
});
