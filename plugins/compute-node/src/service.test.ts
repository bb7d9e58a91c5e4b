import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { HttpComputeService } from './service';

/**
 * The compute service as other backend plugins get it: an HTTP client of the compute backend that calls with
 * a token made for the caller. Tested against a loopback HTTP server standing in for the compute backend
 * (named as such), with stand-ins for Backstage's auth and discovery services.
 */
describe('computeServiceRef (against a loopback stand-in for the compute backend)', () => {
  let server: http.Server;
  let baseUrl: string;
  const seen: Array<{
    method?: string;
    url?: string;
    authorization?: string;
    encoding?: string;
  }> = [];

  beforeAll(async () => {
    server = http.createServer((req, res) => {
      seen.push({
        method: req.method,
        url: req.url,
        authorization: req.headers.authorization,
        encoding: req.headers['accept-encoding'],
      });
      if (req.method === 'DELETE') {
        res.writeHead(204);
        res.end();
        return;
      }
      if (req.url?.includes('/missing/')) {
        res.writeHead(404, { 'content-type': 'application/json' });
        res.end(
          JSON.stringify({
            error: {
              name: 'NotFoundError',
              message: 'No component default/missing in the catalog',
            },
            response: { statusCode: 404 },
          }),
        );
        return;
      }
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({ entityRef: 'component:default/x', clusters: [] }),
      );
    });
    await new Promise<void>(r => server.listen(0, '127.0.0.1', r));
    baseUrl = `http://127.0.0.1:${
      (server.address() as AddressInfo).port
    }/api/compute`;
  });
  afterAll(() => new Promise(r => server.close(r)));

  function makeService() {
    const tokensFor: unknown[] = [];
    const auth = {
      getPluginRequestToken: async (o: {
        onBehalfOf: unknown;
        targetPluginId: string;
      }) => {
        tokensFor.push(o);
        return { token: `token-for-${o.targetPluginId}` };
      },
    };
    const discovery = {
      getBaseUrl: async (id: string) =>
        id === 'compute' ? baseUrl : 'nowhere',
      getExternalBaseUrl: async () => 'nowhere',
    };
    return {
      service: new HttpComputeService(auth as any, discovery),
      tokensFor,
    };
  }

  it('reads with a token made for the caller, at the compute backend', async () => {
    const { service, tokensFor } = makeService();
    const credentials = {
      $$type: '@backstage/BackstageCredentials' as const,
      principal: { type: 'user' as const, userEntityRef: 'user:default/alice' },
    };
    const answer = await service.getComponentWorkloads(
      { kind: 'component', namespace: 'default', name: 'payments-gateway' },
      { credentials },
    );
    expect(answer.entityRef).toBe('component:default/x');
    expect(seen.at(-1)).toEqual({
      method: 'GET',
      url: '/api/compute/components/default/payments-gateway/workloads',
      authorization: 'Bearer token-for-compute',
      // Between plugins the answer is not compressed.
      encoding: 'identity',
    });
    expect(tokensFor).toEqual([
      { onBehalfOf: credentials, targetPluginId: 'compute' },
    ]);
    await service.getTeamQuota(
      { kind: 'group', namespace: 'default', name: 'team-payments' },
      { credentials },
    );
    expect(seen.at(-1)?.url).toBe(
      '/api/compute/teams/default/team-payments/quota',
    );
    // The same caller's second read uses the token made for the first; another caller gets their own.
    expect(tokensFor).toHaveLength(1);
    const bob = {
      $$type: '@backstage/BackstageCredentials' as const,
      principal: { type: 'user' as const, userEntityRef: 'user:default/bob' },
    };
    await service.getTeamQuota(
      { kind: 'group', namespace: 'default', name: 'team-payments' },
      { credentials: bob },
    );
    expect(tokensFor).toEqual([
      { onBehalfOf: credentials, targetPluginId: 'compute' },
      { onBehalfOf: bob, targetPluginId: 'compute' },
    ]);
  });

  it("passes the backend's errors on", async () => {
    const { service } = makeService();
    await expect(
      service.getComponentWorkloads(
        { kind: 'component', namespace: 'default', name: 'missing' },
        { credentials: {} as any },
      ),
    ).rejects.toMatchObject({ name: 'ResponseError', statusCode: 404 });
  });

  it("creates and deletes Apps on behalf of the caller (a scaffolder task's initiator)", async () => {
    const { service, tokensFor } = makeService();
    const credentials = {
      $$type: '@backstage/BackstageCredentials' as const,
      principal: { type: 'user' as const, userEntityRef: 'user:default/alice' },
    };
    await service.createApp(
      'group:default/team-payments',
      {
        name: 'ledger-reports',
        component: 'component:default/ledger-reports',
        tier: 'reserved',
        clusters: ['dev-1'],
        replicas: 2,
        resources: { cpu: '250m', memory: '256Mi' },
        image: 'registry.example/payments/ledger-reports',
      },
      { credentials },
    );
    expect(seen.at(-1)).toMatchObject({
      method: 'POST',
      url: '/api/compute/teams/default/team-payments/apps',
      authorization: 'Bearer token-for-compute',
    });
    await expect(
      service.deleteApp('dev-1', 'team-payments', 'ledger-reports', {
        credentials,
      }),
    ).resolves.toBeUndefined();
    expect(seen.at(-1)).toMatchObject({
      method: 'DELETE',
      url: '/api/compute/clusters/dev-1/namespaces/team-payments/apps/ledger-reports',
    });
    expect(tokensFor).toEqual([
      { onBehalfOf: credentials, targetPluginId: 'compute' },
    ]);
  });
});
