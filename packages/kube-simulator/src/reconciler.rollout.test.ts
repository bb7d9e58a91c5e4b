// The reconciler's rollouts: a new version, scaling and restarts, a crash-looping version. Quota, logs,
// Scalers and the timer are in reconciler.test.ts.
import { type V1Pod } from '@kubernetes/client-node';
import { NS, TOKEN, until } from './__testUtils__/client';
import { apps, merge, ready, useTestCluster } from './__testUtils__/suite';

jest.setTimeout(20_000);

describe('kube simulator reconciler', () => {
  const t = useTestCluster({ readyAfterTicks: 2, progressDeadlineTicks: 6 });

  it('rolls out a new version with maxSurge 1 / maxUnavailable 0 to completion', async () => {
    await t.api.custom.patchNamespacedCustomObject(
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
        t.cluster.tick();
        const current = t.pods('payments-gateway');
        maxPods = Math.max(maxPods, current.length);
        minReady = Math.min(minReady, current.filter(ready).length);
        sawProgressing ||=
          t.app('payments-gateway').status.phase === 'Progressing';
      },
      () => {
        const a = t.app('payments-gateway');
        return (
          a.status.currentRevision === 2 &&
          a.status.phase === 'Running' &&
          t
            .pods('payments-gateway')
            .every(
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

    const result = await t.api.custom.getNamespacedCustomObject({
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
    const messages = t.events('ScalingReplicaSet').map(e => e.message);
    expect(messages).toContain('Scaled up revision 2 to 1');
    expect(messages).toContain('Scaled down revision 1 to 0');
    const podEvents = new Set(
      t
        .events()
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
    expect(t.events().every(e => e.source.component === 'kube-simulator')).toBe(
      true,
    );
  });

  it('scales up and down, and replaces every pod on restart', async () => {
    const scale = await t.api.custom.getNamespacedCustomObjectScale({
      ...apps,
      name: 'payments-gateway',
    });
    await t.api.custom.replaceNamespacedCustomObjectScale({
      ...apps,
      name: 'payments-gateway',
      body: { ...scale, spec: { replicas: 4 } },
    });
    until(
      () => t.cluster.tick(),
      () =>
        t.pods('payments-gateway').filter(ready).length === 4 &&
        t.app('payments-gateway').status.phase === 'Running',
      10,
    );
    await t.api.custom.patchNamespacedCustomObject(
      { ...apps, name: 'payments-gateway', body: { spec: { replicas: 1 } } },
      merge,
    );
    t.cluster.tick();
    expect(t.pods('payments-gateway')).toHaveLength(1);

    const before = t.pods('payments-gateway').map(p => p.metadata.name);
    await t.api.custom.patchNamespacedCustomObject(
      {
        ...apps,
        name: 'payments-gateway',
        body: { spec: { restartedAt: '2026-01-01T00:00:00Z' } },
      },
      merge,
    );
    until(
      () => t.cluster.tick(),
      () =>
        t.app('payments-gateway').status.currentRevision === 2 &&
        t.app('payments-gateway').status.phase === 'Running',
      15,
    );
    const after = t.pods('payments-gateway');
    expect(after).toHaveLength(1);
    expect(after.map(p => p.metadata.name)).not.toEqual(before);
    expect(t.app('payments-gateway').status.revisions[1]).toMatchObject({
      revision: 2,
      version: '2.4.1',
    });

    // A pod deleted through the API is replaced.
    await t.api.core.deleteNamespacedPod({
      name: after[0].metadata.name,
      namespace: NS,
    });
    t.cluster.tick();
    expect(t.pods('payments-gateway')).toHaveLength(1);
    expect(t.app('payments-gateway').status.phase).toBe('Degraded');
    until(
      () => t.cluster.tick(),
      () => t.app('payments-gateway').status.phase === 'Running',
      5,
    );

    // Deleting the App garbage-collects its pods.
    await t.api.custom.deleteNamespacedCustomObject({
      ...apps,
      name: 'payments-gateway',
    });
    t.cluster.tick();
    expect(t.pods('payments-gateway')).toHaveLength(0);
  });

  it('crash-loops a bad version, keeps the old pods serving and fails the rollout', async () => {
    const res = await fetch(`${t.server.url}/_simulator/bad-images`, {
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
    await t.api.custom.patchNamespacedCustomObject(
      {
        ...apps,
        name: 'payments-gateway',
        body: { spec: { version: '2.5.0-rc.1' } },
      },
      merge,
    );
    until(
      () => t.cluster.tick(),
      () => t.app('payments-gateway').status.phase === 'Failed',
      20,
    );

    const status = t.app('payments-gateway').status;
    expect(
      status.conditions.find((c: any) => c.type === 'Progressing'),
    ).toMatchObject({ status: 'False', reason: 'ProgressDeadlineExceeded' });
    const all = t.pods('payments-gateway');
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
    const pod = (await t.api.core.readNamespacedPod({
      name: fresh[0].metadata.name,
      namespace: NS,
    })) as V1Pod;
    until(
      () => t.cluster.tick(),
      () =>
        !!(
          t.cluster
            .list('pods', NS)
            .find(p => p.metadata.name === pod.metadata!.name)!.status as any
        ).containerStatuses[0].state.waiting,
      3,
    );
    const live = await t.api.core.readNamespacedPod({
      name: pod.metadata!.name!,
      namespace: NS,
    });
    expect(live.status?.containerStatuses?.[0].state?.waiting?.reason).toBe(
      'CrashLoopBackOff',
    );
    const backoff = await t.api.core.listNamespacedEvent({
      namespace: NS,
      fieldSelector: `involvedObject.name=${
        pod.metadata!.name
      },involvedObject.kind=Pod`,
    });
    const backoffEvent = backoff.items.find(e => e.reason === 'BackOff');
    expect(backoffEvent?.type).toBe('Warning');
    expect(backoffEvent?.count).toBeGreaterThanOrEqual(1);
    expect(backoffEvent?.source?.component).toBe('kube-simulator');

    const logs = await t.api.core.readNamespacedPodLog({
      name: pod.metadata!.name!,
      namespace: NS,
      container: 'payments-gateway',
      previous: true,
    });
    expect(logs).toContain('ERROR exiting with code 1');
  });
});
