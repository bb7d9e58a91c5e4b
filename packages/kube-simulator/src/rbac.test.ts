import fs from 'node:fs';
import path from 'node:path';
import { findRepoRoot } from './paths';
import { KubeSimulator, ListeningServer } from './simulator';
import { startTestCluster, TOKEN } from './__testUtils__/client';

const ROOT = findRepoRoot(__dirname)!;
const COMPUTE_TOKEN = 'compute-sa-token';
const COMPUTE_USER = 'system:serviceaccount:atrium:atrium-compute';
const NS = 'team-payments';
const UNBOUND = 'team-unbound';
const G = '/apis/compute.atrium.dev/v1alpha1';
/** The App (and Scaler) compute creates, then deletes, in the calls below. */
const NEW_APP = 'ledger-reports';

/**
 * What each @kubernetes/client-node call of Atrium's compute (plugins/compute-backend/src/cluster/KubeCluster.ts)
 * asks the API server for: the requests the service account must be allowed, in a bound team namespace.
 * `apps`/`scalers` calls are made for both plurals.
 */
const COMPUTE_CALLS: Record<string, Array<[method: string, path: string]>> = {
  readNamespace: [['GET', `/api/v1/namespaces/${NS}`]],
  listNamespace: [
    ['GET', '/api/v1/namespaces?labelSelector=compute.atrium.dev%2Fteam'],
  ],
  listNamespacedCustomObject: [
    ['GET', `${G}/namespaces/${NS}/apps`],
    ['GET', `${G}/namespaces/${NS}/scalers`],
  ],
  listClusterCustomObject: [
    ['GET', `${G}/apps?labelSelector=compute.atrium.dev%2Fcomponent%3Dx`],
    ['GET', `${G}/scalers`],
  ],
  getNamespacedCustomObject: [
    ['GET', `${G}/namespaces/${NS}/apps/payments-gateway`],
    ['GET', `${G}/namespaces/${NS}/scalers/payments-gateway`],
  ],
  replaceNamespacedCustomObject: [
    ['PUT', `${G}/namespaces/${NS}/apps/payments-gateway`],
    ['PUT', `${G}/namespaces/${NS}/scalers/payments-gateway`],
  ],
  // Self-service: a new service's App and Scaler, and their removal when its run fails half-way.
  createNamespacedCustomObject: [
    ['POST', `${G}/namespaces/${NS}/apps`],
    ['POST', `${G}/namespaces/${NS}/scalers`],
  ],
  deleteNamespacedCustomObject: [
    ['DELETE', `${G}/namespaces/${NS}/scalers/${NEW_APP}`],
    ['DELETE', `${G}/namespaces/${NS}/apps/${NEW_APP}`],
  ],
  listNamespacedPod: [
    [
      'GET',
      `/api/v1/namespaces/${NS}/pods?labelSelector=compute.atrium.dev%2Fapp`,
    ],
  ],
  readNamespacedPod: [['GET', `/api/v1/namespaces/${NS}/pods/{pod}`]],
  listNamespacedEvent: [['GET', `/api/v1/namespaces/${NS}/events`]],
  readNamespacedPodLog: [
    [
      'GET',
      `/api/v1/namespaces/${NS}/pods/{pod}/log?container={container}&tailLines=10`,
    ],
  ],
  listNamespacedResourceQuota: [
    ['GET', `/api/v1/namespaces/${NS}/resourcequotas`],
  ],
  listNode: [['GET', '/api/v1/nodes']],
  // The cache's informers (ClusterCache): each lists, as above, then watches (timeoutSeconds=0 ends it at once).
  makeInformer: [
    ['GET', `${G}/apps?watch=true&timeoutSeconds=0`],
    ['GET', `${G}/scalers?watch=true&timeoutSeconds=0`],
    [
      'GET',
      '/api/v1/namespaces?watch=true&timeoutSeconds=0&labelSelector=compute.atrium.dev%2Fteam',
    ],
    ['GET', '/api/v1/nodes?watch=true&timeoutSeconds=0'],
    [
      'GET',
      `/api/v1/namespaces/${NS}/pods?watch=true&timeoutSeconds=0&labelSelector=compute.atrium.dev%2Fapp`,
    ],
    ['GET', `/api/v1/namespaces/${NS}/events?watch=true&timeoutSeconds=0`],
  ],
};

jest.setTimeout(20_000);

describe('RBAC: Atrium compute service account (deploy/cluster/rbac.yaml)', () => {
  let simulator: KubeSimulator;
  let server: ListeningServer;

  const call = async (
    method: string,
    url: string,
    token: string,
    body?: unknown,
  ) => {
    const res = await fetch(`${server.url}${url}`, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    let json: any;
    try {
      json = JSON.parse(text);
    } catch {
      json = text;
    }
    return { status: res.status, body: json };
  };
  const admin = (method: string, url: string, body?: unknown) =>
    call(method, url, TOKEN, body);
  const compute = (method: string, url: string, body?: unknown) =>
    call(method, url, COMPUTE_TOKEN, body);
  /** What compute POSTs to create NEW_APP: a copy of payments-gateway's App, or a Scaler of NEW_APP. */
  const newObject = async (url: string) => {
    if (url.endsWith('/scalers'))
      return {
        apiVersion: 'compute.atrium.dev/v1alpha1',
        kind: 'Scaler',
        metadata: { name: NEW_APP, namespace: NS },
        spec: { targetRef: { name: NEW_APP }, minReplicas: 1, maxReplicas: 2 },
      };
    const app = (
      await admin('GET', `${G}/namespaces/${NS}/apps/payments-gateway`)
    ).body;
    const { status: _status, ...copy } = app;
    return { ...copy, metadata: { name: NEW_APP, namespace: NS } };
  };

  beforeEach(async () => {
    ({ simulator, server } = await startTestCluster({
      rbac: {
        // The real manifests: the service account's roles, and the team namespace example's RoleBinding.
        seed: [
          path.join(ROOT, 'deploy/cluster/rbac.yaml'),
          path.join(ROOT, 'deploy/examples/team-namespace.yaml'),
        ],
        tokens: [{ token: COMPUTE_TOKEN, user: COMPUTE_USER }],
      },
    }));
    const created = async (url: string, body: unknown) => {
      const { status, body: answer } = await admin('POST', url, body);
      if (status !== 201)
        throw new Error(`POST ${url}: ${status} ${JSON.stringify(answer)}`);
    };
    const scaler = (namespace: string) => ({
      apiVersion: 'compute.atrium.dev/v1alpha1',
      kind: 'Scaler',
      metadata: { name: 'payments-gateway', namespace },
      spec: {
        targetRef: { name: 'payments-gateway' },
        minReplicas: 1,
        maxReplicas: 4,
      },
    });
    await created(`${G}/namespaces/${NS}/scalers`, scaler(NS));
    await created('/api/v1/namespaces', { metadata: { name: UNBOUND } });
    const app = (
      await admin('GET', `${G}/namespaces/${NS}/apps/payments-gateway`)
    ).body;
    const copy = {
      ...app,
      metadata: { name: 'payments-gateway', namespace: UNBOUND },
    };
    delete copy.status;
    await created(`${G}/namespaces/${UNBOUND}/apps`, copy);
  });

  afterEach(async () => {
    await simulator.stop();
  });

  it('lists every Kubernetes call compute makes (fails when KubeCluster.ts calls one this test does not know)', () => {
    const source = fs.readFileSync(
      path.join(ROOT, 'plugins/compute-backend/src/cluster/KubeCluster.ts'),
      'utf8',
    );
    const calls = [
      ...new Set(
        [
          ...source.matchAll(
            /this\.(?:core|custom)\.(\w+)\(|\b(makeInformer)(?:<\w+>)?\(/g,
          ),
        ].map(m => m[1] ?? m[2]),
      ),
    ].sort();
    expect(calls.length).toBeGreaterThan(5);
    expect(calls).toEqual(Object.keys(COMPUTE_CALLS).sort());
  });

  it('allows the service account every request compute makes in a bound team namespace', async () => {
    const pods = (await admin('GET', `/api/v1/namespaces/${NS}/pods`)).body
      .items;
    expect(pods.length).toBeGreaterThan(0);
    const pod = pods[0];
    const fill = (url: string) =>
      url
        .replace('{pod}', pod.metadata.name)
        .replace('{container}', pod.spec.containers[0].name);
    const answers: string[] = [];
    for (const [name, requests] of Object.entries(COMPUTE_CALLS)) {
      for (const [method, template] of requests) {
        const url = fill(template);
        let body: unknown;
        if (method === 'PUT') body = (await compute('GET', url)).body;
        if (method === 'POST') body = await newObject(url);
        const { status } = await compute(method, url, body);
        answers.push(`${name} ${method} ${url.split('?')[0]} ${status}`);
      }
    }
    for (const line of answers) expect(line).toMatch(/ 20[01]$/);
  });

  it.each([
    [
      'delete an App in a namespace not bound',
      'DELETE',
      `${G}/namespaces/${UNBOUND}/apps/payments-gateway`,
      `apps.compute.atrium.dev "payments-gateway" is forbidden: User "${COMPUTE_USER}" cannot delete resource "apps" in API group "compute.atrium.dev" in the namespace "${UNBOUND}"`,
    ],
    [
      'create an App in a namespace not bound',
      'POST',
      `${G}/namespaces/${UNBOUND}/apps`,
      `apps.compute.atrium.dev is forbidden: User "${COMPUTE_USER}" cannot create resource "apps" in API group "compute.atrium.dev" in the namespace "${UNBOUND}"`,
    ],
    [
      'patch an App (compute replaces)',
      'PATCH',
      `${G}/namespaces/${NS}/apps/payments-gateway`,
      `cannot patch resource "apps"`,
    ],
    [
      'scale through the subresource',
      'PUT',
      `${G}/namespaces/${NS}/apps/payments-gateway/scale`,
      `cannot update resource "apps/scale" in API group "compute.atrium.dev" in the namespace "${NS}"`,
    ],
    [
      'read secrets',
      'GET',
      `/api/v1/namespaces/${NS}/secrets`,
      `secrets is forbidden: User "${COMPUTE_USER}" cannot list resource "secrets" in API group "" in the namespace "${NS}"`,
    ],
    [
      'watch pods in every namespace (the cache watches them per team namespace)',
      'GET',
      `/api/v1/pods?watch=true&timeoutSeconds=0`,
      `cannot watch resource "pods" in API group "" at the cluster scope`,
    ],
    [
      'watch events in a namespace not bound',
      'GET',
      `/api/v1/namespaces/${UNBOUND}/events?watch=true&timeoutSeconds=0`,
      `cannot watch resource "events" in API group "" in the namespace "${UNBOUND}"`,
    ],
    [
      'write in a namespace not bound',
      'PUT',
      `${G}/namespaces/${UNBOUND}/apps/payments-gateway`,
      `cannot update resource "apps" in API group "compute.atrium.dev" in the namespace "${UNBOUND}"`,
    ],
    [
      'read pods in a namespace not bound',
      'GET',
      `/api/v1/namespaces/${UNBOUND}/pods`,
      `cannot list resource "pods" in API group "" in the namespace "${UNBOUND}"`,
    ],
    [
      'delete a pod',
      'DELETE',
      `/api/v1/namespaces/${NS}/pods/any`,
      `cannot delete resource "pods"`,
    ],
    [
      'use the simulator-only endpoint',
      'POST',
      '/_simulator/bad-images',
      `forbidden: User "${COMPUTE_USER}" cannot post path "/_simulator/bad-images"`,
    ],
  ])(
    'answers 403 Forbidden when the service account tries to %s',
    async (_what, method, url, message) => {
      const before = (
        await admin('GET', `${G}/namespaces/${NS}/apps/payments-gateway`)
      ).body;
      const { status, body } = await compute(
        method,
        url,
        method === 'GET' || method === 'DELETE' ? undefined : { spec: {} },
      );
      expect(status).toBe(403);
      expect(body).toMatchObject({
        kind: 'Status',
        status: 'Failure',
        reason: 'Forbidden',
        code: 403,
      });
      expect(body.message).toContain(message);
      const after = (
        await admin('GET', `${G}/namespaces/${NS}/apps/payments-gateway`)
      ).body;
      expect(after.metadata.resourceVersion).toBe(
        before.metadata.resourceVersion,
      );
    },
  );

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
    const yes = await review({
      namespace: NS,
      verb: 'update',
      group: 'compute.atrium.dev',
      resource: 'apps',
    });
    expect(yes.status).toBe(201);
    expect(yes.body).toMatchObject({
      kind: 'SelfSubjectAccessReview',
      apiVersion: 'authorization.k8s.io/v1',
      status: {
        allowed: true,
        reason: `RBAC: allowed by RoleBinding "atrium-compute/${NS}" of ClusterRole "atrium-compute-team" to ServiceAccount "atrium/atrium-compute"`,
      },
    });
    const no = await review({
      namespace: NS,
      verb: 'patch',
      group: 'compute.atrium.dev',
      resource: 'apps',
    });
    expect(no.body.status).toEqual({ allowed: false });
    const unbound = await review({
      namespace: UNBOUND,
      verb: 'get',
      group: 'compute.atrium.dev',
      resource: 'apps',
    });
    expect(unbound.body.status.allowed).toBe(false);
    const log = await review({
      namespace: NS,
      verb: 'get',
      resource: 'pods',
      subresource: 'log',
    });
    expect(log.body.status.allowed).toBe(true);
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
        spec: {
          resourceAttributes: {
            namespace: NS,
            verb: 'delete',
            group: 'compute.atrium.dev',
            resource: 'apps',
          },
        },
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
