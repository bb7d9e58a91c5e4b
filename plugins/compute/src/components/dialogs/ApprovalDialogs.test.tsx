import { responseError } from '@atrium/ui/testing';
import {
  act,
  fireEvent,
  screen,
  waitFor,
  within,
} from '@testing-library/react';
import { renderInTestApp } from '@backstage/frontend-test-utils';
import { computeApiRef } from '../../api';
import {
  actionResponse,
  fakeComputeApi,
  makeApp,
  makeApproval,
} from '../../testing/fixtures';
import { DeployDialog } from './DeployDialog';
import { ScaleDialog } from './ScaleDialog';

/** A reserved-tier App of team-payments, as the Compute tab hands it to a dialog. */
const reservedApp = makeApp({
  team: 'team-payments',
  spec: { ...makeApp().spec, tier: 'reserved' },
});

const reasons = [
  {
    rule: 'reserved-tier' as const,
    message: 'payments-gateway runs on the reserved tier.',
  },
  {
    rule: 'freeze-window' as const,
    message: 'The freeze window "year-end" is on until 2 January.',
  },
];

/** The deploy dialog of `reservedApp`, with `version` picked if given. */
async function renderDeploy(
  api: ReturnType<typeof fakeComputeApi>,
  version?: string,
) {
  const onChanged = jest.fn();
  await renderInTestApp(
    <DeployDialog app={reservedApp} onClose={() => {}} onChanged={onChanged} />,
    { apis: [[computeApiRef, api]] },
  );
  const dialog = await screen.findByTestId('compute-dialog');
  const select = await within(dialog).findByLabelText('Version');
  if (version) fireEvent.change(select, { target: { value: version } });
  return { dialog, select, onChanged };
}

describe('action dialogs and approvals (with a fake frontend ComputeApi)', () => {
  it('says before confirming that the deploy needs approval, and why; Confirm becomes Request approval', async () => {
    const api = fakeComputeApi({
      checkAction: async () => ({ needsApproval: true, reasons }),
    });
    const { dialog, select } = await renderDeploy(api);
    // Nothing to check before a version is picked.
    expect(api.checkAction).not.toHaveBeenCalled();
    fireEvent.change(select, { target: { value: '2.3.0' } });
    fireEvent.change(select, { target: { value: '2.4.0' } });

    const notice = await within(dialog).findByRole('status');
    expect(notice).toHaveTextContent(
      'This deploy needs approval from another member of team-payments',
    );
    expect(
      within(notice).getByText('payments-gateway runs on the reserved tier.'),
    ).toBeInTheDocument();
    expect(
      within(notice).getByText(
        'The freeze window "year-end" is on until 2 January.',
      ),
    ).toBeInTheDocument();
    expect(
      within(dialog).getByRole('button', { name: 'Request approval' }),
    ).toBeEnabled();
    // Debounced: one check, for the form as it rests, with the action's own body.
    expect(api.checkAction).toHaveBeenCalledTimes(1);
    expect(api.checkAction).toHaveBeenCalledWith(
      {
        cluster: 'sim-eu-west',
        namespace: 'team-payments',
        name: 'payments-gateway',
      },
      'deploy',
      { resourceVersion: '100', version: '2.4.0' },
    );
  });

  it('says no approval is needed and keeps Confirm when the check says so', async () => {
    const api = fakeComputeApi();
    const { dialog } = await renderDeploy(api, '2.4.0');
    expect(
      await within(dialog).findByText('No approval needed.'),
    ).toBeInTheDocument();
    expect(
      within(dialog).getByRole('button', { name: 'Confirm' }),
    ).toBeEnabled();
    expect(
      within(dialog).queryByRole('button', { name: 'Request approval' }),
    ).not.toBeInTheDocument();
  });

  it('still works when the check fails, and says it could not tell', async () => {
    const error = await responseError(503, 'compute is restarting', {
      name: 'Error',
      statusText: 'Service Unavailable',
    });
    const api = fakeComputeApi({ checkAction: () => Promise.reject(error) });
    const { dialog } = await renderDeploy(api, '2.4.0');
    const notice = await within(dialog).findByRole('status');
    expect(notice).toHaveTextContent(
      'Could not tell whether this deploy needs approval (compute is restarting)',
    );
    fireEvent.click(within(dialog).getByRole('button', { name: 'Confirm' }));
    await waitFor(() =>
      expect(api.deploy).toHaveBeenCalledWith(
        expect.objectContaining({ name: 'payments-gateway' }),
        { resourceVersion: '100', version: '2.4.0' },
      ),
    );
    expect(
      await within(dialog).findByTestId('compute-dialog-progress'),
    ).toBeInTheDocument();
  });

  it('shows the stored request, who may approve and when it expires, and no rollout, when the action answers 202', async () => {
    const approval = makeApproval({
      expiresAt: new Date(Date.now() + 4 * 3600_000 + 60_000).toISOString(),
      reasons,
    });
    const api = fakeComputeApi({
      checkAction: async () => ({ needsApproval: true, reasons }),
      deploy: async () => ({ approval }),
    });
    const { dialog, onChanged } = await renderDeploy(api, '2.4.0');
    fireEvent.click(
      await within(dialog).findByRole('button', { name: 'Request approval' }),
    );

    const requested = await within(dialog).findByTestId(
      'compute-dialog-approval-requested',
    );
    expect(
      within(requested).getByText('Approval requested'),
    ).toBeInTheDocument();
    expect(requested).toHaveTextContent(
      'Approvers: another member of team-payments or a platform admin',
    );
    expect(
      within(requested).getByText(
        'payments-gateway runs on the reserved tier.',
      ),
    ).toBeInTheDocument();
    expect(
      within(requested).getByTestId('compute-dialog-approval-expires'),
    ).toHaveTextContent(/It expires in 4 hours/);
    expect(
      within(requested).getByRole('link', {
        name: 'Follow your pending requests on Home',
      }),
    ).toHaveAttribute('href', '/');
    expect(
      within(dialog).queryByTestId('compute-dialog-progress'),
    ).not.toBeInTheDocument();
    expect(
      within(dialog).queryByRole('button', { name: /Confirm|Request/ }),
    ).not.toBeInTheDocument();
    expect(within(dialog).getByRole('button', { name: 'Close' })).toBeEnabled();
    expect(onChanged).toHaveBeenCalled();
  });

  it('checks the change as the user saw it, without reading the App again (the check compares no resourceVersion)', async () => {
    const api = fakeComputeApi();
    const { dialog } = await renderDeploy(api, '2.4.0');
    expect(
      await within(dialog).findByText('No approval needed.'),
    ).toBeInTheDocument();
    expect(api.checkAction).toHaveBeenCalledWith(
      expect.objectContaining({ name: 'payments-gateway' }),
      'deploy',
      { resourceVersion: '100', version: '2.4.0' },
    );
    expect(api.getApp).not.toHaveBeenCalled();
    fireEvent.click(within(dialog).getByRole('button', { name: 'Confirm' }));
    await waitFor(() =>
      expect(api.deploy).toHaveBeenCalledWith(
        expect.objectContaining({ name: 'payments-gateway' }),
        { resourceVersion: '100', version: '2.4.0' },
      ),
    );
  });

  it('does not check a change that was confirmed before the form rested', async () => {
    jest.useFakeTimers();
    const api = fakeComputeApi();
    const { dialog } = await renderDeploy(api, '2.4.0');
    // Confirmed at once, before the check's delay.
    fireEvent.click(within(dialog).getByRole('button', { name: 'Confirm' }));
    expect(
      await within(dialog).findByTestId('compute-dialog-progress'),
    ).toBeInTheDocument();
    expect(api.deploy).toHaveBeenCalledTimes(1);
    // Past the check's delay (400 ms, on Jest's clock): no check was asked.
    act(() => {
      jest.advanceTimersByTime(1000);
    });
    expect(api.checkAction).not.toHaveBeenCalled();
    jest.useRealTimers();
  });

  it('checks a scale with its own body, and an applied scale still shows the rollout', async () => {
    const api = fakeComputeApi({
      checkAction: async () => ({ needsApproval: false, reasons: [] }),
      scale: async () => actionResponse(makeApp()),
    });
    await renderInTestApp(
      <ScaleDialog app={reservedApp} onClose={() => {}} onChanged={() => {}} />,
      { apis: [[computeApiRef, api]] },
    );
    const dialog = await screen.findByTestId('compute-dialog');
    fireEvent.change(within(dialog).getByLabelText('Replicas'), {
      target: { value: '5' },
    });
    expect(
      await within(dialog).findByText('No approval needed.'),
    ).toBeInTheDocument();
    expect(api.checkAction).toHaveBeenCalledWith(
      expect.objectContaining({ name: 'payments-gateway' }),
      'scale',
      { resourceVersion: '100', replicas: 5 },
    );
    fireEvent.click(within(dialog).getByRole('button', { name: 'Confirm' }));
    expect(
      await within(dialog).findByTestId('compute-dialog-progress'),
    ).toBeInTheDocument();
  });
});
