import net from 'node:net';
import { mockServices } from '@backstage/backend-test-utils';
import {
  createKubeSimulator,
  type KubeSimulator,
  type ListeningServer,
} from '@atrium/kube-simulator';
import type { ClusterResult } from '@atrium/plugin-compute-common';
import { ClusterSet } from './ClusterSet';
import { TEST_CLUSTER_SEED } from './testing/seed';

// The Kubernetes API simulator (packages/kube-simulator, not a cluster) in this process, behind a TCP proxy
// the test can pause (connections held, as a network that stops forwarding) or close (connection refused).
const TOKEN = 'cache-test-token';
const G = '/apis/compute.atrium.dev/v1alpha1';
const NS = 'team-payments';

jest.setTimeout(30_000);

/** A loopback TCP proxy to `target`: `hold()` cuts every connection and holds new ones until `open()`; `close()` refuses. */
async function tcpProxy(target: number) {
  const pairs = new Set<net.Socket>();
  const held: net.Socket[] = [];
  let holding = false;
  const pipe = (client: net.Socket) => {
    const upstream = net.connect(target, '127.0.0.1');
    client.pipe(upstream).pipe(client);
    for (const s of [client, upstream]) {
      pairs.add(s);
      s.on('error', () => undefined);
      s.on('close', () => {
        pairs.delete(s);
        client.destroy();
        upstream.destroy();
      });
    }
  };
  const server = net.createServer(client => {
    client.on('error', () => undefined);
    if (holding) held.push(client);
    else pipe(client);
  });
  const listen = (port = 0) =>
    new Promise<number>(resolve =>
      server.listen(port, '127.0.0.1', () =>
        resolve((server.address() as net.AddressInfo).port),
      ),
    );
  const port = await listen();
  const cut = () => {
    for (const s of [...pairs, ...held.splice(0)]) s.destroy();
  };
  return {
    url: `http://127.0.0.1:${port}`,
    hold() {
      holding = true;
      cut();
    },
    async open() {
      holding = false;
      if (!server.listening) await listen(port);
      for (const client of held.splice(0)) pipe(client);
    },
    async close() {
      await new Promise(resolve => {
        server.close(resolve);
        cut();
      });
    },
  };
}

/** Polls `fn` every 25 ms until it gives a value, at most `ms`. */
async function eventually<T>(
  fn: () => Promise<T | undefined>,
  ms = 10_000,
): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await fn();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`not within ${ms} ms`);
    await new Promise(r => setTimeout(r, 25));
  }
}

describe('the compute cache (informers of a simulated cluster)', () => {
  let simulator: KubeSimulator;
  let direct: ListeningServer;
  let proxy: Awaited<ReturnType<typeof tcpProxy>>;
  let clusters: ClusterSet | undefined;
  let logger: ReturnType<typeof mockServices.logger.mock>;

  /** A write straight to the cluster, as kubectl would: not through Atrium. */
  const kube = async (method: string, url: string, body?: unknown) => {
    const res = await fetch(`${direct.url}${url}`, {
      method,
      headers: {
        authorization: `Bearer ${TOKEN}`,
        'content-type': 'application/json',
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const json = await res.json();
    if (res.status >= 300) throw new Error(`${method} ${url}: ${res.status}`);
    return json;
  };
  const setReplicas = async (replicas: number) => {
    const app = await kube(
      'GET',
      `${G}/namespaces/${NS}/apps/payments-gateway`,
    );
    app.spec.replicas = replicas;
    await kube('PUT', `${G}/namespaces/${NS}/apps/payments-gateway`, app);
  };

  const start = (heartbeatMs = 60_000) => {
    logger = mockServices.logger.mock();
    clusters = new ClusterSet(
      {
        requestTimeoutMs: 1000,
        cache: { heartbeatMs, watchTimeoutSeconds: 60, catalogTtlMs: 0 },
        clusters: [
          {
            name: 'sim-test',
            url: proxy.url,
            auth: { type: 'serviceAccountToken', token: TOKEN },
            skipTLSVerify: true,
          },
        ],
      },
      logger,
    );
    clusters.start();
    return clusters;
  };
  /** The cluster's part of a read of payments-gateway's replicas and the team's namespaces. */
  const read = async (): Promise<
    ClusterResult<{ replicas?: number; namespaces: string[] }>
  > => {
    const [part] = await clusters!.fanOut(async c => ({
      replicas: (await c.app(NS, 'payments-gateway'))?.spec.replicas,
      namespaces: await c.teamNamespaces('team-payments'),
    }));
    return part;
  };

  beforeEach(async () => {
    simulator = createKubeSimulator({
      token: TOKEN,
      clusters: [{ name: 'sim-test', seed: [TEST_CLUSTER_SEED] }],
      autoStart: false,
      // Little history, so a watch resuming after a few changes gets 410 Expired.
      watchHistorySize: 3,
    });
    direct = await simulator.cluster('sim-test').listen();
    proxy = await tcpProxy(direct.port);
  });

  afterEach(async () => {
    await clusters?.stop();
    clusters = undefined;
    await proxy.close();
    await simulator.stop();
  });

  it('shows a change made in the cluster in the next read, a new team namespace too', async () => {
    start();
    expect(await read()).toMatchObject({ ok: true, replicas: 2 });
    await setReplicas(5);
    await kube('POST', '/api/v1/namespaces', {
      metadata: {
        name: 'team-payments-batch',
        labels: { 'compute.atrium.dev/team': 'team-payments' },
      },
    });
    const part = await eventually(async () => {
      const r = await read();
      return r.ok && r.replicas === 5 && r.namespaces.length === 2
        ? r
        : undefined;
    });
    expect(part).toEqual({
      cluster: { name: 'sim-test' },
      ok: true,
      replicas: 5,
      namespaces: ['team-payments', 'team-payments-batch'],
    });
  });

  it('resyncs when its watch breaks and the cluster has moved past the watch history (410 Expired)', async () => {
    start();
    expect(await read()).toMatchObject({ ok: true, replicas: 2 });
    // The network stops forwarding: every watch breaks, and its reconnection waits.
    proxy.hold();
    for (const replicas of [3, 4, 5, 6, 7, 8]) await setReplicas(replicas);
    await kube('DELETE', `${G}/namespaces/${NS}/apps/ledger-service`);
    await proxy.open();
    // The watch resumes from a resourceVersion the cluster no longer has: 410, then a fresh list.
    const part = await eventually(async () => {
      const r = await read();
      return r.ok && r.replicas === 8 && !r.stale ? r : undefined;
    });
    expect(part).toMatchObject({ ok: true, replicas: 8 });
    // The Apps' informer resumed its watch and relisted at the 410 by itself: its feed never failed (others
    // may have seen the connection reset instead, and listed afresh).
    expect((logger.warn as jest.Mock).mock.calls.flat().join('\n')).not.toMatch(
      /sim-test apps failed/,
    );
    const [apps] = await clusters!.fanOut(async c => ({
      names: (await c.apps(NS)).map(a => a.metadata.name).sort(),
    }));
    expect(apps.ok && apps.names).not.toContain('ledger-service');
    expect(apps.ok && apps.names).toContain('payments-gateway');
  });

  it('reports a cluster that goes away as stale, with its last known state and since when, until it is back', async () => {
    start(200);
    expect(await read()).toMatchObject({ ok: true, replicas: 2 });
    const before = Date.now();
    await proxy.close();
    const stale = await eventually(async () => {
      const r = await read();
      return r.ok && r.stale ? r : undefined;
    });
    expect(stale).toMatchObject({
      ok: true,
      replicas: 2,
      stale: { reason: 'Unreachable' },
    });
    const since = Date.parse(stale.ok ? stale.stale!.since : '');
    expect(since).toBeGreaterThanOrEqual(before);
    expect(since).toBeLessThanOrEqual(Date.now());
    // Meanwhile the cluster changed; once it answers again, the read is current and no longer stale.
    await setReplicas(6);
    await proxy.open();
    const back = await eventually(async () => {
      const r = await read();
      return r.ok && !r.stale && r.replicas === 6 ? r : undefined;
    });
    expect(back).toMatchObject({ ok: true, replicas: 6 });
  });

  it('answers with the error, not an empty cache, for a cluster never reached since start', async () => {
    await proxy.close();
    start();
    expect(await read()).toMatchObject({
      ok: false,
      error: { reason: 'Unreachable' },
    });
  });
});
