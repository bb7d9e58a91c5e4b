import http from 'node:http';
import {
  ERROR_RATIO_ANNOTATION,
  LATENCY_BUCKETS,
  latencyShare,
  meanLatency,
  renderMetrics,
  trafficFactor,
  trafficProfile,
  WorkloadMetrics,
} from './metrics';
import { createKubeSimulatorRouter } from './plugin';
import {
  createKubeSimulator,
  KubeSimulator,
  listenOn,
  SimulatedCluster,
} from './simulator';
import { NS, SEED, TOKEN, until } from './__testUtils__/client';
import {
  parseExposition,
  total,
  type ParsedSample,
} from './__testUtils__/exposition';
import { ready } from './__testUtils__/suite';

describe('simulated workload metrics', () => {
  let simulator: KubeSimulator;
  let cluster: SimulatedCluster;

  const metrics = () => parseExposition(renderMetrics([cluster])).samples;
  const app = (name: string) =>
    cluster.list('apps', NS).find(a => a.metadata.name === name)!;
  const podsOf = (name: string) =>
    cluster
      .list('pods', NS)
      .filter(p => p.metadata.labels?.['compute.atrium.dev/app'] === name);
  const patchApp = (name: string, body: object) =>
    cluster.state.patch(
      cluster.state.customType('apps'),
      NS,
      name,
      'application/merge-patch+json',
      body,
    );
  /** Requests served over `ticks` one-second ticks from simulated second `from`, per pod. */
  const perPodRequests = (name: string, from: number, ticks: number) => {
    const profile = trafficProfile(app(name));
    let sum = 0;
    for (let t = from; t < from + ticks; t++)
      sum += profile.requestsPerPod * trafficFactor(t, profile.phase);
    return sum;
  };
  const gateway = { component: 'payments-gateway' };
  const requests = (samples: ParsedSample[], code?: string) =>
    total(
      samples,
      'http_requests_total',
      code ? { ...gateway, code } : gateway,
    );

  beforeEach(() => {
    simulator = createKubeSimulator({
      token: TOKEN,
      clusters: [{ name: 'sim-test', seed: [SEED] }],
      autoStart: false,
      readyAfterTicks: 2,
    });
    cluster = simulator.cluster('sim-test');
  });

  afterEach(() => simulator.stop());

  it("exposes each family once, every App's series labelled with its component, cluster, namespace and App", () => {
    cluster.tick();
    const { types, samples } = parseExposition(renderMetrics([cluster]));
    expect(Object.fromEntries(types)).toEqual({
      http_requests_total: 'counter',
      http_request_duration_seconds: 'histogram',
      container_cpu_usage_seconds_total: 'counter',
      container_memory_working_set_bytes: 'gauge',
      kube_pod_container_status_restarts_total: 'counter',
    });
    const series = samples.filter(s => s.name === 'http_requests_total');
    expect(series.map(s => [s.labels.component, s.labels.code]).sort()).toEqual(
      ['ledger-service', 'payments-gateway'].flatMap(c =>
        ['200', '500', '503'].map(code => [c, code]),
      ),
    );
    for (const s of series) {
      expect(s.labels).toMatchObject({ cluster: 'sim-test', namespace: NS });
      expect(s.labels.app).toBe(s.labels.component);
    }
  });

  it('counts requests in proportion to the ready pods, a small share of them 500', () => {
    for (let i = 0; i < 20; i++) cluster.tick();
    let samples = metrics();
    // Both pods were ready from the start (seeded Apps converge at once).
    const expected = 2 * perPodRequests('payments-gateway', 0, 20);
    expect(Math.abs(requests(samples) - expected)).toBeLessThanOrEqual(3);
    const share = requests(samples, '500') / requests(samples);
    expect(share).toBeLessThan(0.02);
    expect(requests(samples, '503')).toBe(0);

    patchApp('payments-gateway', { spec: { replicas: 4 } });
    const ticks = until(
      () => cluster.tick(),
      () => podsOf('payments-gateway').filter(ready).length === 4,
      10,
    );
    const before = requests(metrics());
    const from = 20 + ticks;
    for (let i = 0; i < 20; i++) cluster.tick();
    samples = metrics();
    expect(
      Math.abs(
        requests(samples) -
          before -
          4 * perPodRequests('payments-gateway', from, 20),
      ),
    ).toBeLessThanOrEqual(3);
  });

  it('answers 503 from crash-looping pods, and slows down while they do', () => {
    for (let i = 0; i < 10; i++) cluster.tick();
    const healthy = metrics();
    const latency = (s: ParsedSample[]) =>
      total(s, 'http_request_duration_seconds_sum', gateway) /
      total(s, 'http_request_duration_seconds_count', gateway);

    cluster.markBadImage(
      'registry.test/payments/payments-gateway',
      '2.5.0-rc.1',
    );
    patchApp('payments-gateway', { spec: { version: '2.5.0-rc.1' } });
    until(
      () => cluster.tick(),
      () =>
        podsOf('payments-gateway').some(
          p => (p.status as any).containerStatuses[0].restartCount > 0,
        ),
      10,
    );
    const start = metrics();
    for (let i = 0; i < 20; i++) cluster.tick();
    const end = metrics();
    // The rollout stalls: two old pods serve, one new pod crash-loops and answers 503 to its share.
    expect(podsOf('payments-gateway').filter(ready)).toHaveLength(2);
    const served = requests(end) - requests(start);
    const unavailable = requests(end, '503') - requests(start, '503');
    expect(unavailable / served).toBeCloseTo(1 / 3, 1);
    const during =
      (total(end, 'http_request_duration_seconds_sum', gateway) -
        total(start, 'http_request_duration_seconds_sum', gateway)) /
      (total(end, 'http_request_duration_seconds_count', gateway) -
        total(start, 'http_request_duration_seconds_count', gateway));
    expect(during).toBeGreaterThan(1.5 * latency(healthy));
    expect(
      total(end, 'kube_pod_container_status_restarts_total', gateway),
    ).toBeGreaterThan(
      total(start, 'kube_pod_container_status_restarts_total', gateway),
    );
  });

  it(`answers 500 to the share of requests the ${ERROR_RATIO_ANNOTATION} annotation sets`, () => {
    patchApp('payments-gateway', {
      metadata: { annotations: { [ERROR_RATIO_ANNOTATION]: '0.25' } },
    });
    for (let i = 0; i < 40; i++) cluster.tick();
    const samples = metrics();
    expect(requests(samples, '500') / requests(samples)).toBeCloseTo(0.25, 2);
  });

  it('charges CPU and memory to ready pods, a share of their main container requests', () => {
    for (let i = 0; i < 30; i++) cluster.tick();
    const samples = metrics();
    const profile = trafficProfile(app('payments-gateway'));
    const pods = podsOf('payments-gateway');
    expect(pods).toHaveLength(2);
    for (const pod of pods) {
      const labels = { pod: pod.metadata.name, container: 'payments-gateway' };
      let cpu = 0;
      for (let t = 0; t < 30; t++)
        cpu += 0.5 * profile.cpuUtilization * trafficFactor(t, profile.phase);
      expect(
        total(samples, 'container_cpu_usage_seconds_total', labels),
      ).toBeCloseTo(cpu, 6);
      expect(total(samples, 'container_memory_working_set_bytes', labels)).toBe(
        Math.round(512 * 2 ** 20 * profile.memoryUtilization),
      );
    }
  });

  it('keeps histogram buckets cumulative, +Inf equal to the count', () => {
    for (let i = 0; i < 15; i++) cluster.tick();
    const samples = metrics();
    const buckets = samples.filter(
      s =>
        s.name === 'http_request_duration_seconds_bucket' &&
        s.labels.component === 'payments-gateway',
    );
    expect(buckets.map(b => b.labels.le)).toEqual([
      ...LATENCY_BUCKETS.map(String),
      '+Inf',
    ]);
    for (let i = 1; i < buckets.length; i++)
      expect(buckets[i].value).toBeGreaterThanOrEqual(buckets[i - 1].value);
    expect(buckets[buckets.length - 1].value).toBe(
      total(samples, 'http_request_duration_seconds_count', gateway),
    );
    expect(buckets[buckets.length - 1].value).toBeGreaterThan(0);
  });

  it('gives the same numbers every run', async () => {
    const run = async () => {
      const sim = createKubeSimulator({
        token: TOKEN,
        clusters: [{ name: 'sim-test', seed: [SEED] }],
        autoStart: false,
      });
      for (let i = 0; i < 10; i++) sim.cluster('sim-test').tick();
      const text = renderMetrics(sim.clusters.values()).replace(
        /pod="[^"]+"/g,
        'pod',
      );
      await sim.stop();
      return text;
    };
    expect(await run()).toEqual(await run());
  });

  it('escapes label values', () => {
    const fake = {
      collect: () =>
        new Map([
          [
            'http_requests_total',
            [
              {
                name: 'http_requests_total',
                labels: { component: 'a"b\\c\nd' },
                value: 1,
              },
            ],
          ],
        ]),
    } as unknown as WorkloadMetrics;
    const text = renderMetrics([{ metrics: fake }]);
    expect(text).toContain(
      'http_requests_total{component="a\\"b\\\\c\\nd"} 1\n',
    );
    expect(parseExposition(text).samples[0].labels.component).toBe('a"b\\c\nd');
  });
});

describe('the latency shape', () => {
  it('puts half the requests within the median, all within ten times it', () => {
    expect(latencyShare(0.1, 0.1)).toBeCloseTo(0.5);
    expect(latencyShare(0.2, 0.1)).toBeCloseTo(0.9);
    expect(latencyShare(1, 0.1)).toBe(1);
    expect(latencyShare(0.05, 0.1)).toBeCloseTo(0.25);
    expect(meanLatency(0.1)).toBeCloseTo(0.124);
  });
});

describe('GET /metrics on the simulator router', () => {
  let simulator: KubeSimulator;
  let server: Awaited<ReturnType<typeof listenOn>>;

  beforeAll(async () => {
    simulator = createKubeSimulator({
      token: TOKEN,
      clusters: [
        { name: 'sim-a', seed: [SEED] },
        { name: 'sim-b', seed: [SEED] },
      ],
      autoStart: false,
    });
    for (const c of simulator.clusters.values()) c.tick();
    const router = createKubeSimulatorRouter(simulator, undefined, TOKEN);
    server = await listenOn((req: http.IncomingMessage, res) =>
      router(req, res),
    );
  });

  afterAll(async () => {
    await simulator.stop();
    await server.close();
  });

  it('answers 401 without the simulator token, like every other path', async () => {
    expect((await fetch(`${server.url}/metrics`)).status).toBe(401);
    const wrong = await fetch(`${server.url}/metrics`, {
      headers: { authorization: 'Bearer nope' },
    });
    expect(wrong.status).toBe(401);
  });

  it("serves every cluster's workloads in the text format with the token", async () => {
    const res = await fetch(`${server.url}/metrics`, {
      headers: { authorization: `Bearer ${TOKEN}` },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe(
      'text/plain; version=0.0.4; charset=utf-8',
    );
    const { samples } = parseExposition(await res.text());
    const clusters = new Set(
      samples
        .filter(s => s.name === 'http_requests_total')
        .map(s => s.labels.cluster),
    );
    expect([...clusters].sort()).toEqual(['sim-a', 'sim-b']);
  });

  it('allows only GET and HEAD', async () => {
    const headers = { authorization: `Bearer ${TOKEN}` };
    const head = await fetch(`${server.url}/metrics`, {
      method: 'HEAD',
      headers,
    });
    expect(head.status).toBe(200);
    const post = await fetch(`${server.url}/metrics`, {
      method: 'POST',
      headers,
    });
    expect(post.status).toBe(405);
  });
});

describe('the demo seeds (demo/compute)', () => {
  it('give route-optimizer, and only it, an error ratio above the demo alert threshold of 5%', async () => {
    const simulator = createKubeSimulator({
      token: TOKEN,
      autoStart: false,
      clusters: ['sim-eu-west', 'sim-us-east'].map(name => ({
        name,
        seed: ['demo/compute/simulator.yaml', `demo/compute/${name}.yaml`],
      })),
    });
    try {
      for (let i = 0; i < 60; i++)
        for (const c of simulator.clusters.values()) c.tick();
      const { samples } = parseExposition(
        renderMetrics(simulator.clusters.values()),
      );
      const components = new Set(
        samples
          .filter(s => s.name === 'http_requests_total')
          .map(s => s.labels.component),
      );
      const ratios = Object.fromEntries(
        [...components].map(component => [
          component,
          (total(samples, 'http_requests_total', { component, code: '500' }) +
            total(samples, 'http_requests_total', { component, code: '503' })) /
            total(samples, 'http_requests_total', { component }),
        ]),
      );
      expect(ratios['route-optimizer']).toBeGreaterThan(0.1);
      const others = Object.entries(ratios).filter(
        ([c]) => c !== 'route-optimizer',
      );
      expect(others.length).toBeGreaterThan(10);
      expect(others.filter(([, r]) => !(r < 0.05))).toEqual([]);
    } finally {
      await simulator.stop();
    }
  });
});
