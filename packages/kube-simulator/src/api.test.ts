import {
  CoreV1Api,
  PatchStrategy,
  setHeaderOptions,
  V1Pod,
  Watch,
} from '@kubernetes/client-node';
import { KubeSimulator, ListeningServer } from './simulator';
import {
  clientsFor,
  GROUP,
  kubeConfigFor,
  NS,
  statusOf,
  TOKEN,
  VERSION,
  waitFor,
  startTestCluster,
} from './__testUtils__/client';

const apps = { group: GROUP, version: VERSION, namespace: NS, plural: 'apps' };

const newApp = (name: string, spec: Record<string, unknown> = {}) => ({
  apiVersion: `${GROUP}/${VERSION}`,
  kind: 'App',
  metadata: { name, labels: { 'compute.atrium.dev/team': 'team-payments' } },
  spec: {
    image: 'registry.test/payments/refunds-worker',
    version: '0.8.2',
    replicas: 1,
    tier: 'reserved',
    resources: { cpu: '100m', memory: '128Mi' },
    ...spec,
  },
});

jest.setTimeout(20_000);

describe('kube simulator REST API through @kubernetes/client-node', () => {
  let simulator: KubeSimulator;
  let server: ListeningServer;
  let api: ReturnType<typeof clientsFor>;

  beforeEach(async () => {
    ({ simulator, server, api } = await startTestCluster({
      watchHistorySize: 50,
    }));
  });

  afterEach(async () => {
    await simulator.stop();
  });

  it('answers 401 Unauthorized without the bearer token, and serves discovery with it', async () => {
    const anonymous = await fetch(`${server.url}/api/v1/namespaces`);
    expect(anonymous.status).toBe(401);
    expect(await anonymous.json()).toMatchObject({
      kind: 'Status',
      reason: 'Unauthorized',
      code: 401,
    });

    const wrong = await statusOf(
      kubeConfigFor(server.url, 'nope')
        .makeApiClient(CoreV1Api)
        .listNamespace(),
    );
    expect(wrong.code).toBe(401);

    const res = await fetch(`${server.url}/apis/${GROUP}/${VERSION}`, {
      headers: { Authorization: `Bearer ${TOKEN}` },
    });
    const list = await res.json();
    expect(list.kind).toBe('APIResourceList');
    expect(list.resources.map((r: any) => r.name)).toEqual(
      expect.arrayContaining([
        'apps',
        'apps/status',
        'apps/scale',
        'scalers',
        'scalers/status',
      ]),
    );
    const version = await fetch(`${server.url}/version`, {
      headers: { Authorization: `Bearer ${TOKEN}` },
    });
    expect((await version.json()).gitVersion).toContain('simulator');
  });

  it('lists the seed: namespaces, nodes, Apps and their Ready pods at start-up', async () => {
    const namespaces = await api.core.listNamespace({
      labelSelector: 'compute.atrium.dev/team',
    });
    expect(namespaces.items.map(n => n.metadata?.name)).toEqual([
      'team-payments',
    ]);
    const nodes = await api.core.listNode();
    expect(
      nodes.items.map(n => n.metadata?.labels?.['topology.kubernetes.io/zone']),
    ).toEqual(['test-1a', 'test-1b']);
    const gateway = await api.custom.getNamespacedCustomObject({
      ...apps,
      name: 'payments-gateway',
    });
    expect(gateway.status).toMatchObject({
      phase: 'Running',
      readyReplicas: 2,
      currentRevision: 1,
    });
    const pods = await api.core.listNamespacedPod({
      namespace: NS,
      labelSelector: 'compute.atrium.dev/app=payments-gateway',
    });
    expect(pods.items).toHaveLength(2);
    const pod = pods.items[0];
    expect(pod.metadata?.name).toMatch(
      /^payments-gateway-[0-9a-f]{10}-[a-z0-9]{5}$/,
    );
    expect(pod.spec?.priorityClassName).toBe('atrium-reserved');
    expect(pod.spec?.containers.map(c => c.image)).toEqual([
      'registry.test/payments/payments-gateway:2.4.1',
      'registry.test/platform/mesh-proxy:1.31.2',
    ]);
    expect(pod.metadata?.labels).toMatchObject({
      'compute.atrium.dev/component': 'payments-gateway',
      'compute.atrium.dev/team': 'team-payments',
      'compute.atrium.dev/revision': '1',
    });
    expect(pod.status?.phase).toBe('Running');
    expect(pod.status?.conditions?.find(c => c.type === 'Ready')?.status).toBe(
      'True',
    );
    expect(new Set(pods.items.map(p => p.spec?.nodeName))).toEqual(
      new Set(['node-a', 'node-b']),
    );
    const all = await api.core.listPodForAllNamespaces();
    expect(all.items).toHaveLength(3);
  });

  it('creates, reads, replaces, patches and deletes Apps with Kubernetes Status errors', async () => {
    const created = await api.custom.createNamespacedCustomObject({
      ...apps,
      body: {
        ...newApp('refunds-worker'),
        spec: { ...newApp('x').spec, unknownField: 1 },
      },
    });
    expect(created.metadata).toMatchObject({
      name: 'refunds-worker',
      namespace: NS,
      generation: 1,
    });
    expect(created.metadata.uid).toBeTruthy();
    expect(created.metadata.creationTimestamp).toBeTruthy();
    expect(created.spec.unknownField).toBeUndefined(); // pruned

    const dup = await statusOf(
      api.custom.createNamespacedCustomObject({
        ...apps,
        body: newApp('refunds-worker'),
      }),
    );
    expect(dup.code).toBe(409);
    expect(dup.body).toMatchObject({
      kind: 'Status',
      status: 'Failure',
      reason: 'AlreadyExists',
      details: { name: 'refunds-worker', group: GROUP, kind: 'apps' },
    });

    const missing = await statusOf(
      api.custom.getNamespacedCustomObject({ ...apps, name: 'nope' }),
    );
    expect(missing.code).toBe(404);
    expect(missing.body).toMatchObject({
      reason: 'NotFound',
      message: 'apps.compute.atrium.dev "nope" not found',
    });

    const bad = await statusOf(
      api.custom.createNamespacedCustomObject({
        ...apps,
        body: {
          ...newApp('broken'),
          spec: {
            version: '1.0.0',
            replicas: -1,
            tier: 'gold',
            resources: { cpu: 'lots', memory: '1Gi' },
          },
        },
      }),
    );
    expect(bad.code).toBe(422);
    expect(bad.body.reason).toBe('Invalid');
    expect(bad.body.details.causes.map((c: any) => c.field).sort()).toEqual(
      ['spec.image', 'spec.replicas', 'spec.resources.cpu', 'spec.tier'].sort(),
    );
    expect(
      bad.body.details.causes.find((c: any) => c.field === 'spec.tier').message,
    ).toContain('Unsupported value: "gold"');

    const badName = await statusOf(
      api.custom.createNamespacedCustomObject({
        ...apps,
        body: newApp('Bad_Name'),
      }),
    );
    expect(badName.code).toBe(422);
    expect(badName.body.details.causes[0].field).toBe('metadata.name');

    const noNs = await statusOf(
      api.custom.createNamespacedCustomObject({
        ...apps,
        namespace: 'team-nowhere',
        body: newApp('x'),
      }),
    );
    expect(noNs.code).toBe(404);

    // Replace: spec change bumps generation; status in the body is ignored.
    const replaced = await api.custom.replaceNamespacedCustomObject({
      ...apps,
      name: 'refunds-worker',
      body: {
        ...created,
        spec: { ...created.spec, replicas: 2 },
        status: { phase: 'Failed' },
      },
    });
    expect(replaced.metadata.generation).toBe(2);
    expect(replaced.status).toBeUndefined();

    // A stale resourceVersion is a Conflict.
    const stale = await statusOf(
      api.custom.replaceNamespacedCustomObject({
        ...apps,
        name: 'refunds-worker',
        body: { ...created, spec: { ...created.spec, replicas: 5 } },
      }),
    );
    expect(stale.code).toBe(409);
    expect(stale.body.reason).toBe('Conflict');
    expect(stale.body.message).toContain(
      'the object has been modified; please apply your changes to the latest version and try again',
    );

    // Merge patch (with a stale resourceVersion inside → Conflict), then JSON patch.
    const merge = setHeaderOptions('Content-Type', PatchStrategy.MergePatch);
    const stalePatch = await statusOf(
      api.custom.patchNamespacedCustomObject(
        {
          ...apps,
          name: 'refunds-worker',
          body: {
            metadata: { resourceVersion: created.metadata.resourceVersion },
            spec: { replicas: 3 },
          },
        },
        merge,
      ),
    );
    expect(stalePatch.code).toBe(409);
    const merged = await api.custom.patchNamespacedCustomObject(
      { ...apps, name: 'refunds-worker', body: { spec: { replicas: 3 } } },
      merge,
    );
    expect(merged.spec.replicas).toBe(3);
    expect(merged.metadata.generation).toBe(3);
    const jsonPatched = await api.custom.patchNamespacedCustomObject({
      ...apps,
      name: 'refunds-worker',
      body: [
        { op: 'replace', path: '/spec/version', value: '0.8.3' },
        { op: 'add', path: '/metadata/labels/extra', value: 'yes' },
      ],
    });
    expect(jsonPatched.spec.version).toBe('0.8.3');
    expect(jsonPatched.metadata.labels.extra).toBe('yes');
    const invalidPatch = await statusOf(
      api.custom.patchNamespacedCustomObject(
        { ...apps, name: 'refunds-worker', body: { spec: { replicas: -2 } } },
        merge,
      ),
    );
    expect(invalidPatch.code).toBe(422);

    // The status subresource ignores spec; the main resource ignores status.
    const statusWrite = await api.custom.patchNamespacedCustomObjectStatus(
      {
        ...apps,
        name: 'refunds-worker',
        body: { status: { phase: 'Degraded' }, spec: { replicas: 9 } },
      },
      merge,
    );
    expect(statusWrite.status.phase).toBe('Degraded');
    expect(statusWrite.spec.replicas).toBe(3);
    expect(statusWrite.metadata.generation).toBe(4); // version change above bumped it to 4; status did not

    // Scale subresource.
    const scale = await api.custom.getNamespacedCustomObjectScale({
      ...apps,
      name: 'refunds-worker',
    });
    expect(scale).toMatchObject({
      kind: 'Scale',
      apiVersion: 'autoscaling/v1',
      spec: { replicas: 3 },
    });
    await api.custom.replaceNamespacedCustomObjectScale({
      ...apps,
      name: 'refunds-worker',
      body: { ...scale, spec: { replicas: 4 } },
    });
    expect(
      (
        await api.custom.getNamespacedCustomObject({
          ...apps,
          name: 'refunds-worker',
        })
      ).spec.replicas,
    ).toBe(4);

    await api.custom.deleteNamespacedCustomObject({
      ...apps,
      name: 'refunds-worker',
    });
    expect(
      (
        await statusOf(
          api.custom.getNamespacedCustomObject({
            ...apps,
            name: 'refunds-worker',
          }),
        )
      ).code,
    ).toBe(404);
  });

  it('filters lists with label and field selectors and pages with limit/continue', async () => {
    for (const [name, tier] of [
      ['a-one', 'reserved'],
      ['a-two', 'on-demand'],
      ['a-three', 'preemptible'],
    ]) {
      const body = newApp(name, { tier });
      body.metadata.labels = { ...body.metadata.labels, tier } as any;
      await api.custom.createNamespacedCustomObject({ ...apps, body });
    }
    const names = async (labelSelector?: string, fieldSelector?: string) =>
      (
        await api.custom.listNamespacedCustomObject({
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

    const everywhere = await api.custom.listClusterCustomObject({
      group: GROUP,
      version: VERSION,
      plural: 'apps',
    });
    expect(everywhere.items).toHaveLength(5);
    expect(Number(everywhere.metadata.resourceVersion)).toBeGreaterThan(0);

    const page1 = await api.custom.listClusterCustomObject({
      group: GROUP,
      version: VERSION,
      plural: 'apps',
      limit: 2,
    });
    expect(page1.items).toHaveLength(2);
    expect(page1.metadata.continue).toBeTruthy();
    const page2 = await api.custom.listClusterCustomObject({
      group: GROUP,
      version: VERSION,
      plural: 'apps',
      limit: 10,
      _continue: page1.metadata.continue,
    });
    expect(page2.items).toHaveLength(3);
    expect(page2.metadata.continue).toBeUndefined();

    const bad = await statusOf(
      api.core.listNamespacedPod({ namespace: NS, labelSelector: 'a in (' }),
    );
    expect(bad.code).toBe(400);
  });

  it('streams watch events from a resourceVersion and expires too-old versions', async () => {
    const list = await api.custom.listNamespacedCustomObject({ ...apps });
    const from = list.metadata.resourceVersion;
    const events: Array<{ type: string; name: string; replicas?: number }> = [];
    const watch = new Watch(api.kc);
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
    await api.custom.createNamespacedCustomObject({
      ...apps,
      body: newApp('watched'),
    });
    await api.custom.patchNamespacedCustomObject(
      { ...apps, name: 'watched', body: { spec: { replicas: 2 } } },
      setHeaderOptions('Content-Type', PatchStrategy.MergePatch),
    );
    await api.custom.deleteNamespacedCustomObject({ ...apps, name: 'watched' });
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
      await api.custom.patchNamespacedCustomObject(
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
    await new Watch(api.kc).watch(
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
    await new Watch(api.kc).watch(
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
