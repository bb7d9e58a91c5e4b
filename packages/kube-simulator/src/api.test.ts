// The REST API's authentication, discovery and the verbs on Apps. Selectors, paging and watch are in
// api.watch.test.ts.
import {
  CoreV1Api,
  PatchStrategy,
  setHeaderOptions,
} from '@kubernetes/client-node';
import {
  GROUP,
  kubeConfigFor,
  NS,
  statusOf,
  TOKEN,
  VERSION,
} from './__testUtils__/client';
import { apps, newApp, useTestCluster } from './__testUtils__/suite';

jest.setTimeout(20_000);

describe('kube simulator REST API through @kubernetes/client-node', () => {
  const t = useTestCluster({ watchHistorySize: 50 });

  it('answers 401 Unauthorized without the bearer token, and serves discovery with it', async () => {
    const anonymous = await fetch(`${t.server.url}/api/v1/namespaces`);
    expect(anonymous.status).toBe(401);
    expect(await anonymous.json()).toMatchObject({
      kind: 'Status',
      reason: 'Unauthorized',
      code: 401,
    });

    const wrong = await statusOf(
      kubeConfigFor(t.server.url, 'nope')
        .makeApiClient(CoreV1Api)
        .listNamespace(),
    );
    expect(wrong.code).toBe(401);

    const res = await fetch(`${t.server.url}/apis/${GROUP}/${VERSION}`, {
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
    const version = await fetch(`${t.server.url}/version`, {
      headers: { Authorization: `Bearer ${TOKEN}` },
    });
    expect((await version.json()).gitVersion).toContain('simulator');
  });

  it('lists the seed: namespaces, nodes, Apps and their Ready pods at start-up', async () => {
    const namespaces = await t.api.core.listNamespace({
      labelSelector: 'compute.atrium.dev/team',
    });
    expect(namespaces.items.map(n => n.metadata?.name)).toEqual([
      'team-payments',
    ]);
    const nodes = await t.api.core.listNode();
    expect(
      nodes.items.map(n => n.metadata?.labels?.['topology.kubernetes.io/zone']),
    ).toEqual(['test-1a', 'test-1b']);
    const gateway = await t.api.custom.getNamespacedCustomObject({
      ...apps,
      name: 'payments-gateway',
    });
    expect(gateway.status).toMatchObject({
      phase: 'Running',
      readyReplicas: 2,
      currentRevision: 1,
    });
    const pods = await t.api.core.listNamespacedPod({
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
    const all = await t.api.core.listPodForAllNamespaces();
    expect(all.items).toHaveLength(3);
  });

  it('creates, reads, replaces, patches and deletes Apps with Kubernetes Status errors', async () => {
    const created = await t.api.custom.createNamespacedCustomObject({
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
      t.api.custom.createNamespacedCustomObject({
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
      t.api.custom.getNamespacedCustomObject({ ...apps, name: 'nope' }),
    );
    expect(missing.code).toBe(404);
    expect(missing.body).toMatchObject({
      reason: 'NotFound',
      message: 'apps.compute.atrium.dev "nope" not found',
    });

    const bad = await statusOf(
      t.api.custom.createNamespacedCustomObject({
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
      t.api.custom.createNamespacedCustomObject({
        ...apps,
        body: newApp('Bad_Name'),
      }),
    );
    expect(badName.code).toBe(422);
    expect(badName.body.details.causes[0].field).toBe('metadata.name');

    const noNs = await statusOf(
      t.api.custom.createNamespacedCustomObject({
        ...apps,
        namespace: 'team-nowhere',
        body: newApp('x'),
      }),
    );
    expect(noNs.code).toBe(404);

    // Replace: spec change bumps generation; status in the body is ignored.
    const replaced = await t.api.custom.replaceNamespacedCustomObject({
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
      t.api.custom.replaceNamespacedCustomObject({
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
      t.api.custom.patchNamespacedCustomObject(
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
    const merged = await t.api.custom.patchNamespacedCustomObject(
      { ...apps, name: 'refunds-worker', body: { spec: { replicas: 3 } } },
      merge,
    );
    expect(merged.spec.replicas).toBe(3);
    expect(merged.metadata.generation).toBe(3);
    const jsonPatched = await t.api.custom.patchNamespacedCustomObject({
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
      t.api.custom.patchNamespacedCustomObject(
        { ...apps, name: 'refunds-worker', body: { spec: { replicas: -2 } } },
        merge,
      ),
    );
    expect(invalidPatch.code).toBe(422);

    // The status subresource ignores spec; the main resource ignores status.
    const statusWrite = await t.api.custom.patchNamespacedCustomObjectStatus(
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
    const scale = await t.api.custom.getNamespacedCustomObjectScale({
      ...apps,
      name: 'refunds-worker',
    });
    expect(scale).toMatchObject({
      kind: 'Scale',
      apiVersion: 'autoscaling/v1',
      spec: { replicas: 3 },
    });
    await t.api.custom.replaceNamespacedCustomObjectScale({
      ...apps,
      name: 'refunds-worker',
      body: { ...scale, spec: { replicas: 4 } },
    });
    expect(
      (
        await t.api.custom.getNamespacedCustomObject({
          ...apps,
          name: 'refunds-worker',
        })
      ).spec.replicas,
    ).toBe(4);

    await t.api.custom.deleteNamespacedCustomObject({
      ...apps,
      name: 'refunds-worker',
    });
    expect(
      (
        await statusOf(
          t.api.custom.getNamespacedCustomObject({
            ...apps,
            name: 'refunds-worker',
          }),
        )
      ).code,
    ).toBe(404);
  });
});
