// What compute's service account may do, call by call. Tokens, discovery and access reviews are in
// rbac.reviews.test.ts.
import fs from 'node:fs';
import path from 'node:path';
import {
  COMPUTE_USER,
  G,
  NEW_APP,
  NS,
  ROOT,
  UNBOUND,
  useRbacCluster,
} from './__testUtils__/rbacCluster';

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
  const { admin, compute, newObject } = useRbacCluster();

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
});
