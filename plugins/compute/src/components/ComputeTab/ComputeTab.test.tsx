import { act, screen, waitFor, within } from '@testing-library/react';
import { responseError } from '@atrium/ui/testing';
import {
  fakeComputeApi,
  fakeSignalApi,
  makeApp,
  partialWorkloads,
  scaleSignal,
} from '../../testing/fixtures';
import { renderedRef, renderTab } from './__testUtils__/renderTab';

const APP = 'compute-app-sim-eu-west-payments-gateway';

describe('ComputeTab: a summary strip per cluster, one row per App', () => {
  it('shows each cluster with its region, whether it answered and how many Apps are ready; the failed one inline', async () => {
    const api = fakeComputeApi();
    await renderTab(api, false);

    const app = await screen.findByTestId(APP);
    const eu = screen.getByTestId('compute-cluster-sim-eu-west');
    expect(eu).toContainElement(app);
    expect(
      within(eu).getByRole('heading', { name: 'sim-eu-west' }),
    ).toBeInTheDocument();
    expect(within(eu).getByText('eu-west')).toBeInTheDocument();
    expect(within(eu).getByText('Reachable')).toBeInTheDocument();
    expect(within(eu).getByText('1/1 App ready')).toBeInTheDocument();

    const us = screen.getByTestId('compute-cluster-sim-us-east');
    expect(within(us).getByText('Unreachable')).toBeInTheDocument();
    expect(
      screen.getByTestId('compute-cluster-error-sim-us-east'),
    ).toHaveTextContent('Timeout');
    expect(api.getComponentWorkloads).toHaveBeenCalledWith(
      {
        kind: 'Component',
        namespace: 'default',
        name: expect.stringMatching(/^payments-gateway-\d+$/),
      },
      expect.anything(),
    );
  });

  it("shows the App's status, version, ready pods and tier in its row, its details closed", async () => {
    await renderTab(fakeComputeApi(), false);
    const app = await screen.findByTestId(APP);
    expect(
      within(app).getByTestId('compute-app-phase-sim-eu-west-payments-gateway'),
    ).toHaveTextContent('Running');
    expect(
      within(app).getByTestId(
        'compute-app-replicas-sim-eu-west-payments-gateway',
      ),
    ).toHaveTextContent(/^3\/3$/);
    expect(within(app).getByText('2.3.1')).toBeInTheDocument();
    expect(within(app).getByText('on-demand')).toBeInTheDocument();
    expect(
      within(app).getByRole('button', { name: 'Details of payments-gateway' }),
    ).toHaveAttribute('aria-expanded', 'false');
    expect(
      screen.queryByTestId('compute-pods-sim-eu-west-payments-gateway'),
    ).not.toBeInTheDocument();
  });

  it('counts an App whose pods are not all ready as not ready, and says why its status is what it is', async () => {
    const waiting = makeApp();
    const app = makeApp({
      status: { ...waiting.status, phase: 'Degraded', readyReplicas: 2 },
      pods: [
        {
          ...waiting.pods[0],
          containers: [
            {
              ...waiting.pods[0].containers[0],
              ready: false,
              reason: 'CrashLoopBackOff',
            },
          ],
        },
      ],
    });
    await renderTab(
      fakeComputeApi({
        getComponentWorkloads: async () => partialWorkloads(app),
      }),
      false,
    );
    const eu = await screen.findByTestId('compute-cluster-sim-eu-west');
    expect(await within(eu).findByText('0/1 App ready')).toBeInTheDocument();
    const phase = within(eu).getByTestId(
      'compute-app-phase-sim-eu-west-payments-gateway',
    );
    expect(phase).toHaveTextContent('Degraded');
    expect(phase).toHaveAttribute(
      'title',
      'payments-gateway-3-abcde: CrashLoopBackOff',
    );
  });

  it("shows the backend's reason, not only the HTTP status, when the workloads cannot be read", async () => {
    const error = await responseError(
      503,
      'No cluster answered: sim-eu-west timed out',
      { name: 'ServiceUnavailableError', statusText: 'Service Unavailable' },
    );
    await renderTab(
      fakeComputeApi({
        getComponentWorkloads: async () => Promise.reject(error),
      }),
      false,
    );
    // In the error panel's title ("Error: …"), visible without opening its details (which hold it too).
    expect(
      await screen.findByText(
        /^Error: No cluster answered: sim-eu-west timed out$/,
      ),
    ).toBeInTheDocument();
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
    expect(await screen.findByTestId('compute-excluded')).toHaveTextContent(
      `Left out, as they are another team's: payments-gateway-canary in sim-eu-west (${reason}).`,
    );
    expect(
      screen.queryByTestId('compute-app-sim-eu-west-payments-gateway-canary'),
    ).not.toBeInTheDocument();
  });

  it('shows the team quota closed to one line, its highest use, the bars once opened', async () => {
    const api = fakeComputeApi();
    await renderTab(api, false);
    // The owner `payments` is read as group:default/payments.
    await waitFor(() =>
      expect(api.getTeamQuota).toHaveBeenCalledWith(
        { kind: 'group', namespace: 'default', name: 'payments' },
        expect.anything(),
      ),
    );
    const summary = screen.getByRole('button', { name: /Team quota/ });
    expect(summary).toHaveAttribute('aria-expanded', 'false');
    // 768 MiB of 16 GiB memory is 5%; 0.75 of 8 cores, 9%.
    expect(
      await within(summary).findByText('highest use 9%'),
    ).toBeInTheDocument();
    expect(screen.getByTestId('compute-quota')).toHaveTextContent('on-demand');
  });
});

describe('ComputeTab: the actions in each row', () => {
  it('shows no action buttons when the permission is denied', async () => {
    await renderTab(fakeComputeApi(), false);
    await screen.findByTestId(APP);
    // The answer has arrived (and was "deny"): only now does the absence of buttons mean anything.
    await screen.findByTestId('permission-answered');
    expect(
      document.querySelectorAll('[data-testid^="compute-action-"]'),
    ).toHaveLength(0);
    expect(
      within(screen.getByTestId(APP)).queryByRole('button', { name: 'Scale' }),
    ).not.toBeInTheDocument();
  });

  it("offers scale, deploy, restart, roll back to the previous revision and the Scaler's bounds when allowed", async () => {
    await renderTab(fakeComputeApi(), true);
    const app = await screen.findByTestId(APP);
    const row = within(app);
    await row.findByRole('button', { name: 'Scale' });
    expect(row.getByRole('button', { name: 'Deploy' })).toHaveAttribute(
      'data-testid',
      'compute-action-deploy-sim-eu-west-payments-gateway',
    );
    expect(row.getByRole('button', { name: 'Restart' })).toBeInTheDocument();
    expect(row.getByRole('button', { name: 'Roll back' })).toHaveAttribute(
      'title',
      'Roll back to revision 2 (2.3.0)',
    );
    expect(row.getByRole('button', { name: 'Edit bounds' })).toHaveAttribute(
      'data-testid',
      'compute-action-scaler-sim-eu-west-payments-gateway',
    );
  });

  it('offers no roll back in the row of an App with one revision', async () => {
    const one = makeApp();
    const app = makeApp({
      status: { ...one.status, revisions: one.status.revisions!.slice(2) },
    });
    await renderTab(
      fakeComputeApi({
        getComponentWorkloads: async () => partialWorkloads(app),
      }),
      true,
    );
    const row = within(await screen.findByTestId(APP));
    await row.findByRole('button', { name: 'Scale' });
    expect(
      row.queryByRole('button', { name: 'Roll back' }),
    ).not.toBeInTheDocument();
  });
});

describe('ComputeTab: signals', () => {
  it("refetches the Apps, the quota and the activity when a signal says someone else's action was applied, once per burst", async () => {
    const api = fakeComputeApi();
    const signals = fakeSignalApi();
    await renderTab(api, false, signals);
    await screen.findByTestId(APP);
    // The tab's own component, and the one its App is labelled with.
    const own = `atrium:compute:${renderedRef()}`;
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
