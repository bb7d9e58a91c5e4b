import { fireEvent, screen, within } from '@testing-library/react';
import type { EventView } from '@atrium/plugin-compute-common';
import { renderInTestApp } from '@backstage/frontend-test-utils';
import { computeApiRef } from '../../api';
import { fakeComputeApi, staleSince } from '../../testing/fixtures';
import { EventsCard } from './EventsCard';

const event = (overrides: Partial<EventView> = {}): EventView => ({
  namespace: 'team-payments',
  type: 'Normal',
  reason: 'Scheduled',
  message: 'Successfully assigned',
  object: { kind: 'Pod', name: 'payments-gateway-1' },
  count: 1,
  lastSeen: '2024-03-02T09:00:00.000Z',
  ...overrides,
});

async function renderEvents(events: EventView[]) {
  await renderInTestApp(
    <EventsCard
      component={{ kind: 'component', namespace: 'default', name: 'x' }}
    />,
    {
      apis: [
        [
          computeApiRef,
          fakeComputeApi({
            getComponentEvents: async () => ({
              entityRef: 'component:default/x',
              clusters: [
                { cluster: { name: 'sim-eu-west' }, ok: true, events },
              ],
            }),
          }),
        ],
      ],
    },
  );
  return screen.findByTestId('compute-events');
}

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

  it('shows the events with the same reason about the same object as one line, with their count and when last seen, the latest message', async () => {
    const card = await renderEvents([
      event({
        type: 'Warning',
        reason: 'BackOff',
        message: 'Back-off restarting failed container (1)',
        count: 4,
        lastSeen: '2024-03-02T09:01:00.000Z',
      }),
      event({
        type: 'Warning',
        reason: 'BackOff',
        message: 'Back-off restarting failed container (2)',
        count: 3,
        lastSeen: '2024-03-02T09:05:00.000Z',
      }),
      event({ reason: 'Pulled', message: 'Image pulled' }),
    ]);
    const lines = await within(card).findAllByTestId('compute-event');
    expect(lines).toHaveLength(2);
    const [backOff, pulled] = lines;
    expect(within(backOff).getByText('BackOff')).toBeInTheDocument();
    expect(within(backOff).getByText('×7')).toBeInTheDocument();
    expect(
      within(backOff).getByText('Back-off restarting failed container (2)'),
    ).toBeInTheDocument();
    expect(
      within(backOff).queryByText('Back-off restarting failed container (1)'),
    ).not.toBeInTheDocument();
    expect(within(pulled).getByText('Image pulled')).toBeInTheDocument();
    expect(within(pulled).queryByText(/^×/)).not.toBeInTheDocument();
    expect(within(card).getByText('1 warning')).toBeInTheDocument();
  });

  it('shows ten lines, then ten more at a time', async () => {
    const card = await renderEvents(
      Array.from({ length: 23 }, (_, i) =>
        event({
          object: { kind: 'Pod', name: `pod-${i}` },
          lastSeen: `2024-03-02T09:${String(i).padStart(2, '0')}:00.000Z`,
        }),
      ),
    );
    expect(await within(card).findAllByTestId('compute-event')).toHaveLength(
      10,
    );
    // Newest first.
    expect(within(card).getAllByTestId('compute-event')[0]).toHaveTextContent(
      'Pod/pod-22',
    );
    fireEvent.click(
      within(card).getByRole('button', { name: 'Show 10 more (13 left)' }),
    );
    expect(within(card).getAllByTestId('compute-event')).toHaveLength(20);
    fireEvent.click(within(card).getByRole('button', { name: 'Show 3 more' }));
    expect(within(card).getAllByTestId('compute-event')).toHaveLength(23);
    expect(
      within(card).queryByRole('button', { name: /more/ }),
    ).not.toBeInTheDocument();
  });

  it('says in one line that there are no recent events', async () => {
    const card = await renderEvents([]);
    expect(
      await within(card).findByText('No recent events.'),
    ).toBeInTheDocument();
  });
});
