import {
  BEFORE,
  G,
  request,
  useCreationHarness,
} from './__testUtils__/creationHarness';

jest.setTimeout(30_000);

describe('ComputeCreation writing to two simulated clusters (the refusals of a request: ComputeCreation.refusals.test.ts)', () => {
  const h = useCreationHarness();

  it('creates the App and its Scaler in the team namespace on every chosen cluster, audited first', async () => {
    const answer = await h.create(request());
    expect(answer.dryRun).toBe(false);
    expect(answer.apps.map(a => [a.cluster, a.namespace, a.name])).toEqual([
      ['sim-a', 'team-payments', 'ledger-reports'],
      ['sim-b', 'team-payments', 'ledger-reports'],
    ]);
    expect(answer.scalers).toHaveLength(2);
    expect(answer.apps.every(a => a.resourceVersion !== '')).toBe(true);
    for (const cluster of ['sim-a', 'sim-b']) {
      const { body: app } = await h.kube(
        cluster,
        'GET',
        `${G}/apps/ledger-reports`,
      );
      expect(app.metadata.labels).toEqual({
        'compute.atrium.dev/component': 'ledger-reports',
        'compute.atrium.dev/team': 'team-payments',
      });
      // No tag: nothing runs until the first deploy, which gives it the 2 replicas.
      expect(app.spec).toMatchObject({
        image: 'registry.test/payments/ledger-reports',
        version: 'undeployed',
        replicas: 0,
        tier: 'reserved',
        resources: { cpu: '250m', memory: '256Mi' },
      });
      expect(
        app.metadata.annotations['compute.atrium.dev/first-deploy-replicas'],
      ).toBe('2');
      const { body: scaler } = await h.kube(
        cluster,
        'GET',
        `${G}/scalers/ledger-reports`,
      );
      expect(scaler.spec).toMatchObject({
        targetRef: { name: 'ledger-reports' },
        minReplicas: 1,
        maxReplicas: 4,
      });
    }
    expect(
      h.records.map(r => [r.action, r.cluster, r.entityRef, r.result]),
    ).toEqual([
      ['create', 'sim-a', 'component:default/ledger-reports', 'succeeded'],
      ['create', 'sim-b', 'component:default/ledger-reports', 'succeeded'],
    ]);
  });

  it('creates an App that runs a given tag at once, and refuses a tag the registry lacks', async () => {
    await expect(
      h.create(request({ clusters: ['sim-a'], tag: '9.9.9' })),
    ).rejects.toThrow('registry.test/payments/ledger-reports has no tag 9.9.9');
    await h.create(request({ clusters: ['sim-a'], tag: '1.0.0' }));
    const { body: app } = await h.kube(
      'sim-a',
      'GET',
      `${G}/apps/ledger-reports`,
    );
    expect(app.spec).toMatchObject({ version: '1.0.0', replicas: 2 });
    expect(app.metadata.annotations).toEqual({
      'compute.atrium.dev/change-cause': 'deploy 1.0.0',
    });
  });

  it('checks the quota on every cluster first: over on the second means nothing on the first', async () => {
    // sim-a has no on-demand quota (no limit); sim-b gets a small one.
    const quota = await h.kube(
      'sim-b',
      'POST',
      '/api/v1/namespaces/team-payments/resourcequotas',
      {
        apiVersion: 'v1',
        kind: 'ResourceQuota',
        metadata: { name: 'tier-on-demand', namespace: 'team-payments' },
        spec: {
          hard: { 'requests.cpu': '300m', 'requests.memory': '4Gi' },
          scopeSelector: {
            matchExpressions: [
              {
                scopeName: 'PriorityClass',
                operator: 'In',
                values: ['atrium-on-demand'],
              },
            ],
          },
        },
      },
    );
    expect(quota.status).toBe(201);
    const error = await h.create(request({ tier: 'on-demand' })).catch(e => e);
    expect(error.name).toBe('InputError');
    // Tier, cluster, resource, what was asked and what is free.
    expect(error.message).toMatch(
      /2 replicas need 500m CPU more, and the on-demand quota of team-payments in sim-b has 300m CPU free/,
    );
    expect(await h.appNames('sim-a')).toEqual(BEFORE);
    expect(await h.scalerNames('sim-a')).toEqual([]);
    expect(h.records).toEqual([]);
  });

  it('undoes a partial creation: a write failing on the second cluster deletes what the first got', async () => {
    const second = h.clusters.get('sim-b');
    const spy = jest
      .spyOn(second, 'create')
      .mockRejectedValueOnce(new Error('the API server went away'));
    await expect(h.create(request())).rejects.toThrow(
      'the API server went away',
    );
    spy.mockRestore();
    expect(await h.appNames('sim-a')).toEqual(BEFORE);
    expect(await h.scalerNames('sim-a')).toEqual([]);
    expect(await h.appNames('sim-b')).toEqual(BEFORE);
    expect(h.records.map(r => [r.cluster, r.result, r.message])).toEqual([
      [
        'sim-a',
        'failed',
        'not created: creating it in sim-b failed (the API server went away); deleted again',
      ],
      ['sim-b', 'failed', 'the API server went away'],
    ]);
  });

  it('answers 409 when the name is taken on any chosen cluster, before writing anywhere', async () => {
    await h.kube('sim-b', 'POST', `${G}/apps`, {
      apiVersion: 'compute.atrium.dev/v1alpha1',
      kind: 'App',
      metadata: { name: 'ledger-reports', namespace: 'team-payments' },
      spec: {
        image: 'registry.test/other',
        version: '1.0.0',
        replicas: 1,
        tier: 'reserved',
        resources: { cpu: '100m', memory: '64Mi' },
      },
    });
    const error = await h.create(request()).catch(e => e);
    expect(error.name).toBe('ConflictError');
    expect(error.message).toBe(
      'An App named ledger-reports already exists in team-payments on cluster sim-b',
    );
    expect(await h.appNames('sim-a')).toEqual(BEFORE);
  });

  it('a dry run answers the objects it would create and writes and audits nothing', async () => {
    const answer = await h.create(request({ dryRun: true }));
    expect(answer.dryRun).toBe(true);
    expect(answer.apps.map(a => [a.cluster, a.resourceVersion])).toEqual([
      ['sim-a', ''],
      ['sim-b', ''],
    ]);
    expect(answer.manifests?.map(m => m.kind)).toEqual([
      'App',
      'Scaler',
      'App',
      'Scaler',
    ]);
    expect(answer.manifests?.[0]).toMatchObject({
      apiVersion: 'compute.atrium.dev/v1alpha1',
      metadata: { name: 'ledger-reports', namespace: 'team-payments' },
    });
    expect(await h.appNames('sim-a')).toEqual(BEFORE);
    expect(await h.appNames('sim-b')).toEqual(BEFORE);
    expect(await h.scalerNames('sim-a')).toEqual([]);
    expect(h.records).toEqual([]);
  });
});
