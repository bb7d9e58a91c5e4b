import { ComputeClient } from './client';

/**
 * A client at http://atrium/api/compute whose fetch answers with `answer`; `calls` keeps each call's URL,
 * method and JSON body.
 */
function recordingClient(
  answer: (url: string, init?: RequestInit) => Response,
) {
  const calls: Array<[string, string | undefined, unknown]> = [];
  const client = new ComputeClient({
    discoveryApi: { getBaseUrl: async id => `http://atrium/api/${id}` },
    fetchApi: {
      fetch: (async (url: string, init?: RequestInit) => {
        calls.push([
          url,
          init?.method,
          init?.body ? JSON.parse(String(init.body)) : undefined,
        ]);
        return answer(url, init);
      }) as typeof fetch,
    },
  });
  return { client, calls };
}

describe('ComputeClient', () => {
  it('puts the parameters that are set in the query string', async () => {
    const { client, calls } = recordingClient(
      () => new Response('{}', { status: 200 }),
    );
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
    expect(calls.map(([url]) => url)).toEqual([
      'http://atrium/api/compute/components/default/payments-gateway/activity?limit=20&before=7',
      'http://atrium/api/compute/components/default/payments-gateway/activity',
      'http://atrium/api/compute/clusters/dev-1/namespaces/team-a/pods/p-1/logs?container=mesh+proxy&tailLines=100',
      'http://atrium/api/compute/clusters/dev-1/namespaces/team-a/pods/p-1/logs',
    ]);
  });

  it('creates an App for a team given as a ref or compound, and deletes one with DELETE', async () => {
    const { client, calls } = recordingClient((_url, init) =>
      init?.method === 'DELETE'
        ? new Response(null, { status: 204 })
        : new Response('{"dryRun":true,"apps":[],"scalers":[]}', {
            status: 200,
          }),
    );
    const request = {
      name: 'ledger-reports',
      component: 'component:default/ledger-reports',
      tier: 'reserved' as const,
      clusters: ['dev-1'],
      replicas: 2,
      resources: { cpu: '250m', memory: '256Mi' },
      image: 'registry.example/payments/ledger-reports',
      dryRun: true,
    };
    await client.createApp('group:default/team-payments', request);
    await client.createApp('team-payments', request);
    await client.createApp(
      { kind: 'Group', namespace: 'default', name: 'team-payments' },
      request,
    );
    await expect(
      client.createApp('user:default/alice', request),
    ).rejects.toThrow("Compute's teams are group entities");
    expect(
      await client.deleteApp('dev-1', 'team-payments', 'ledger-reports'),
    ).toBeUndefined();
    const url = 'http://atrium/api/compute/teams/default/team-payments/apps';
    expect(calls).toEqual([
      [url, 'POST', request],
      [url, 'POST', request],
      [url, 'POST', request],
      [
        'http://atrium/api/compute/clusters/dev-1/namespaces/team-payments/apps/ledger-reports',
        'DELETE',
        undefined,
      ],
    ]);
  });

  it('calls the approval routes, and a creation stored for approval (202) throws ApprovalRequiredError', async () => {
    const approval = {
      id: 'a-1',
      team: 'group:default/team-payments',
      reasons: [{ rule: 'reserved-tier', message: 'Reserved.' }],
    };
    const { client, calls } = recordingClient(
      url =>
        new Response(JSON.stringify({ approval, items: [] }), {
          status: url.endsWith('/apps') ? 202 : 200,
        }),
    );
    const app = { cluster: 'dev-1', namespace: 'team-payments', name: 'pg' };
    const body = { resourceVersion: '4', version: '2.5.0' };
    await client.checkAction(app, 'deploy', body);
    await client.checkCreateApp('team-payments', { name: 'x' } as any);
    await client.listApprovals({ awaiting: 'me' });
    await client.listApprovals({ requestedBy: 'me' });
    await client.getApproval('a-1');
    await client.approve('a-1');
    await client.reject('a-1', { comment: 'not now' });
    expect(await client.deploy(app, body)).toMatchObject({ approval });
    await expect(
      client.createApp('team-payments', { name: 'x' } as any),
    ).rejects.toMatchObject({
      name: 'ApprovalRequiredError',
      approval,
      message: expect.stringMatching(/^Needs approval: Reserved\. Request a-1/),
    });
    const base = 'http://atrium/api/compute';
    const appUrl = `${base}/clusters/dev-1/namespaces/team-payments/apps/pg`;
    expect(calls).toEqual([
      [`${appUrl}/deploy/check`, 'POST', body],
      [`${base}/teams/default/team-payments/apps/check`, 'POST', { name: 'x' }],
      [`${base}/approvals?awaiting=me`, 'GET', undefined],
      [`${base}/approvals?requestedBy=me`, 'GET', undefined],
      [`${base}/approvals/a-1`, 'GET', undefined],
      [`${base}/approvals/a-1/approve`, 'POST', {}],
      [`${base}/approvals/a-1/reject`, 'POST', { comment: 'not now' }],
      [`${appUrl}/deploy`, 'POST', body],
      [`${base}/teams/default/team-payments/apps`, 'POST', { name: 'x' }],
    ]);
  });
});
