import {
  CoreV1Api,
  PatchStrategy,
  setHeaderOptions,
  V1Pod,
} from '@kubernetes/client-node';
import { KubeSimulator, ListeningServer, SimulatedCluster } from './simulator';
import {
  clientsFor,
  GROUP,
  NS,
  statusOf,
  TOKEN,
  until,
  VERSION,
  startTestCluster,
} from './__testUtils__/client';

jest.setTimeout(20_000);

const apps = { group: GROUP, version: VERSION, namespace: NS, plural: 'apps' };
const merge = setHeaderOptions('Content-Type', PatchStrategy.MergePatch);
const ready = (p: object): boolean =>
  (((p as any).status?.conditions ?? []) as any[]).some(
    c => c.type === 'Ready' && c.status === 'True',
  );

describe('kube simulator reconciler', () => {
  let simulator: KubeSimulator;
  let cluster: SimulatedCluster;
  let server: ListeningServer;
  let api: ReturnType<typeof clientsFor>;

  const pods = (app: string) =>
    cluster
      .list('pods', NS)
      .filter(p => p.metadata.labels?.['compute.atrium.dev/app'] === app);
  const app = (name: string) =>
    cluster.list('apps', NS).find(a => a.metadata.name === name)! as any;
  const events = (reason?: string) =>
    cluster
      .list('events', NS)
      .filter(e => !reason || e.reason === reason) as any[];

  beforeEach(async () => {
    ({ simulator, cluster, server, api } = await startTestCluster({
      readyAfterTicks: 2,
      progressDeadlineTicks: 6,
    }));
  });

  afterEach(async () => {
    await simulator.stop();
  });

  it('rolls out a new version with maxSurge 1 / maxUnavailable 0 to completion', async () => {
    await api.custom.patchNamespacedCustomObject(
      {
        ...apps,
        name: 'payments-gateway',
        body: {
          metadata: {
            annotations: { 'compute.atrium.dev/change-cause': 'deploy 2.4.2' },
          },
          spec: { version: '2.4.2' },
        },
      },
      merge,
    );
    let maxPods = 0;
    let minReady = Infinity;
    let sawProgressing = false;
    const steps = until(
      () => {
        cluster.tick();
        const current = pods('payments-gateway');
        maxPods = Math.max(maxPods, current.length);
        minReady = Math.min(minReady, current.filter(ready).length);
        sawProgressing ||=
          app('payments-gateway').status.phase === 'Progressing';
      },
      () => {
        const a = app('payments-gateway');
        return (
          a.status.currentRevision === 2 &&
          a.status.phase === 'Running' &&
          pods('payments-gateway').every(
            p => p.metadata.labels?.['compute.atrium.dev/revision'] === '2',
          )
        );
      },
      30,
    );
    expect(steps).toBeGreaterThan(2);
    expect(sawProgressing).toBe(true);
    expect(maxPods).toBe(3); // 2 + maxSurge
    expect(minReady).toBeGreaterThanOrEqual(2); // maxUnavailable 0

    const result = await api.custom.getNamespacedCustomObject({
      ...apps,
      name: 'payments-gateway',
    });
    expect(result.status).toMatchObject({
      replicas: 2,
      readyReplicas: 2,
      updatedReplicas: 2,
      availableReplicas: 2,
      observedGeneration: 2,
    });
    expect(
      result.status.revisions.map((r: any) => [
        r.revision,
        r.version,
        r.changeCause,
      ]),
    ).toEqual([
      [1, '2.4.1', 'deploy 2.4.1'],
      [2, '2.4.2', 'deploy 2.4.2'],
    ]);
    expect(
      result.status.conditions.find((c: any) => c.type === 'Progressing'),
    ).toMatchObject({ status: 'True', reason: 'NewRevisionAvailable' });
    const messages = events('ScalingReplicaSet').map(e => e.message);
    expect(messages).toContain('Scaled up revision 2 to 1');
    expect(messages).toContain('Scaled down revision 1 to 0');
    const podEvents = new Set(
      events()
        .filter(e => e.involvedObject.kind === 'Pod')
        .map(e => e.reason),
    );
    expect([...podEvents].sort()).toEqual(
      expect.arrayContaining([
        'Created',
        'Killing',
        'Pulled',
        'Scheduled',
        'Started',
      ]),
    );
    expect(events().every(e => e.source.component === 'kube-simulator')).toBe(
      true,
    );
  });

  it('scales up and down, and replaces every pod on restart', async () => {
    const scale = await api.custom.getNamespacedCustomObjectScale({
      ...apps,
      name: 'payments-gateway',
    });
    await api.custom.replaceNamespacedCustomObjectScale({
      ...apps,
      name: 'payments-gateway',
      body: { ...scale, spec: { replicas: 4 } },
    });
    until(
      () => cluster.tick(),
      () =>
        pods('payments-gateway').filter(ready).length === 4 &&
        app('payments-gateway').status.phase === 'Running',
      10,
    );
    await api.custom.patchNamespacedCustomObject(
      { ...apps, name: 'payments-gateway', body: { spec: { replicas: 1 } } },
      merge,
    );
    cluster.tick();
    expect(pods('payments-gateway')).toHaveLength(1);

    const before = pods('payments-gateway').map(p => p.metadata.name);
    await api.custom.patchNamespacedCustomObject(
      {
        ...apps,
        name: 'payments-gateway',
        body: { spec: { restartedAt: '2026-01-01T00:00:00Z' } },
      },
      merge,
    );
    until(
      () => cluster.tick(),
      () =>
        app('payments-gateway').status.currentRevision === 2 &&
        app('payments-gateway').status.phase === 'Running',
      15,
    );
    const after = pods('payments-gateway');
    expect(after).toHaveLength(1);
    expect(after.map(p => p.metadata.name)).not.toEqual(before);
    expect(app('payments-gateway').status.revisions[1]).toMatchObject({
      revision: 2,
      version: '2.4.1',
    });

    // A pod deleted through the API is replaced.
    await api.core.deleteNamespacedPod({
      name: after[0].metadata.name,
      namespace: NS,
    });
    cluster.tick();
    expect(pods('payments-gateway')).toHaveLength(1);
    expect(app('payments-gateway').status.phase).toBe('Degraded');
    until(
      () => cluster.tick(),
      () => app('payments-gateway').status.phase === 'Running',
      5,
    );

    // Deleting the App garbage-collects its pods.
    await api.custom.deleteNamespacedCustomObject({
      ...apps,
      name: 'payments-gateway',
    });
    cluster.tick();
    expect(pods('payments-gateway')).toHaveLength(0);
  });

  it('crash-loops a bad version, keeps the old pods serving and fails the rollout', async () => {
    const res = await fetch(`${server.url}/_simulator/bad-images`, {
      method: 'POST',
      headers: {
        Authorization: `Bearer ${TOKEN}`,
        'Content-Type': 'application/json',
      },
      body: JSON.stringify({
        image: 'registry.test/payments/payments-gateway',
        version: '2.5.0-rc.1',
      }),
    });
    expect(res.status).toBe(200);
    await api.custom.patchNamespacedCustomObject(
      {
        ...apps,
        name: 'payments-gateway',
        body: { spec: { version: '2.5.0-rc.1' } },
      },
      merge,
    );
    until(
      () => cluster.tick(),
      () => app('payments-gateway').status.phase === 'Failed',
      20,
    );

    const status = app('payments-gateway').status;
    expect(
      status.conditions.find((c: any) => c.type === 'Progressing'),
    ).toMatchObject({ status: 'False', reason: 'ProgressDeadlineExceeded' });
    const all = pods('payments-gateway');
    const old = all.filter(
      p => p.metadata.labels?.['compute.atrium.dev/revision'] === '1',
    );
    const fresh = all.filter(
      p => p.metadata.labels?.['compute.atrium.dev/revision'] === '2',
    );
    expect(old.filter(ready)).toHaveLength(2);
    expect(fresh).toHaveLength(1);
    const main = (fresh[0].status as any).containerStatuses[0];
    expect(main.ready).toBe(false);
    expect(main.restartCount).toBeGreaterThan(0);

    // Through the client: the crash-looping pod and its BackOff events.
    const pod = (await api.core.readNamespacedPod({
      name: fresh[0].metadata.name,
      namespace: NS,
    })) as V1Pod;
    until(
      () => cluster.tick(),
      () =>
        !!(
          cluster
            .list('pods', NS)
            .find(p => p.metadata.name === pod.metadata!.name)!.status as any
        ).containerStatuses[0].state.waiting,
      3,
    );
    const live = await api.core.readNamespacedPod({
      name: pod.metadata!.name!,
      namespace: NS,
    });
    expect(live.status?.containerStatuses?.[0].state?.waiting?.reason).toBe(
      'CrashLoopBackOff',
    );
    const backoff = await api.core.listNamespacedEvent({
      namespace: NS,
      fieldSelector: `involvedObject.name=${
        pod.metadata!.name
      },involvedObject.kind=Pod`,
    });
    const backoffEvent = backoff.items.find(e => e.reason === 'BackOff');
    expect(backoffEvent?.type).toBe('Warning');
    expect(backoffEvent?.count).toBeGreaterThanOrEqual(1);
    expect(backoffEvent?.source?.component).toBe('kube-simulator');

    const logs = await api.core.readNamespacedPodLog({
      name: pod.metadata!.name!,
      namespace: NS,
      container: 'payments-gateway',
      previous: true,
    });
    expect(logs).toContain('ERROR exiting with code 1');
  });

  it('computes quota usage and refuses pods over a tier quota', async () => {
    const quota = await api.core.readNamespacedResourceQuota({
      name: 'tier-reserved',
      namespace: NS,
    });
    // payments-gateway 2 × (500m + 100m), 2 × (512Mi + 64Mi); ledger-service 250m, 256Mi.
    expect(quota.status?.used).toEqual({
      'requests.cpu': '1450m',
      'requests.memory': '1408Mi',
      pods: '3',
    });
    expect(quota.status?.hard).toEqual({
      'requests.cpu': '6',
      'requests.memory': '12Gi',
      pods: '20',
    });

    await api.custom.createNamespacedCustomObject({
      ...apps,
      body: {
        apiVersion: `${GROUP}/${VERSION}`,
        kind: 'App',
        metadata: { name: 'batch-scorer' },
        spec: {
          image: 'registry.test/payments/batch-scorer',
          version: '1.0.0',
          replicas: 3,
          tier: 'preemptible',
          resources: { cpu: '400m', memory: '256Mi' },
        },
      },
    });
    until(
      () => cluster.tick(),
      () => pods('batch-scorer').filter(ready).length === 2,
      10,
    );
    cluster.tick();
    expect(pods('batch-scorer')).toHaveLength(2); // the third would exceed requests.cpu 1
    const failed = events('FailedCreate').find(
      e => e.involvedObject.name === 'batch-scorer',
    );
    expect(failed.message).toContain('exceeded quota: tier-preemptible');
    expect(failed.message).toContain(
      'requested: requests.cpu=400m, used: requests.cpu=800m, limited: requests.cpu=1',
    );
    expect(
      app('batch-scorer').status.conditions.find(
        (c: any) => c.type === 'ReplicaFailure',
      ),
    ).toMatchObject({ status: 'True', reason: 'FailedCreate' });
    const preemptible = await api.core.readNamespacedResourceQuota({
      name: 'tier-preemptible',
      namespace: NS,
    });
    expect(preemptible.status?.used?.['requests.cpu']).toBe('800m');
  });

  it('serves logs with tailLines, and demands a container name for multi-container pods', async () => {
    for (let i = 0; i < 5; i++) cluster.tick();
    const [gateway] = pods('payments-gateway');
    const tail = await api.core.readNamespacedPodLog({
      name: gateway.metadata.name,
      namespace: NS,
      container: 'payments-gateway',
      tailLines: 3,
    });
    const lines = tail.trimEnd().split('\n');
    expect(lines).toHaveLength(3);
    expect(lines[2]).toMatch(
      /^\d{4}-\d\d-\d\dT\S+Z (INFO |ERROR) (GET|POST|PUT) \/\S+ status=\d{3} duration=\d+ms request_id=[0-9a-f]{8}$/,
    );
    const stamped = await api.core.readNamespacedPodLog({
      name: gateway.metadata.name,
      namespace: NS,
      container: 'mesh-proxy',
      tailLines: 1,
      timestamps: true,
    });
    expect(stamped).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{9}Z \[/);
    const limited = await api.core.readNamespacedPodLog({
      name: gateway.metadata.name,
      namespace: NS,
      container: 'payments-gateway',
      limitBytes: 10,
    });
    expect(Buffer.byteLength(limited)).toBe(10);

    const noContainer = await statusOf(
      api.core.readNamespacedPodLog({
        name: gateway.metadata.name,
        namespace: NS,
      }),
    );
    expect(noContainer.code).toBe(400);
    expect(noContainer.body.message).toBe(
      `a container name must be specified for pod ${gateway.metadata.name}, choose one of: [payments-gateway mesh-proxy]`,
    );
    const [ledger] = pods('ledger-service');
    const single = await api.core.readNamespacedPodLog({
      name: ledger.metadata.name,
      namespace: NS,
    });
    expect(single).toContain('INFO  starting ledger-service');
    const noPrevious = await statusOf(
      api.core.readNamespacedPodLog({
        name: ledger.metadata.name,
        namespace: NS,
        previous: true,
      }),
    );
    expect(noPrevious.code).toBe(400);
  });

  it('drives Apps with Scalers: bounds, CPU utilisation and schedules', async () => {
    const scalers = { ...apps, plural: 'scalers' };
    await api.custom.createNamespacedCustomObject({
      ...scalers,
      body: {
        apiVersion: `${GROUP}/${VERSION}`,
        kind: 'Scaler',
        metadata: { name: 'ledger-service' },
        spec: {
          targetRef: { name: 'ledger-service' },
          minReplicas: 2,
          maxReplicas: 5,
          metrics: [{ type: 'cpu', targetUtilization: 60 }],
        },
      },
    });
    cluster.tick();
    expect(app('ledger-service').spec.replicas).toBe(2);
    const scaler = cluster.list('scalers', NS)[0] as any;
    expect(scaler.status).toMatchObject({
      desiredReplicas: 2,
      lastScaleReason: 'Current number of replicas below Spec.MinReplicas',
    });
    expect(events('SuccessfulRescale')[0].message).toBe(
      'New size: 2; reason: Current number of replicas below Spec.MinReplicas',
    );

    // Nothing configured to change it: it stays put.
    for (let i = 0; i < 5; i++) cluster.tick();
    expect(app('ledger-service').spec.replicas).toBe(2);

    // 90% at 2 replicas against a 60% target: 3 replicas.
    await api.custom.patchNamespacedCustomObject(
      {
        ...apps,
        name: 'ledger-service',
        body: {
          metadata: {
            annotations: { 'sim.compute.atrium.dev/cpu-utilization': '90' },
          },
        },
      },
      merge,
    );
    cluster.tick();
    expect(app('ledger-service').spec.replicas).toBe(3);
    for (let i = 0; i < 5; i++) cluster.tick();
    expect(app('ledger-service').spec.replicas).toBe(3); // converged: 180 / 3 = 60%
    expect((cluster.list('scalers', NS)[0] as any).status.lastScaleReason).toBe(
      'cpu resource utilization (percentage of request) above target',
    );

    // A schedule active all the time raises the floor.
    await api.custom.patchNamespacedCustomObject(
      {
        ...scalers,
        name: 'ledger-service',
        body: {
          spec: {
            schedules: [
              {
                name: 'always',
                cron: '* * * * *',
                duration: '2m',
                minReplicas: 4,
              },
            ],
          },
        },
      },
      merge,
    );
    cluster.tick();
    expect(app('ledger-service').spec.replicas).toBe(4);
    expect((cluster.list('scalers', NS)[0] as any).status.lastScaleReason).toBe(
      'schedule "always" active: minReplicas 4',
    );
    const listed = await api.custom.listNamespacedCustomObject({ ...scalers });
    expect(listed.items[0].status.currentReplicas).toBeGreaterThan(0);
  });

  it('reads the store without changing what it stores', async () => {
    // Every stored object frozen before each tick: a reconciler or metrics write through `scan`/`peek` throws
    // (strict mode), which the reconciler records in `errors` or the tick throws. Writes store new objects.
    const deepFreeze = (value: unknown) => {
      if (value && typeof value === 'object' && !Object.isFrozen(value)) {
        Object.freeze(value);
        Object.values(value).forEach(deepFreeze);
      }
    };
    const freezeAll = () => {
      for (const type of cluster.state.types)
        cluster.state.store.scan(type).forEach(deepFreeze);
    };
    await api.custom.createNamespacedCustomObject({
      ...apps,
      plural: 'scalers',
      body: {
        apiVersion: `${GROUP}/${VERSION}`,
        kind: 'Scaler',
        metadata: { name: 'ledger-service' },
        spec: {
          targetRef: { name: 'ledger-service' },
          minReplicas: 2,
          maxReplicas: 5,
          metrics: [{ type: 'cpu', targetUtilization: 60 }],
        },
      },
    });
    cluster.markBadImage('registry.test/payments/payments-gateway', '2.5.0');
    await api.custom.patchNamespacedCustomObject(
      {
        ...apps,
        name: 'payments-gateway',
        body: { spec: { version: '2.5.0' } },
      },
      merge,
    );
    const gateway = cluster.state.store.peek(
      cluster.state.customType('apps'),
      NS,
      'payments-gateway',
    )!;
    const version = gateway.metadata.resourceVersion;
    for (let i = 0; i < 12; i++) {
      freezeAll();
      cluster.tick();
    }
    expect(cluster.reconciler.errors).toEqual([]);
    // The ticks did write: a scaled App, crash-looping pods of the new revision, a new App status.
    expect(app('ledger-service').spec.replicas).toBe(2);
    expect(
      pods('payments-gateway').some(
        p => (p as any).status.containerStatuses[0].restartCount > 0,
      ),
    ).toBe(true);
    expect(app('payments-gateway').metadata.resourceVersion).not.toBe(version);
    // What was scanned before them is as it was.
    expect(gateway.metadata.resourceVersion).toBe(version);
    expect((gateway.status as any).currentRevision).toBe(1);
  });

  it('runs on its own timer', async () => {
    await simulator.stop();
    ({ simulator, cluster, server } = await startTestCluster(
      { tickMs: 50, autoStart: true },
      'timed',
    ));
    const core = clientsFor(server.url).core as CoreV1Api;
    const custom = clientsFor(server.url).custom;
    await custom.patchNamespacedCustomObject(
      {
        ...apps,
        name: 'ledger-service',
        body: { spec: { version: '1.28.0' } },
      },
      merge,
    );
    const deadline = Date.now() + 5000;
    let done = false;
    while (!done && Date.now() < deadline) {
      await new Promise(r => setTimeout(r, 50));
      const list = await core.listNamespacedPod({
        namespace: NS,
        labelSelector:
          'compute.atrium.dev/app=ledger-service,compute.atrium.dev/revision=2',
      });
      done =
        list.items.length === 1 &&
        ready(list.items[0]) &&
        pods('ledger-service').length === 1;
    }
    expect(done).toBe(true);
  });
});
