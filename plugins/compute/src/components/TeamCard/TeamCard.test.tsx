import { act, screen, waitFor, within } from '@testing-library/react';
import { renderInTestApp } from '@backstage/frontend-test-utils';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import { signalApiRef } from '@backstage/plugin-signals-react';
import { computeApiRef } from '../../api';
import {
  fakeComputeApi,
  fakeSignalApi,
  groupEntity,
  makeApp,
  scaleSignal,
  staleSince,
  teamWorkloads,
} from '../../testing/fixtures';
import { TeamCard } from './TeamCard';

/** The card for groupEntity, with `api` and `signals`; answers the card once it shows. */
async function renderCard(
  api: ReturnType<typeof fakeComputeApi>,
  signals = fakeSignalApi(),
) {
  await renderInTestApp(
    <EntityProvider entity={groupEntity}>
      <TeamCard />
    </EntityProvider>,
    {
      apis: [
        [computeApiRef, api],
        [signalApiRef, signals],
      ],
    },
  );
  return screen.findByTestId('compute-team-card');
}

describe('TeamCard (with a fake frontend ComputeApi)', () => {
  it("lists the team's Apps, the cluster that failed and the quota", async () => {
    const api = fakeComputeApi();
    const card = await renderCard(api);
    expect(
      (
        await within(card).findByTestId(
          'compute-app-replicas-sim-eu-west-payments-gateway',
        )
      ).textContent,
    ).toBe('3/3');
    expect(
      within(card).getByTestId('compute-cluster-error-sim-us-east').textContent,
    ).toContain('Timeout');
    expect(
      (await within(card).findByTestId('compute-quota')).textContent,
    ).toContain('750m / 8 cores');
    expect(api.getTeamWorkloads).toHaveBeenCalledWith(
      { kind: 'Group', namespace: 'default', name: 'payments' },
      expect.anything(),
    );
  });

  it("says when a cluster's Apps are its last known state, since when and why", async () => {
    const api = fakeComputeApi({
      getTeamWorkloads: async () =>
        teamWorkloads([
          {
            cluster: { name: 'sim-eu-west' },
            ok: true,
            stale: staleSince,
            apps: [makeApp()],
          },
          { cluster: { name: 'sim-us-east' }, ok: true, apps: [] },
        ]),
    });
    const card = await renderCard(api);
    const stale = await within(card).findByTestId(
      'compute-cluster-stale-sim-eu-west',
    );
    expect(stale.textContent).toContain(
      'Cluster sim-eu-west has not answered since',
    );
    expect(stale.textContent).toContain('(Unreachable)');
    // Its Apps are still listed, as last reported.
    expect(
      within(card).getByTestId(
        'compute-app-replicas-sim-eu-west-payments-gateway',
      ).textContent,
    ).toBe('3/3');
    expect(
      within(card).queryByTestId('compute-cluster-stale-sim-us-east'),
    ).toBeNull();
  });

  it("reloads the Apps and the quota when an action on one of its Apps' components is signalled", async () => {
    const api = fakeComputeApi({
      getTeamWorkloads: async () =>
        teamWorkloads([
          {
            cluster: { name: 'sim-eu-west' },
            ok: true,
            apps: [
              makeApp(),
              makeApp({ name: 'ledger', component: 'ledger-service' }),
            ],
          },
        ]),
    });
    const signals = fakeSignalApi();
    const card = await renderCard(api, signals);
    await within(card).findByTestId('compute-quota');
    // One channel per component its Apps belong to.
    expect(signals.channels()).toEqual([
      'atrium:compute:component:default/ledger-service',
      'atrium:compute:component:default/payments-gateway',
    ]);
    const workloads = api.getTeamWorkloads.mock.calls.length;
    const quota = api.getTeamQuota.mock.calls.length;
    act(() =>
      signals.emit('atrium:compute:component:default/ledger-service', {
        ...scaleSignal,
        entityRef: 'component:default/ledger-service',
        app: 'ledger',
      }),
    );
    await waitFor(() =>
      expect(api.getTeamWorkloads).toHaveBeenCalledTimes(workloads + 1),
    );
    await waitFor(() =>
      expect(api.getTeamQuota).toHaveBeenCalledTimes(quota + 1),
    );
  });
});
