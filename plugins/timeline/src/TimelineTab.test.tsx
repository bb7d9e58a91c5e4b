import { fireEvent, screen, waitFor } from '@testing-library/react';
import { renderInTestApp } from '@backstage/frontend-test-utils';
import {
  EntityProvider,
  entityRouteRef,
} from '@backstage/plugin-catalog-react';
import type {
  TimelinePage,
  TimelineQuery,
} from '@atrium/plugin-timeline-common';
import { timelineApiRef } from './api';
import { TimelineTab } from './TimelineTab';

const entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'payments-gateway', namespace: 'default' },
  spec: { owner: 'team-payments' },
};

const PAGE: TimelinePage = {
  items: [
    {
      id: 'alerts:2',
      kind: 'alert-firing',
      at: '2026-11-28T10:05:00Z',
      title: 'HighErrorRate (critical) fired',
      detail: 'More than 5% of requests fail',
      source: 'alerts',
    },
    {
      id: 'compute:eu/team-payments/payments-gateway#9',
      kind: 'deploy',
      at: '2026-11-28T10:00:00Z',
      title: 'Deployed 2.5.0 to payments-gateway in sim-eu-west',
      actor: 'user:default/alice.nakamura',
      cluster: 'sim-eu-west',
      source: 'compute',
    },
    {
      id: 'catalog:1',
      kind: 'catalog-change',
      at: '2026-11-27T09:00:00Z',
      title: 'spec.owner changed',
      detail: 'spec.owner: team-payments',
      source: 'catalog',
    },
  ],
  errors: [{ source: 'compute', message: 'sim-us-east: Unreachable' }],
};

function renderTab(getEntityEvents: jest.Mock) {
  return renderInTestApp(
    <EntityProvider entity={entity}>
      <TimelineTab />
    </EntityProvider>,
    {
      apis: [[timelineApiRef, { getEntityEvents }]],
      mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
    },
  );
}

describe('the Timeline tab', () => {
  it('lists what happened, newest first by day, with who did it and which source is missing', async () => {
    const getEntityEvents = jest.fn(
      async (_e: unknown, _q: TimelineQuery) => PAGE,
    );
    renderTab(getEntityEvents);
    expect(
      await screen.findByText('HighErrorRate (critical) fired'),
    ).toBeInTheDocument();
    const kinds = [...document.querySelectorAll('[data-kind]')].map(e =>
      e.getAttribute('data-kind'),
    );
    expect(kinds).toEqual(['alert-firing', 'deploy', 'catalog-change']);
    expect(screen.getByText('alice.nakamura')).toBeInTheDocument();
    expect(
      screen.getByText(/Part of the timeline is missing: compute/),
    ).toBeInTheDocument();
    const [ref, query] = getEntityEvents.mock.calls[0] as [
      unknown,
      TimelineQuery,
    ];
    expect(ref).toEqual({
      kind: 'component',
      namespace: 'default',
      name: 'payments-gateway',
    });
    expect(query.kinds).toEqual([]);
    // The last 7 days by default.
    expect(Date.parse(query.to!) - Date.parse(query.from!)).toBe(
      7 * 24 * 3600 * 1000,
    );
  });

  it('filters by kind', async () => {
    const getEntityEvents = jest.fn(async (_e: unknown, q: TimelineQuery) => ({
      items: PAGE.items.filter(
        i => !q.kinds?.length || q.kinds.includes(i.kind),
      ),
      errors: [],
    }));
    renderTab(getEntityEvents);
    await screen.findByText('HighErrorRate (critical) fired');
    fireEvent.click(screen.getByRole('button', { name: 'Deploys' }));
    await waitFor(() =>
      expect(screen.queryByText('HighErrorRate (critical) fired')).toBeNull(),
    );
    expect(
      screen.getByText('Deployed 2.5.0 to payments-gateway in sim-eu-west'),
    ).toBeInTheDocument();
    expect((getEntityEvents.mock.calls.at(-1) as any)[1].kinds).toEqual([
      'deploy',
    ]);
  });

  it('says when nothing happened', async () => {
    renderTab(jest.fn(async () => ({ items: [], errors: [] })));
    expect(
      await screen.findByText('Nothing happened in this range.'),
    ).toBeInTheDocument();
  });
});
