import { ComputeClient } from './client';

describe('ComputeClient', () => {
  it('puts the parameters that are set in the query string', async () => {
    const urls: string[] = [];
    const client = new ComputeClient({
      discoveryApi: { getBaseUrl: async id => `http://atrium/api/${id}` },
      fetchApi: {
        fetch: (async (url: string) => {
          urls.push(url);
          return new Response('{}', { status: 200 });
        }) as typeof fetch,
      },
    });
    const component = {
      kind: 'component',
      namespace: 'default',
      name: 'payments-gateway',
    };
    await client.getComponentActivity(component, { limit: 20, before: 7 });
    await client.getComponentActivity(component);
    const pod = { cluster: 'dev-1', namespace: 'team-a', name: 'p-1' };
    await client.getPodLogs(pod, { container: 'mesh proxy', tailLines: 100 });
    await client.getPodLogs(pod, { tailLines: undefined });
    expect(urls).toEqual([
      'http://atrium/api/compute/components/default/payments-gateway/activity?limit=20&before=7',
      'http://atrium/api/compute/components/default/payments-gateway/activity',
      'http://atrium/api/compute/clusters/dev-1/namespaces/team-a/pods/p-1/logs?container=mesh+proxy&tailLines=100',
      'http://atrium/api/compute/clusters/dev-1/namespaces/team-a/pods/p-1/logs',
    ]);
  });
});
