import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { renderInTestApp } from '@backstage/frontend-test-utils';
import { computeApiRef } from '@atrium/plugin-compute';
import { makeApproval } from '@atrium/plugin-compute/testing';
import type { ApprovalRequest } from '@atrium/plugin-compute-common';
import { responseError } from '@atrium/ui/testing';
import { AwaitingApprovalWidget } from './AwaitingApprovalWidget';

const inFourHours = () => new Date(Date.now() + 4 * 3600_000 + 60_000);

/** compute's pending deploy request, with a second reason, asked 5 minutes ago and expiring in 4 hours. */
function approval(overrides: Partial<ApprovalRequest> = {}): ApprovalRequest {
  return makeApproval({
    reasons: [
      ...makeApproval().reasons,
      {
        rule: 'freeze-window',
        message: 'The freeze window "year-end" is on.',
      },
    ],
    requestedAt: new Date(Date.now() - 5 * 60_000).toISOString(),
    expiresAt: inFourHours().toISOString(),
    ...overrides,
  });
}

/** The compute client's approval routes, faked (no backend here): the lists, approve and reject. */
function fakeApi(
  lists: { awaiting?: ApprovalRequest[]; mine?: ApprovalRequest[] },
  overrides: Record<string, jest.Mock> = {},
) {
  return {
    listApprovals: jest.fn(async (q: { awaiting?: 'me' }) => ({
      items: (q.awaiting ? lists.awaiting : lists.mine) ?? [],
    })),
    approve: jest.fn(async (id: string) => ({
      approval: approval({ id, status: 'approved' }),
    })),
    reject: jest.fn(async (id: string) => ({
      approval: approval({ id, status: 'rejected' }),
    })),
    getApproval: jest.fn(async (id: string) => approval({ id })),
    ...overrides,
  };
}

async function renderWidget(api: ReturnType<typeof fakeApi>) {
  await renderInTestApp(<AwaitingApprovalWidget />, {
    apis: [[computeApiRef, api as any]],
  });
}

const awaitingSection = () =>
  screen.findByRole('region', { name: 'Awaiting my approval' });

describe('the awaiting-my-approval widget (with a fake compute client)', () => {
  it('lists the requests I may decide: requester, service, change in words, reasons and expiry', async () => {
    const api = fakeApi({ awaiting: [approval()] });
    await renderWidget(api);
    // The first list item is the request's row (its reasons are a list within it).
    const [row] = await within(await awaitingSection()).findAllByRole(
      'listitem',
    );
    expect(row).toHaveTextContent(
      'alice.nakamura asks: deploy payments-gateway in sim-eu-west: version → 2.5.0',
    );
    expect(
      within(row).getByRole('link', { name: 'payments-gateway' }),
    ).toHaveAttribute(
      'href',
      '/catalog/default/component/payments-gateway/compute',
    );
    expect(
      within(row).getByText('payments-gateway runs on the reserved tier.'),
    ).toBeInTheDocument();
    expect(
      within(row).getByText('The freeze window "year-end" is on.'),
    ).toBeInTheDocument();
    expect(within(row).getByTestId('approval-expires')).toHaveTextContent(
      'expires in 4 hours',
    );
    expect(api.listApprovals).toHaveBeenCalledWith({ awaiting: 'me' });
    expect(api.listApprovals).toHaveBeenCalledWith({ requestedBy: 'me' });
  });

  it('approves and shows that the change was applied', async () => {
    const api = fakeApi({ awaiting: [approval()] });
    await renderWidget(api);
    fireEvent.click(await screen.findByRole('button', { name: 'Approve' }));
    expect(await screen.findByTestId('approval-outcome')).toHaveTextContent(
      'Approved; the deploy was applied.',
    );
    expect(api.approve).toHaveBeenCalledWith('apr-1');
    expect(
      screen.queryByRole('button', { name: 'Approve' }),
    ).not.toBeInTheDocument();
  });

  it('rejects with the optional comment it asks for', async () => {
    const api = fakeApi({ awaiting: [approval()] });
    await renderWidget(api);
    fireEvent.click(await screen.findByRole('button', { name: 'Reject' }));
    // Nothing is sent before the comment is confirmed.
    expect(api.reject).not.toHaveBeenCalled();
    fireEvent.change(screen.getByLabelText('Comment (optional)'), {
      target: { value: 'Not during the freeze, please' },
    });
    fireEvent.click(screen.getByRole('button', { name: 'Confirm rejection' }));
    expect(await screen.findByTestId('approval-outcome')).toHaveTextContent(
      'Rejected; the deploy was not applied.',
    );
    expect(api.reject).toHaveBeenCalledWith('apr-1', {
      comment: 'Not during the freeze, please',
    });
  });

  it('says clearly that the App changed since the request when approving answers 409', async () => {
    const conflict = await responseError(
      409,
      'payments-gateway changed since the request (resourceVersion 100, now 104)',
    );
    const api = fakeApi(
      { awaiting: [approval()] },
      {
        approve: jest.fn(() => Promise.reject(conflict)),
        // The backend marks the request failed when the App had changed.
        getApproval: jest.fn(async () => approval({ status: 'failed' })),
      },
    );
    await renderWidget(api);
    fireEvent.click(await screen.findByRole('button', { name: 'Approve' }));
    expect(await screen.findByTestId('approval-outcome')).toHaveTextContent(
      'Not applied: the App changed since the request; ask again.',
    );
  });

  it('says the request was already decided when another approver was first (also a 409)', async () => {
    const conflict = await responseError(
      409,
      'The request for approval apr-1 is already rejected',
    );
    const api = fakeApi(
      { awaiting: [approval()] },
      {
        approve: jest.fn(() => Promise.reject(conflict)),
        getApproval: jest.fn(async () => approval({ status: 'rejected' })),
      },
    );
    await renderWidget(api);
    fireEvent.click(await screen.findByRole('button', { name: 'Approve' }));
    const outcome = await screen.findByTestId('approval-outcome');
    expect(outcome).toHaveTextContent(
      'Already rejected: The request for approval apr-1 is already rejected',
    );
    expect(outcome).not.toHaveTextContent('the App changed');
  });

  it('says when nothing awaits me, and lists my own pending requests compactly', async () => {
    const mine = approval({
      id: 'apr-9',
      action: 'scale',
      change: { replicas: 12 },
      requestedBy: 'user:default/mei.chen',
    });
    const api = fakeApi({
      awaiting: [],
      mine: [mine, approval({ id: 'apr-8', status: 'rejected' })],
    });
    await renderWidget(api);
    expect(
      await within(await awaitingSection()).findByText(
        'Nothing awaits your approval.',
      ),
    ).toBeInTheDocument();
    const section = screen.getByRole('region', {
      name: 'My pending requests',
    });
    expect(section).toHaveTextContent('My pending requests (1)');
    const rows = within(section).getAllByRole('listitem');
    expect(rows).toHaveLength(1);
    expect(rows[0]).toHaveTextContent(
      'scale payments-gateway in sim-eu-west: replicas → 12',
    );
    expect(rows[0]).toHaveTextContent('waiting for team-payments');
    expect(
      screen.queryByRole('button', { name: 'Approve' }),
    ).not.toBeInTheDocument();
  });

  it('says what went wrong when the requests cannot be read', async () => {
    const failure = await responseError(503, 'compute is restarting');
    const api = fakeApi(
      {},
      { listApprovals: jest.fn(() => Promise.reject(failure)) },
    );
    await renderWidget(api);
    await waitFor(() => expect(api.listApprovals).toHaveBeenCalled());
    expect(await screen.findByTestId('approvals-error')).toHaveTextContent(
      'Could not read the requests awaiting your approval: compute is restarting',
    );
  });
});
