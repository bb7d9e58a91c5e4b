// The reconciler's quota, logs, Scalers, read-only scans and timer. Rollouts are in reconciler.rollout.test.ts.
import { type CoreV1Api } from '@kubernetes/client-node';
import {
  clientsFor,
  GROUP,
  NS,
  statusOf,
  until,
  VERSION,
  startTestCluster,
} from './__testUtils__/client';
import {
  apps,
  merge,
  newScaler,
  ready,
  scalers,
  useTestCluster,
} from './__testUtils__/suite';

jest.setTimeout(20_000);

/** ledger-service's Scaler in two tests: 2–5 replicas at 60% CPU. */
const cpuScaler = newScaler('ledger-service', {
  minReplicas: 2,
  maxReplicas: 5,
  metrics: [{ type: 'cpu', targetUtilization: 60 }],
});

describe('kube simulator reconciler', () => {
  const t = useTestCluster({ readyAfterTicks: 2, progressDeadlineTicks: 6 });

  it('computes quota usage and refuses pods over a tier quota', async () => {
    const quota = await t.api.core.readNamespacedResourceQuota({
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

    await t.api.custom.createNamespacedCustomObject({
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
      () => t.cluster.tick(),
      () => t.pods('batch-scorer').filter(ready).length === 2,
      10,
    );
    t.cluster.tick();
    expect(t.pods('batch-scorer')).toHaveLength(2); // the third would exceed requests.cpu 1
    const failed = t
      .events('FailedCreate')
      .find(e => e.involvedObject.name === 'batch-scorer');
    expect(failed.message).toContain('exceeded quota: tier-preemptible');
    expect(failed.message).toContain(
      'requested: requests.cpu=400m, used: requests.cpu=800m, limited: requests.cpu=1',
    );
    expect(
      t
        .app('batch-scorer')
        .status.conditions.find((c: any) => c.type === 'ReplicaFailure'),
    ).toMatchObject({ status: 'True', reason: 'FailedCreate' });
    const preemptible = await t.api.core.readNamespacedResourceQuota({
      name: 'tier-preemptible',
      namespace: NS,
    });
    expect(preemptible.status?.used?.['requests.cpu']).toBe('800m');
  });

  it('serves logs with tailLines, and demands a container name for multi-container pods', async () => {
    for (let i = 0; i < 5; i++) t.cluster.tick();
    const [gateway] = t.pods('payments-gateway');
    const tail = await t.api.core.readNamespacedPodLog({
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
    const stamped = await t.api.core.readNamespacedPodLog({
      name: gateway.metadata.name,
      namespace: NS,
      container: 'mesh-proxy',
      tailLines: 1,
      timestamps: true,
    });
    expect(stamped).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{9}Z \[/);
    const limited = await t.api.core.readNamespacedPodLog({
      name: gateway.metadata.name,
      namespace: NS,
      container: 'payments-gateway',
      limitBytes: 10,
    });
    expect(Buffer.byteLength(limited)).toBe(10);

    const noContainer = await statusOf(
      t.api.core.readNamespacedPodLog({
        name: gateway.metadata.name,
        namespace: NS,
      }),
    );
    expect(noContainer.code).toBe(400);
    expect(noContainer.body.message).toBe(
      `a container name must be specified for pod ${gateway.metadata.name}, choose one of: [payments-gateway mesh-proxy]`,
    );
    const [ledger] = t.pods('ledger-service');
    const single = await t.api.core.readNamespacedPodLog({
      name: ledger.metadata.name,
      namespace: NS,
    });
    expect(single).toContain('INFO  starting ledger-service');
    const noPrevious = await statusOf(
      t.api.core.readNamespacedPodLog({
        name: ledger.metadata.name,
        namespace: NS,
        previous: true,
      }),
    );
    expect(noPrevious.code).toBe(400);
  });

  it('drives Apps with Scalers: bounds, CPU utilisation and schedules', async () => {
    await t.api.custom.createNamespacedCustomObject({
      ...scalers,
      body: cpuScaler,
    });
    t.cluster.tick();
    expect(t.app('ledger-service').spec.replicas).toBe(2);
    const scaler = t.cluster.list('scalers', NS)[0] as any;
    expect(scaler.status).toMatchObject({
      desiredReplicas: 2,
      lastScaleReason: 'Current number of replicas below Spec.MinReplicas',
    });
    expect(t.events('SuccessfulRescale')[0].message).toBe(
      'New size: 2; reason: Current number of replicas below Spec.MinReplicas',
    );

    // Nothing configured to change it: it stays put.
    for (let i = 0; i < 5; i++) t.cluster.tick();
    expect(t.app('ledger-service').spec.replicas).toBe(2);

    // 90% at 2 replicas against a 60% target: 3 replicas.
    await t.api.custom.patchNamespacedCustomObject(
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
    t.cluster.tick();
    expect(t.app('ledger-service').spec.replicas).toBe(3);
    for (let i = 0; i < 5; i++) t.cluster.tick();
    expect(t.app('ledger-service').spec.replicas).toBe(3); // converged: 180 / 3 = 60%
    expect(
      (t.cluster.list('scalers', NS)[0] as any).status.lastScaleReason,
    ).toBe('cpu resource utilization (percentage of request) above target');

    // A schedule active all the time raises the floor.
    await t.api.custom.patchNamespacedCustomObject(
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
    t.cluster.tick();
    expect(t.app('ledger-service').spec.replicas).toBe(4);
    expect(
      (t.cluster.list('scalers', NS)[0] as any).status.lastScaleReason,
    ).toBe('schedule "always" active: minReplicas 4');
    const listed = await t.api.custom.listNamespacedCustomObject({
      ...scalers,
    });
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
      for (const type of t.cluster.state.types)
        t.cluster.state.store.scan(type).forEach(deepFreeze);
    };
    await t.api.custom.createNamespacedCustomObject({
      ...scalers,
      body: cpuScaler,
    });
    t.cluster.markBadImage('registry.test/payments/payments-gateway', '2.5.0');
    await t.api.custom.patchNamespacedCustomObject(
      {
        ...apps,
        name: 'payments-gateway',
        body: { spec: { version: '2.5.0' } },
      },
      merge,
    );
    const gateway = t.cluster.state.store.peek(
      t.cluster.state.customType('apps'),
      NS,
      'payments-gateway',
    )!;
    const version = gateway.metadata.resourceVersion;
    for (let i = 0; i < 12; i++) {
      freezeAll();
      t.cluster.tick();
    }
    expect(t.cluster.reconciler.errors).toEqual([]);
    // The ticks did write: a scaled App, crash-looping pods of the new revision, a new App status.
    expect(t.app('ledger-service').spec.replicas).toBe(2);
    expect(
      t
        .pods('payments-gateway')
        .some(p => (p as any).status.containerStatuses[0].restartCount > 0),
    ).toBe(true);
    expect(t.app('payments-gateway').metadata.resourceVersion).not.toBe(
      version,
    );
    // What was scanned before them is as it was.
    expect(gateway.metadata.resourceVersion).toBe(version);
    expect((gateway.status as any).currentRevision).toBe(1);
  });

  it('runs on its own timer', async () => {
    await t.simulator.stop();
    ({
      simulator: t.simulator,
      cluster: t.cluster,
      server: t.server,
    } = await startTestCluster({ tickMs: 50, autoStart: true }, 'timed'));
    const core = clientsFor(t.server.url).core as CoreV1Api;
    const custom = clientsFor(t.server.url).custom;
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
        t.pods('ledger-service').length === 1;
    }
    expect(done).toBe(true);
  });
});
