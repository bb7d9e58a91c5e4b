import { screen, within } from '@testing-library/react';
import { renderInTestApp } from '@backstage/frontend-test-utils';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import { computeApiRef } from '../../api';
import {
  fakeComputeApi,
  groupEntity,
  makeApp,
  staleSince,
} from '../../testing/fixtures';
import { TeamCard } from './TeamCard';

describe('TeamCard (with a fake frontend ComputeApi)', () => {
  it("lists the team's Apps, the cluster that failed and the quota", async () => {
    const api = fakeComputeApi();
    await renderInTestApp(
      <EntityProvider entity={groupEntity}>
        <TeamCard />
      </EntityProvider>,
      { apis: [[computeApiRef, api]] },
    );
    const card = await screen.findByTestId('compute-team-card');
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
      { namespace: 'default', name: 'payments' },
      expect.anything(),
    );
  });

  it("says when a cluster's Apps are its last known state, since when and why", async () => {
    const api = fakeComputeApi({
      getTeamWorkloads: async () => ({
        entityRef: 'group:default/payments',
        namespace: 'team-payments',
        clusters: [
          {
            cluster: { name: 'sim-eu-west' },
            ok: true,
            stale: staleSince,
            apps: [makeApp()],
          },
          { cluster: { name: 'sim-us-east' }, ok: true, apps: [] },
        ],
      }),
    });
    await renderInTestApp(
      <EntityProvider entity={groupEntity}>
        <TeamCard />
      </EntityProvider>,
      { apis: [[computeApiRef, api]] },
    );
    const card = await screen.findByTestId('compute-team-card');
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
});
