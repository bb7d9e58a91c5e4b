import { fireEvent, screen, within } from '@testing-library/react';
import { fakeComputeApi } from '../../testing/fixtures';
import { openDetails, renderTab } from './__testUtils__/renderTab';

const APP = 'compute-app-sim-eu-west-payments-gateway';

describe("ComputeTab: an App's details, on demand", () => {
  it('opens on its pods: where each runs, its status, readiness and a way to its logs', async () => {
    await renderTab(fakeComputeApi(), false);
    const app = await openDetails(APP, 'payments-gateway');
    expect(
      within(app).getByRole('button', { name: 'Details of payments-gateway' }),
    ).toHaveAttribute('aria-expanded', 'true');
    const pods = within(app).getByTestId(
      'compute-pods-sim-eu-west-payments-gateway',
    );
    const row = within(pods)
      .getByText('payments-gateway-3-abcde')
      .closest('tr')!;
    expect(within(row).getByText('node-1 · eu-west-1a')).toBeInTheDocument();
    expect(within(row).getByText('Running')).toBeInTheDocument();
    expect(within(row).getByText('2/2')).toBeInTheDocument();
    expect(
      within(row).getByRole('button', {
        name: 'Logs of payments-gateway-3-abcde',
      }),
    ).toBeInTheDocument();
    // The rollout's facts above the tabs.
    const facts = within(app).getByLabelText('Rollout of payments-gateway');
    expect(
      within(facts).getByText('CPU 250m, memory 256Mi'),
    ).toBeInTheDocument();
  });

  it('closes again with the same toggle', async () => {
    await renderTab(fakeComputeApi(), false);
    const app = await openDetails(APP, 'payments-gateway');
    fireEvent.click(
      within(app).getByRole('button', { name: 'Details of payments-gateway' }),
    );
    expect(
      within(app).queryByTestId('compute-pods-sim-eu-west-payments-gateway'),
    ).not.toBeInTheDocument();
  });

  it('lists the revisions newest first, with a roll back on each earlier one for those allowed', async () => {
    await renderTab(fakeComputeApi(), true);
    const app = await openDetails(APP, 'payments-gateway');
    fireEvent.click(within(app).getByRole('tab', { name: 'Revisions (3)' }));
    const table = within(app).getByRole('table', { name: 'Revisions' });
    const rows = within(table).getAllByRole('row').slice(1);
    expect(rows.map(r => r.firstElementChild?.textContent)).toEqual([
      '3 current',
      '2 ',
      '1 ',
    ]);
    expect(
      within(rows[0]).queryByRole('button', { name: 'Roll back' }),
    ).not.toBeInTheDocument();
    expect(
      within(rows[1]).getByRole('button', { name: 'Roll back' }),
    ).toHaveAttribute(
      'data-testid',
      'compute-action-rollback-sim-eu-west-payments-gateway-2',
    );
  });

  it('offers no roll back in the revisions to those not allowed', async () => {
    await renderTab(fakeComputeApi(), false);
    const app = await openDetails(APP, 'payments-gateway');
    await screen.findByTestId('permission-answered');
    fireEvent.click(within(app).getByRole('tab', { name: 'Revisions (3)' }));
    expect(
      within(app).getByRole('table', { name: 'Revisions' }),
    ).toBeInTheDocument();
    expect(
      within(app).queryByRole('button', { name: 'Roll back' }),
    ).not.toBeInTheDocument();
  });

  it('shows the conditions and the Scaler each in a tab of its own', async () => {
    await renderTab(fakeComputeApi(), false);
    const app = await openDetails(APP, 'payments-gateway');
    fireEvent.click(within(app).getByRole('tab', { name: 'Conditions (2)' }));
    const conditions = within(app).getByRole('table', { name: 'Conditions' });
    expect(
      within(conditions).getByText('NewRevisionAvailable'),
    ).toBeInTheDocument();
    fireEvent.click(within(app).getByRole('tab', { name: 'Scaler' }));
    expect(
      within(app).getByText('Metrics: CPU at 70% utilization'),
    ).toBeInTheDocument();
    expect(within(app).getByText(/between 2 and 10/)).toBeInTheDocument();
  });
});
