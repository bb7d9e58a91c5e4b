// Tokens, discovery and the access reviews (SelfSubjectAccessReview, SelfSubjectRulesReview) under Atrium's
// RBAC. What compute's service account may do, call by call, is in rbac.test.ts.
import { G, NS, UNBOUND, useRbacCluster } from './__testUtils__/rbacCluster';

jest.setTimeout(20_000);

describe('RBAC: Atrium compute service account (deploy/cluster/rbac.yaml)', () => {
  const { call, admin, compute } = useRbacCluster();

  it('keeps the admin token allowed everything, and 401 for unknown tokens', async () => {
    expect(
      (await admin('GET', `/api/v1/namespaces/${NS}/secrets`)).status,
    ).toBe(404);
    expect(
      (
        await admin(
          'DELETE',
          `${G}/namespaces/${UNBOUND}/apps/payments-gateway`,
        )
      ).status,
    ).toBe(200);
    expect((await call('GET', '/api/v1/nodes', 'nobody')).status).toBe(401);
  });

  it('lets every authenticated user read discovery, version and OpenAPI', async () => {
    for (const url of [
      '/api',
      '/apis',
      '/api/v1',
      `${G}`,
      '/version',
      '/openapi/v3',
      '/healthz',
    ])
      expect([url, (await compute('GET', url)).status]).toEqual([url, 200]);
  });

  it('answers SelfSubjectAccessReview from the same authorizer', async () => {
    const review = (resourceAttributes: Record<string, string>) =>
      compute(
        'POST',
        '/apis/authorization.k8s.io/v1/selfsubjectaccessreviews',
        {
          apiVersion: 'authorization.k8s.io/v1',
          kind: 'SelfSubjectAccessReview',
          spec: { resourceAttributes },
        },
      );
    /** The attributes of a `verb` on Apps in `namespace`. */
    const onApps = (namespace: string, verb: string) => ({
      namespace,
      verb,
      group: 'compute.atrium.dev',
      resource: 'apps',
    });
    const yes = await review(onApps(NS, 'update'));
    expect(yes.status).toBe(201);
    expect(yes.body).toMatchObject({
      kind: 'SelfSubjectAccessReview',
      apiVersion: 'authorization.k8s.io/v1',
      status: {
        allowed: true,
        reason: `RBAC: allowed by RoleBinding "atrium-compute/${NS}" of ClusterRole "atrium-compute-team" to ServiceAccount "atrium/atrium-compute"`,
      },
    });
    // Denied without a reason; allowed with the binding that allows it.
    for (const [attributes, status] of [
      [onApps(NS, 'patch'), { allowed: false }],
      [onApps(UNBOUND, 'get'), { allowed: false }],
      [
        { namespace: NS, verb: 'get', resource: 'pods', subresource: 'log' },
        expect.objectContaining({ allowed: true }),
      ],
    ] as Array<[Record<string, string>, unknown]>) {
      expect([attributes, (await review(attributes)).body.status]).toEqual([
        attributes,
        status,
      ]);
    }
    const nonResource = await compute(
      'POST',
      '/apis/authorization.k8s.io/v1/selfsubjectaccessreviews',
      {
        spec: { nonResourceAttributes: { path: '/apis', verb: 'get' } },
      },
    );
    expect(nonResource.body.status.allowed).toBe(true);
    const adminReview = await admin(
      'POST',
      '/apis/authorization.k8s.io/v1/selfsubjectaccessreviews',
      {
        spec: { resourceAttributes: onApps(NS, 'delete') },
      },
    );
    expect(adminReview.body.status.allowed).toBe(true);
  });

  it('answers SelfSubjectRulesReview with the rules that apply in a namespace', async () => {
    const { status, body } = await compute(
      'POST',
      '/apis/authorization.k8s.io/v1/selfsubjectrulesreviews',
      {
        spec: { namespace: NS },
      },
    );
    expect(status).toBe(201);
    expect(body.status.incomplete).toBe(false);
    expect(body.status.resourceRules).toEqual(
      expect.arrayContaining([
        {
          verbs: ['get', 'list', 'update', 'create', 'delete'],
          apiGroups: ['compute.atrium.dev'],
          resources: ['apps', 'scalers'],
        },
        { verbs: ['get'], apiGroups: [''], resources: ['pods/log'] },
      ]),
    );
    const elsewhere = await compute(
      'POST',
      '/apis/authorization.k8s.io/v1/selfsubjectrulesreviews',
      {
        spec: { namespace: UNBOUND },
      },
    );
    expect(JSON.stringify(elsewhere.body.status.resourceRules)).not.toContain(
      'update',
    );
  });

  it('lists authorization.k8s.io in discovery', async () => {
    const groups = (await compute('GET', '/apis')).body.groups.map(
      (g: any) => g.name,
    );
    expect(groups).toEqual(
      expect.arrayContaining(['compute.atrium.dev', 'authorization.k8s.io']),
    );
    const resources = (await compute('GET', '/apis/authorization.k8s.io/v1'))
      .body.resources;
    expect(resources.map((r: any) => r.name)).toEqual([
      'selfsubjectaccessreviews',
      'selfsubjectrulesreviews',
    ]);
  });
});
