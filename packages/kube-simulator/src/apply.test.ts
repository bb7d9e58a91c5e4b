import { KubeSimulator, ListeningServer } from './simulator';
import { startTestCluster, TOKEN } from './__testUtils__/client';

const APPS = '/apis/compute.atrium.dev/v1alpha1/namespaces/team-payments/apps';

const config = (
  spec: Record<string, unknown> = {},
  labels: Record<string, string> = {},
) => ({
  apiVersion: 'compute.atrium.dev/v1alpha1',
  kind: 'App',
  metadata: {
    name: 'refunds',
    namespace: 'team-payments',
    labels: { 'compute.atrium.dev/team': 'team-payments', ...labels },
  },
  spec: {
    image: 'registry.test/payments/refunds',
    version: '1.0.0',
    replicas: 2,
    tier: 'reserved',
    resources: { cpu: '100m', memory: '128Mi' },
    ...spec,
  },
});

describe('server-side apply (application/apply-patch+yaml)', () => {
  let simulator: KubeSimulator;
  let server: ListeningServer;

  const request = async (
    method: string,
    url: string,
    body?: string,
    contentType = 'application/apply-patch+yaml',
  ) => {
    const res = await fetch(`${server.url}${url}`, {
      method,
      headers: {
        authorization: `Bearer ${TOKEN}`,
        ...(body ? { 'content-type': contentType } : {}),
      },
      body,
    });
    return { status: res.status, body: (await res.json()) as any };
  };
  const apply = (object: unknown, query: string) =>
    request('PATCH', `${APPS}/refunds?${query}`, JSON.stringify(object));
  const current = async () => (await request('GET', `${APPS}/refunds`)).body;
  const owners = (object: any) =>
    Object.fromEntries(
      object.metadata.managedFields.map((e: any) => [e.manager, e]),
    );

  beforeEach(async () => {
    ({ simulator, server } = await startTestCluster());
  });
  afterEach(async () => {
    await simulator.stop();
  });

  it('creates a missing object (201) and records the manager and its fields', async () => {
    const { status, body } = await apply(config(), 'fieldManager=kubectl');
    expect(status).toBe(201);
    expect(body.spec.replicas).toBe(2);
    expect(body.metadata.managedFields).toEqual([
      {
        manager: 'kubectl',
        operation: 'Apply',
        apiVersion: 'compute.atrium.dev/v1alpha1',
        time: expect.any(String),
        fieldsType: 'FieldsV1',
        fieldsV1: {
          'f:metadata': { 'f:labels': { 'f:compute.atrium.dev/team': {} } },
          'f:spec': {
            'f:image': {},
            'f:version': {},
            'f:replicas': {},
            'f:tier': {},
            'f:resources': { 'f:cpu': {}, 'f:memory': {} },
          },
        },
      },
    ]);
    expect((await current()).metadata.uid).toBe(body.metadata.uid);
  });

  it('takes YAML bodies', async () => {
    const yaml = [
      'apiVersion: compute.atrium.dev/v1alpha1',
      'kind: App',
      'metadata:',
      '  name: refunds',
      'spec:',
      '  image: registry.test/payments/refunds',
      "  version: '1.0.0'",
      '  replicas: 3',
      '  tier: reserved',
      '  resources: {cpu: 100m, memory: 128Mi}',
    ].join('\n');
    const { status, body } = await request(
      'PATCH',
      `${APPS}/refunds?fieldManager=kubectl`,
      yaml,
    );
    expect(status).toBe(201);
    expect(body.spec).toMatchObject({ replicas: 3, version: '1.0.0' });
  });

  it('updates (200): changes what the manager applies, removes what it no longer applies, keeps the rest', async () => {
    await apply(config({}, { extra: 'yes' }), 'fieldManager=kubectl');
    const before = await current();
    const { status, body } = await apply(
      config({ version: '1.1.0' }),
      'fieldManager=kubectl',
    );
    expect(status).toBe(200);
    expect(body.spec.version).toBe('1.1.0');
    expect(body.metadata.labels).toEqual({
      'compute.atrium.dev/team': 'team-payments',
    });
    expect(body.metadata.generation).toBe(2);
    expect(Number(body.metadata.resourceVersion)).toBeGreaterThan(
      Number(before.metadata.resourceVersion),
    );
    expect(body.metadata.managedFields).toHaveLength(1);
  });

  it('answers 409 Conflict when a second manager changes a field another owns, and changes nothing', async () => {
    await apply(config(), 'fieldManager=kubectl');
    const before = await current();
    const { status, body } = await apply(
      config({ replicas: 5, version: '2.0.0' }),
      'fieldManager=deployer',
    );
    expect(status).toBe(409);
    expect(body).toMatchObject({
      kind: 'Status',
      reason: 'Conflict',
      code: 409,
      message:
        'Apply failed with 2 conflicts: conflicts with "kubectl":\n- .spec.version\n- .spec.replicas',
      details: {
        name: 'refunds',
        group: 'compute.atrium.dev',
        kind: 'apps',
        causes: [
          {
            reason: 'FieldManagerConflict',
            message: 'conflict with "kubectl"',
            field: '.spec.version',
          },
          {
            reason: 'FieldManagerConflict',
            message: 'conflict with "kubectl"',
            field: '.spec.replicas',
          },
        ],
      },
    });
    expect((await current()).metadata.resourceVersion).toBe(
      before.metadata.resourceVersion,
    );
  });

  it('shares a field applied with the same value, without a conflict', async () => {
    await apply(config(), 'fieldManager=kubectl');
    const { status, body } = await apply(
      { ...config(), spec: { replicas: 2 } },
      'fieldManager=scaler',
    );
    expect(status).toBe(200);
    expect(owners(body).scaler.fieldsV1).toEqual({
      'f:metadata': { 'f:labels': { 'f:compute.atrium.dev/team': {} } },
      'f:spec': { 'f:replicas': {} },
    });
    expect(owners(body).kubectl.fieldsV1['f:spec']['f:replicas']).toEqual({});
  });

  it('with force=true takes the field from its owner', async () => {
    await apply(config(), 'fieldManager=kubectl');
    const { status, body } = await apply(
      { ...config(), spec: { replicas: 6 } },
      'fieldManager=scaler&force=true',
    );
    expect(status).toBe(200);
    expect(body.spec.replicas).toBe(6);
    expect(body.spec.version).toBe('1.0.0');
    expect(owners(body).scaler.fieldsV1['f:spec']).toEqual({
      'f:replicas': {},
    });
    expect(
      owners(body).kubectl.fieldsV1['f:spec']['f:replicas'],
    ).toBeUndefined();
    // kubectl no longer owns replicas: applying its old value now conflicts with the new owner.
    const back = await apply(config(), 'fieldManager=kubectl');
    expect(back.status).toBe(409);
    expect(back.body.message).toBe(
      'Apply failed with 1 conflict: conflict with "scaler": .spec.replicas',
    );
  });

  it('requires fieldManager (422 as Kubernetes), a matching kind and name, and validates like any write', async () => {
    const missing = await apply(config(), '');
    expect(missing.status).toBe(422);
    expect(missing.body.message).toContain(
      'fieldManager: Required value: is required for apply patch',
    );
    expect(
      (await apply({ ...config(), kind: 'Scaler' }, 'fieldManager=k')).status,
    ).toBe(400);
    expect(
      (
        await apply(
          { ...config(), metadata: { name: 'other' } },
          'fieldManager=k',
        )
      ).status,
    ).toBe(400);
    const invalid = await apply(config({ tier: 'gold' }), 'fieldManager=k');
    expect(invalid.status).toBe(422);
    expect(invalid.body.details.causes[0].field).toBe('spec.tier');
    expect((await request('GET', `${APPS}/refunds`)).status).toBe(404);
  });

  it('keeps nothing with dryRun=All: apply, merge patch and create answer as if written', async () => {
    const created = await apply(config(), 'fieldManager=kubectl&dryRun=All');
    expect(created.status).toBe(201);
    expect((await request('GET', `${APPS}/refunds`)).status).toBe(404);
    await apply(config(), 'fieldManager=kubectl');
    const before = await current();
    const applied = await apply(
      config({ replicas: 4 }),
      'fieldManager=kubectl&dryRun=All',
    );
    expect(applied.body.spec.replicas).toBe(4);
    const patched = await request(
      'PATCH',
      `${APPS}/refunds?dryRun=All`,
      JSON.stringify({ spec: { replicas: 7 } }),
      'application/merge-patch+json',
    );
    expect(patched.status).toBe(200);
    expect(patched.body.spec.replicas).toBe(7);
    const posted = await request(
      'POST',
      `${APPS}?dryRun=All`,
      JSON.stringify({ ...config(), metadata: { name: 'other' } }),
      'application/json',
    );
    expect(posted.status).toBe(201);
    expect((await request('GET', `${APPS}/other`)).status).toBe(404);
    const deleted = await request('DELETE', `${APPS}/refunds?dryRun=All`);
    expect(deleted.status).toBe(200);
    expect(await current()).toEqual(before);
    expect(
      (
        await request(
          'PATCH',
          `${APPS}/refunds?dryRun=Some`,
          '{}',
          'application/merge-patch+json',
        )
      ).status,
    ).toBe(400);
  });

  it('keeps the managers through other writes (a PUT of what was read)', async () => {
    await apply(config(), 'fieldManager=kubectl');
    const read = await current();
    read.spec.replicas = 3;
    const put = await request(
      'PUT',
      `${APPS}/refunds`,
      JSON.stringify(read),
      'application/json',
    );
    expect(put.status).toBe(200);
    expect(owners(put.body).kubectl).toBeDefined();
  });
});
