import {
  act,
  fireEvent,
  screen,
  waitFor,
  within,
} from '@testing-library/react';
import { mockApis, renderInTestApp } from '@backstage/frontend-test-utils';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import { usePermission } from '@backstage/plugin-permission-react';
import { signalApiRef } from '@backstage/plugin-signals-react';
import { stringifyEntityRef, type Entity } from '@backstage/catalog-model';
import { ResponseError } from '@backstage/errors';
import { entityOperatePermission } from '@atrium/plugin-identity-common';
import { computeApiRef } from '../../api';
import {
  actionResponse,
  componentEntity,
  fakeComputeApi,
  fakeSignalApi,
  makeApp,
  partialWorkloads,
  scaleSignal,
} from '../../testing/fixtures';
import { ComputeTab } from './ComputeTab';

type Authorize = NonNullable<
  NonNullable<Parameters<typeof mockApis.permission>[0]>['authorize']
>;
const decision = (allow: boolean) =>
  (allow ? 'ALLOW' : 'DENY') as unknown as Extract<Authorize, string>;

let rendered = 0;

/**
 * Shows once the permission framework has answered the question the tab asks (usePermission shares one answer
 * per question), so a test can assert what the answer hides without guessing how long it takes.
 */
function PermissionAnswered(props: { entity: Entity }) {
  const { loading } = usePermission({
    permission: entityOperatePermission,
    resourceRef: stringifyEntityRef(props.entity),
  });
  return loading ? null : <span data-testid="permission-answered" />;
}

function renderTab(
  api: ReturnType<typeof fakeComputeApi>,
  allow: boolean,
  signals?: ReturnType<typeof fakeSignalApi>,
) {
  // usePermission caches answers per resourceRef for the whole test file (SWR), so each render asks about an
  // entity of its own; the workloads come from the fake API whatever the name.
  const entity = {
    ...componentEntity,
    metadata: {
      ...componentEntity.metadata,
      name: `payments-gateway-${++rendered}`,
    },
  };
  return renderInTestApp(
    <EntityProvider entity={entity}>
      <ComputeTab />
      <PermissionAnswered entity={entity} />
    </EntityProvider>,
    {
      apis: [
        [computeApiRef, api],
        mockApis.permission({ authorize: decision(allow) }),
        ...(signals ? [[signalApiRef, signals] as const] : []),
      ],
    },
  );
}

async function responseError(
  status: number,
  statusText: string,
  error: { name: string; message: string },
) {
  const body = JSON.stringify({ error, response: { statusCode: status } });
  return ResponseError.fromResponse({
    ok: false,
    status,
    statusText,
    url: 'http://localhost/api/compute/x',
    headers: {
      get: (h: string) =>
        h.toLowerCase() === 'content-type' ? 'application/json' : null,
    } as any,
    text: async () => body,
  } as any);
}

const conflictError = () =>
  responseError(409, 'Conflict', {
    name: 'ConflictError',
    message: 'resourceVersion 100 is stale',
  });

describe('ComputeTab (with a fake frontend ComputeApi)', () => {
  it('renders the answering cluster and the failed one inline', async () => {
    const api = fakeComputeApi();
    await renderTab(api, false);

    const app = await screen.findByTestId(
      'compute-app-sim-eu-west-payments-gateway',
    );
    const tab = screen.getByTestId('compute-tab');
    const eu = screen.getByTestId('compute-cluster-sim-eu-west');
    expect(tab.contains(eu)).toBe(true);
    expect(eu.contains(app)).toBe(true);
    expect(eu.textContent).toContain('sim-eu-west');
    expect(
      screen.getByTestId('compute-cluster-sim-us-east').textContent,
    ).toContain('sim-us-east');
    expect(
      screen.getByTestId('compute-cluster-error-sim-us-east').textContent,
    ).toContain('Timeout');
    expect(
      screen.getByTestId('compute-app-replicas-sim-eu-west-payments-gateway')
        .textContent,
    ).toBe('3/3');
    expect(
      screen.getByTestId('compute-app-phase-sim-eu-west-payments-gateway')
        .textContent,
    ).toContain('Running');
    expect(
      screen.getByTestId('compute-pods-sim-eu-west-payments-gateway')
        .textContent,
    ).toContain('payments-gateway-3-abcde');
    expect(api.getComponentWorkloads).toHaveBeenCalledWith(
      {
        kind: 'Component',
        namespace: 'default',
        name: expect.stringMatching(/^payments-gateway-\d+$/),
      },
      expect.anything(),
    );
    // The owner `payments` is read as group:default/payments.
    await waitFor(() =>
      expect(api.getTeamQuota).toHaveBeenCalledWith(
        { kind: 'group', namespace: 'default', name: 'payments' },
        expect.anything(),
      ),
    );
    expect((await screen.findByTestId('compute-quota')).textContent).toContain(
      'on-demand',
    );
  });

  it("shows the backend's reason, not only the HTTP status, when the workloads cannot be read", async () => {
    const error = await responseError(503, 'Service Unavailable', {
      name: 'ServiceUnavailableError',
      message: 'No cluster answered: sim-eu-west timed out',
    });
    await renderTab(
      fakeComputeApi({
        getComponentWorkloads: async () => Promise.reject(error),
      }),
      false,
    );
    // In the error panel's title ("Error: …"), visible without opening its details (which hold it too).
    const title = await screen.findByText(
      /^Error: No cluster answered: sim-eu-west timed out$/,
    );
    expect(title.textContent).toBe(
      'Error: No cluster answered: sim-eu-west timed out',
    );
  });

  it('shows no action buttons when the permission is denied', async () => {
    await renderTab(fakeComputeApi(), false);
    await screen.findByTestId('compute-app-sim-eu-west-payments-gateway');
    // The answer has arrived (and was "deny"): only now does the absence of buttons mean anything.
    await screen.findByTestId('permission-answered');
    expect(
      document.querySelectorAll('[data-testid^="compute-action-"]'),
    ).toHaveLength(0);
    expect(
      screen.queryByTestId('compute-action-scale-sim-eu-west-payments-gateway'),
    ).toBeNull();
  });

  it("names the Apps it leaves out as another team's, and why", async () => {
    const reason =
      "namespace team-payments belongs to group:default/team-payments, not to this component's owner group:default/team-fleet";
    await renderTab(
      fakeComputeApi({
        getComponentWorkloads: async () => ({
          ...partialWorkloads(),
          excluded: [
            {
              cluster: 'sim-eu-west',
              namespace: 'team-payments',
              name: 'payments-gateway-canary',
              reason,
            },
          ],
        }),
      }),
      false,
    );
    expect((await screen.findByTestId('compute-excluded')).textContent).toBe(
      `Left out, as they are another team's: payments-gateway-canary in sim-eu-west (${reason}).`,
    );
    expect(
      screen.queryByTestId('compute-app-sim-eu-west-payments-gateway-canary'),
    ).toBeNull();
  });

  it('shows the actions when allowed, rollback only on earlier revisions', async () => {
    await renderTab(fakeComputeApi(), true);
    const label = (testId: string) => screen.getByTestId(testId).textContent;
    expect(
      (
        await screen.findByTestId(
          'compute-action-scale-sim-eu-west-payments-gateway',
        )
      ).textContent,
    ).toBe('Scale');
    expect(label('compute-action-restart-sim-eu-west-payments-gateway')).toBe(
      'Restart',
    );
    expect(label('compute-action-deploy-sim-eu-west-payments-gateway')).toBe(
      'Deploy',
    );
    expect(label('compute-action-scaler-sim-eu-west-payments-gateway')).toMatch(
      /\S/,
    );
    expect(
      label('compute-action-rollback-sim-eu-west-payments-gateway-2'),
    ).toBe('Roll back');
    expect(
      screen.queryByTestId(
        'compute-action-rollback-sim-eu-west-payments-gateway-3',
      ),
    ).toBeNull();
  });

  it('scales the App as the API server has it when the dialog opens, then shows the rollout progress until done', async () => {
    // The tab's list (the backend's watch-fed cache) has resourceVersion 100; the API server, after a status
    // write, 100a: the action must carry the latter, or it is refused as a conflict.
    const current = makeApp({ resourceVersion: '100a' });
    const scaled = makeApp({
      resourceVersion: '101',
      generation: 5,
      spec: { ...makeApp().spec, replicas: 5 },
    });
    const progressing = makeApp({
      resourceVersion: '102',
      generation: 5,
      spec: scaled.spec,
      status: {
        ...scaled.status,
        observedGeneration: 5,
        phase: 'Progressing',
        replicas: 5,
        updatedReplicas: 5,
        readyReplicas: 4,
      },
    });
    const done = makeApp({
      resourceVersion: '103',
      generation: 5,
      spec: scaled.spec,
      status: {
        ...scaled.status,
        observedGeneration: 5,
        phase: 'Running',
        replicas: 5,
        updatedReplicas: 5,
        readyReplicas: 5,
      },
    });
    const api = fakeComputeApi({ scale: async () => actionResponse(scaled) });
    api.getApp
      .mockResolvedValueOnce(current)
      .mockResolvedValueOnce(progressing)
      .mockResolvedValue(done);
    await renderTab(api, true);

    fireEvent.click(
      await screen.findByTestId(
        'compute-action-scale-sim-eu-west-payments-gateway',
      ),
    );
    const dialog = await screen.findByTestId('compute-dialog');
    fireEvent.change(within(dialog).getByLabelText('Replicas'), {
      target: { value: '5' },
    });
    expect(
      within(dialog).getByTestId('compute-dialog-change').textContent,
    ).toBe('payments-gateway in sim-eu-west: replicas 3 → 5');
    fireEvent.click(within(dialog).getByTestId('compute-dialog-confirm'));

    await waitFor(() =>
      expect(api.scale).toHaveBeenCalledWith(
        {
          cluster: 'sim-eu-west',
          namespace: 'team-payments',
          name: 'payments-gateway',
        },
        { resourceVersion: '100a', replicas: 5 },
      ),
    );
    // Right after the action: nothing has rolled out yet.
    expect(
      (await screen.findByTestId('compute-dialog-progress')).textContent,
    ).toBe('updated 3/5, ready 3/5');
    await waitFor(
      () =>
        expect(screen.getByTestId('compute-dialog-progress').textContent).toBe(
          'updated 5/5, ready 4/5',
        ),
      { timeout: 3000 },
    );
    expect(
      (await screen.findByTestId('compute-dialog-done', {}, { timeout: 4000 }))
        .textContent,
    ).toMatch(/\S/);
    expect(screen.getByTestId('compute-dialog-progress').textContent).toBe(
      'updated 5/5, ready 5/5',
    );
    expect(screen.queryByTestId('compute-dialog-failed')).toBeNull();
    expect(screen.queryByTestId('compute-dialog-confirm')).toBeNull();
  }, 15000);

  it('deploys: picks a version from the image tags, the running one marked', async () => {
    const api = fakeComputeApi();
    await renderTab(api, true);
    fireEvent.click(
      await screen.findByTestId(
        'compute-action-deploy-sim-eu-west-payments-gateway',
      ),
    );
    const dialog = await screen.findByTestId('compute-dialog');
    const select = (await within(dialog).findByLabelText(
      'Version',
    )) as HTMLSelectElement;
    expect(Array.from(select.options).map(o => o.textContent)).toContain(
      '2.3.1 (running)',
    );
    expect(within(dialog).getByTestId('compute-dialog-confirm')).toHaveProperty(
      'disabled',
      true,
    );
    fireEvent.change(select, { target: { value: '2.4.0' } });
    expect(
      within(dialog).getByTestId('compute-dialog-change').textContent,
    ).toBe('payments-gateway in sim-eu-west: version 2.3.1 → 2.4.0');
  });

  it('tells the user to reload on a 409 Conflict', async () => {
    const error = await conflictError();
    const api = fakeComputeApi({ restart: async () => Promise.reject(error) });
    await renderTab(api, true);
    fireEvent.click(
      await screen.findByTestId(
        'compute-action-restart-sim-eu-west-payments-gateway',
      ),
    );
    fireEvent.click(await screen.findByTestId('compute-dialog-confirm'));
    expect(
      (await screen.findByTestId('compute-dialog-failed')).textContent,
    ).toContain('Someone changed this App meanwhile; reload and try again');
  });

  it('lists the activity newest first', async () => {
    const base = actionResponse(makeApp()).record;
    const api = fakeComputeApi({
      getComponentActivity: async () => ({
        items: [
          {
            ...base,
            id: 1,
            occurredAt: '2024-03-01T00:00:00Z',
            before: { replicas: 2 },
            after: { replicas: 3 },
          },
          {
            ...base,
            id: 2,
            occurredAt: '2024-03-02T00:00:00Z',
            action: 'deploy',
            before: { version: '2.3.0' },
            after: { version: '2.3.1' },
          },
        ],
      }),
    });
    await renderTab(api, false);
    const activity = await screen.findByTestId('compute-activity');
    await waitFor(() =>
      expect(
        within(activity).getAllByTestId('compute-activity-row'),
      ).toHaveLength(2),
    );
    const rows = within(activity).getAllByTestId('compute-activity-row');
    expect(rows[0].textContent).toContain('version 2.3.0 → 2.3.1');
    expect(rows[1].textContent).toContain('replicas 2 → 3');
  });

  it('shows a request, a rejection and an expiry as what they were, not as successes', async () => {
    const base = actionResponse(makeApp()).record;
    const step = (
      id: number,
      event: 'requested' | 'rejected' | 'expired' | 'approved',
      message?: string,
    ) => ({
      ...base,
      id,
      occurredAt: `2024-03-0${id}T00:00:00Z`,
      action: 'deploy' as const,
      result: 'succeeded' as const,
      message,
      approval: { id: `req-${id}`, event },
    });
    const api = fakeComputeApi({
      getComponentActivity: async () => ({
        items: [
          step(1, 'requested'),
          step(2, 'rejected', 'Not during the freeze'),
          step(3, 'expired', 'Expired without a decision'),
          step(4, 'approved'),
        ],
      }),
    });
    await renderTab(api, false);
    const activity = await screen.findByTestId('compute-activity');
    await waitFor(() =>
      expect(
        within(activity).getAllByTestId('compute-activity-row'),
      ).toHaveLength(4),
    );
    const results = within(activity)
      .getAllByTestId('compute-activity-row')
      .map(row => row.lastElementChild?.previousElementSibling?.textContent);
    expect(results).toEqual([
      'approved',
      'expired: Expired without a decision',
      'rejected: Not during the freeze',
      'awaiting approval',
    ]);
  });

  it("refetches the Apps, the quota and the activity when a signal says someone else's action was applied, once per burst", async () => {
    const api = fakeComputeApi();
    const signals = fakeSignalApi();
    await renderTab(api, false, signals);
    await screen.findByTestId('compute-app-sim-eu-west-payments-gateway');
    // The tab's own component, and the one its App is labelled with.
    const own = `atrium:compute:component:default/payments-gateway-${rendered}`;
    expect(signals.channels()).toEqual([
      'atrium:compute:component:default/payments-gateway',
      own,
    ]);
    await waitFor(() => expect(api.getTeamQuota).toHaveBeenCalled());
    const before = {
      workloads: api.getComponentWorkloads.mock.calls.length,
      quota: api.getTeamQuota.mock.calls.length,
      activity: api.getComponentActivity.mock.calls.length,
    };

    // A burst (say an admin's three actions): one refetch. The polling (every 5 s) does not come into it.
    // Each rendered on its own, 50 ms apart, as messages arrive, so that React does not batch them anyway.
    for (let i = 0; i < 3; i++) {
      act(() => signals.emit(own, { ...scaleSignal, auditId: 10 + i }));
      await act(() => new Promise(resolve => setTimeout(resolve, 50)));
    }
    await waitFor(() =>
      expect(api.getComponentActivity).toHaveBeenCalledTimes(
        before.activity + 1,
      ),
    );
    expect(api.getComponentWorkloads).toHaveBeenCalledTimes(
      before.workloads + 1,
    );
    expect(api.getTeamQuota).toHaveBeenCalledTimes(before.quota + 1);

    // A later one, on the App's component's channel: one more. Had the burst refetched three times, those
    // would have come first.
    act(() =>
      signals.emit(
        'atrium:compute:component:default/payments-gateway',
        scaleSignal,
      ),
    );
    await waitFor(() =>
      expect(api.getComponentActivity.mock.calls.length).toBeGreaterThanOrEqual(
        before.activity + 2,
      ),
    );
    expect(api.getComponentActivity).toHaveBeenCalledTimes(before.activity + 2);
    expect(api.getComponentWorkloads).toHaveBeenCalledTimes(
      before.workloads + 2,
    );
  });
});
