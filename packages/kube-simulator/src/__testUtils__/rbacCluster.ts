import path from 'node:path';
import { findRepoRoot } from '../paths';
import type { KubeSimulator, ListeningServer } from '../simulator';
import { startTestCluster, TOKEN } from './client';

export const ROOT = findRepoRoot(__dirname)!;
export const COMPUTE_TOKEN = 'compute-sa-token';
export const COMPUTE_USER = 'system:serviceaccount:atrium:atrium-compute';
export const NS = 'team-payments';
export const UNBOUND = 'team-unbound';
export const G = '/apis/compute.atrium.dev/v1alpha1';
/** The App (and Scaler) compute creates, then deletes, in the calls below. */
export const NEW_APP = 'ledger-reports';

/**
 * A test cluster with Atrium's real RBAC manifests (deploy/cluster/rbac.yaml, the team namespace example's
 * RoleBinding) and compute's service account token, before each test of the calling `describe`: a Scaler of
 * payments-gateway in NS, and an UNBOUND namespace with a copy of its App. Requests as the admin or as compute.
 */
export function useRbacCluster() {
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

  return { call, admin, compute, newObject };
}
