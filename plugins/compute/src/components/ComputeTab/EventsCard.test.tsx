import { screen, within } from '@testing-library/react';
import { renderInTestApp } from '@backstage/frontend-test-utils';
import { computeApiRef } from '../../api';
import { fakeComputeApi, staleSince } from '../../testing/fixtures';
import { EventsCard } from './EventsCard';

describe('EventsCard (with a fake frontend ComputeApi)', () => {
  it("says which cluster's events are its last known ones, since when and why, next to one that failed", async () => {
    const api = fakeComputeApi({
      getComponentEvents: async () => ({
        entityRef: 'component:default/payments-gateway',
        clusters: [
          {
            cluster: { name: 'sim-eu-west' },
            ok: true,
            stale: staleSince,
            events: [
              {
                namespace: 'team-payments',
                type: 'Normal',
                reason: 'ScalingReplicaSet',
                message: 'Scaled up to 3',
                object: { kind: 'App', name: 'payments-gateway' },
                count: 1,
                lastSeen: '2024-03-02T09:59:00.000Z',
              },
            ],
          },
          { cluster: { name: 'sim-us-east' }, ok: true, events: [] },
          {
            cluster: { name: 'sim-ap-south' },
            ok: false,
            error: { reason: 'Timeout', message: 'no answer within 3000 ms' },
          },
        ],
      }),
    });
    await renderInTestApp(
      <EventsCard
        component={{ kind: 'component', namespace: 'default', name: 'x' }}
      />,
      { apis: [[computeApiRef, api]] },
    );
    const card = await screen.findByTestId('compute-events');
    // The stale cluster's events are still listed, as last reported (findBy fails when absent).
    await within(card).findByText('Scaled up to 3');
    const stale = within(card).getByTestId('compute-events-stale-sim-eu-west');
    expect(stale.textContent).toContain(
      'Cluster sim-eu-west has not answered since',
    );
    expect(stale.textContent).toContain('(Unreachable)');
    expect(stale.textContent).toContain('showing what it last reported');
    // Only the stale cluster says so; the failed one says it did not answer.
    expect(
      within(card).queryByTestId('compute-events-stale-sim-us-east'),
    ).toBeNull();
    expect(card.textContent).toContain(
      'Cluster sim-ap-south did not answer (Timeout)',
    );
  });
});
