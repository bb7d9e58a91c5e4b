// The REST API's list selectors, paging and watch. Authentication, discovery and the verbs are in api.test.ts.
import {
  PatchStrategy,
  setHeaderOptions,
  V1Pod,
  Watch,
} from '@kubernetes/client-node';
import { GROUP, NS, statusOf, VERSION, waitFor } from './__testUtils__/client';
import { apps, newApp, useTestCluster } from './__testUtils__/suite';

jest.setTimeout(20_000);

describe('kube simulator REST API through @kubernetes/client-node', () => {
  const t = useTestCluster({ watchHistorySize: 50 });

  it('filters lists with label and field selectors and pages with limit/continue', async () => {
    for (const [name, tier] of [
      ['a-one', 'reserved'],
      ['a-two', 'on-demand'],
      ['a-three', 'preemptible'],
    ]) {
      const body = newApp(name, { tier });
      body.metadata.labels = { ...body.metadata.labels, tier } as any;
      await t.api.custom.createNamespacedCustomObject({ ...apps, body });
    }
    const names = async (labelSelector?: string, fieldSelector?: string) =>
      (
        await t.api.custom.listNamespacedCustomObject({
          ...apps,
          labelSelector,
          fieldSelector,
        })
      ).items
        .map((i: any) => i.metadata.name)
        .sort();
    expect(await names('tier=reserved')).toEqual(['a-one']);
    expect(await names('tier==on-demand')).toEqual(['a-two']);
    expect(await names('tier!=reserved,tier')).toEqual(['a-three', 'a-two']);
    expect(await names('tier in (reserved, preemptible)')).toEqual([
      'a-one',
      'a-three',
    ]);
    expect(await names('tier notin (reserved,preemptible)')).toEqual([
      'a-two',
      'ledger-service',
      'payments-gateway',
    ]);
    expect(await names('!tier')).toEqual([
      'ledger-service',
      'payments-gateway',
    ]);
    expect(await names(undefined, 'metadata.name=a-two')).toEqual(['a-two']);
    expect(
      await names(
        'compute.atrium.dev/team=team-payments',
        'metadata.namespace=team-payments',
      ),
    ).toHaveLength(5);

    const everywhere = await t.api.custom.listClusterCustomObject({
      group: GROUP,
      version: VERSION,
      plural: 'apps',
    });
    expect(everywhere.items).toHaveLength(5);
    expect(Number(everywhere.metadata.resourceVersion)).toBeGreaterThan(0);

    const page1 = await t.api.custom.listClusterCustomObject({
      group: GROUP,
      version: VERSION,
      plural: 'apps',
      limit: 2,
    });
    expect(page1.items).toHaveLength(2);
    expect(page1.metadata.continue).toBeTruthy();
    const page2 = await t.api.custom.listClusterCustomObject({
      group: GROUP,
      version: VERSION,
      plural: 'apps',
      limit: 10,
      _continue: page1.metadata.continue,
    });
    expect(page2.items).toHaveLength(3);
    expect(page2.metadata.continue).toBeUndefined();

    const bad = await statusOf(
      t.api.core.listNamespacedPod({ namespace: NS, labelSelector: 'a in (' }),
    );
    expect(bad.code).toBe(400);
  });

  it('streams watch events from a resourceVersion and expires too-old versions', async () => {
    const list = await t.api.custom.listNamespacedCustomObject({ ...apps });
    const from = list.metadata.resourceVersion;
    const events: Array<{ type: string; name: string; replicas?: number }> = [];
    const watch = new Watch(t.api.kc);
    const controller = await watch.watch(
      `/apis/${GROUP}/${VERSION}/namespaces/${NS}/apps`,
      {
        resourceVersion: from,
        labelSelector: 'compute.atrium.dev/team=team-payments',
      },
      (type, obj) =>
        events.push({
          type,
          name: obj.metadata.name,
          replicas: obj.spec?.replicas,
        }),
      () => {},
    );
    // Changes made before the watch connects still arrive: they are after `from`.
    await t.api.custom.createNamespacedCustomObject({
      ...apps,
      body: newApp('watched'),
    });
    await t.api.custom.patchNamespacedCustomObject(
      { ...apps, name: 'watched', body: { spec: { replicas: 2 } } },
      setHeaderOptions('Content-Type', PatchStrategy.MergePatch),
    );
    await t.api.custom.deleteNamespacedCustomObject({
      ...apps,
      name: 'watched',
    });
    await waitFor(() => events.length >= 3).catch(e => {
      throw new Error(`${e.message}: ${JSON.stringify(events)}`);
    });
    controller.abort();
    expect(events).toEqual([
      { type: 'ADDED', name: 'watched', replicas: 1 },
      { type: 'MODIFIED', name: 'watched', replicas: 2 },
      { type: 'DELETED', name: 'watched', replicas: 2 },
    ]);

    // Churn past the history (50 changes per resource type) and resume from the old version.
    for (let i = 0; i < 60; i++) {
      await t.api.custom.patchNamespacedCustomObject(
        {
          ...apps,
          name: 'ledger-service',
          body: { metadata: { annotations: { n: String(i) } } },
        },
        setHeaderOptions('Content-Type', PatchStrategy.MergePatch),
      );
    }
    const errors: any[] = [];
    let done = false;
    await new Watch(t.api.kc).watch(
      `/apis/${GROUP}/${VERSION}/apps`,
      { resourceVersion: from },
      (type, obj) => type === 'ERROR' && errors.push(obj),
      () => {
        done = true;
      },
    );
    await waitFor(() => done).catch(e => {
      throw new Error(`${e.message}: ${JSON.stringify(errors)}`);
    });
    expect(errors[0]).toMatchObject({
      kind: 'Status',
      code: 410,
      reason: 'Expired',
    });
    expect(errors[0].message).toMatch(
      /^too old resource version: \d+ \(\d+\)$/,
    );
  });

  it('watches pods with a selector and ends on timeoutSeconds', async () => {
    const seen: string[] = [];
    let done = false;
    await new Watch(t.api.kc).watch(
      `/api/v1/namespaces/${NS}/pods`,
      {
        labelSelector: 'compute.atrium.dev/app=ledger-service',
        timeoutSeconds: 1,
      },
      (type, obj: V1Pod) =>
        seen.push(
          `${type} ${obj.metadata?.labels?.['compute.atrium.dev/app']}`,
        ),
      () => {
        done = true;
      },
    );
    await waitFor(() => done, 3000);
    expect(seen).toEqual(['ADDED ledger-service']); // the current pod, then nothing until the timeout
  });
});
