import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { renderInTestApp } from '@backstage/frontend-test-utils';
import { computeApiRef } from '../../api';
import {
  actionResponse,
  fakeComputeApi,
  makeApp,
} from '../../testing/fixtures';
import { ActivityCard } from './ActivityCard';

const base = actionResponse(makeApp()).record;

async function renderActivity(api: ReturnType<typeof fakeComputeApi>) {
  await renderInTestApp(
    <ActivityCard
      component={{ kind: 'component', namespace: 'default', name: 'x' }}
    />,
    { apis: [[computeApiRef, api]] },
  );
  return screen.findByTestId('compute-activity');
}

describe('ActivityCard', () => {
  it('lists the actions newest first: who, what, the change', async () => {
    const activity = await renderActivity(
      fakeComputeApi({
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
      }),
    );
    await waitFor(() =>
      expect(
        within(activity).getAllByTestId('compute-activity-row'),
      ).toHaveLength(2),
    );
    const [first, second] = within(activity).getAllByTestId(
      'compute-activity-row',
    );
    expect(
      within(first).getByText('version 2.3.0 → 2.3.1'),
    ).toBeInTheDocument();
    expect(within(first).getByText('deploy')).toBeInTheDocument();
    expect(within(first).getByText('jane')).toBeInTheDocument();
    expect(within(second).getByText('replicas 2 → 3')).toBeInTheDocument();
  });

  it('says so in one line when there was no action', async () => {
    const activity = await renderActivity(fakeComputeApi());
    expect(
      await within(activity).findByText('No actions yet.'),
    ).toBeInTheDocument();
  });

  it('shows a request, a rejection and an expiry as what they were, not as successes', async () => {
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
    const activity = await renderActivity(
      fakeComputeApi({
        getComponentActivity: async () => ({
          items: [
            step(1, 'requested'),
            step(2, 'rejected', 'Not during the freeze'),
            step(3, 'expired', 'Expired without a decision'),
            step(4, 'approved'),
          ],
        }),
      }),
    );
    await waitFor(() =>
      expect(
        within(activity).getAllByTestId('compute-activity-result'),
      ).toHaveLength(4),
    );
    expect(
      within(activity)
        .getAllByTestId('compute-activity-result')
        .map(r => r.textContent),
    ).toEqual([
      'approved',
      'expired: Expired without a decision',
      'rejected: Not during the freeze',
      'awaiting approval',
    ]);
  });

  it('loads older actions on demand', async () => {
    const api = fakeComputeApi();
    api.getComponentActivity
      .mockResolvedValueOnce({
        items: [{ ...base, id: 2, occurredAt: '2024-03-02T00:00:00Z' }],
        nextBefore: 2,
      })
      .mockResolvedValueOnce({
        items: [
          {
            ...base,
            id: 1,
            occurredAt: '2024-03-01T00:00:00Z',
            action: 'restart',
          },
        ],
      });
    const activity = await renderActivity(api);
    fireEvent.click(
      await within(activity).findByRole('button', { name: 'Older' }),
    );
    expect(await within(activity).findByText('restart')).toBeInTheDocument();
    expect(
      within(activity).getAllByTestId('compute-activity-row'),
    ).toHaveLength(2);
    expect(
      within(activity).queryByRole('button', { name: 'Older' }),
    ).not.toBeInTheDocument();
    expect(api.getComponentActivity).toHaveBeenLastCalledWith(
      expect.anything(),
      { limit: 5, before: 2 },
    );
  });
});
