import { responseError } from '@atrium/ui/testing';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import {
  actionResponse,
  fakeComputeApi,
  makeApp,
} from '../../testing/fixtures';
import { renderTab } from './__testUtils__/renderTab';

const APP = 'compute-app-sim-eu-west-payments-gateway';

/** Clicks one of the App's row buttons and returns the dialog it opens. */
async function openDialog(name: string) {
  const row = within(await screen.findByTestId(APP));
  fireEvent.click(await row.findByRole('button', { name }));
  return screen.findByTestId('compute-dialog');
}

describe("ComputeTab: an App's actions, through their dialogs", () => {
  it('scales the App as the API server has it when the dialog opens, then shows the rollout progress until done', async () => {
    // The tab's list (the backend's watch-fed cache) has resourceVersion 100; the API server, after a status
    // write, 100a: the action must carry the latter, or it is refused as a conflict.
    const current = makeApp({ resourceVersion: '100a' });
    const scaled = makeApp({
      resourceVersion: '101',
      generation: 5,
      spec: { ...makeApp().spec, replicas: 5 },
    });
    const rolledOut = (resourceVersion: string, readyReplicas: number) =>
      makeApp({
        resourceVersion,
        generation: 5,
        spec: scaled.spec,
        status: {
          ...scaled.status,
          observedGeneration: 5,
          phase: readyReplicas === 5 ? 'Running' : 'Progressing',
          replicas: 5,
          updatedReplicas: 5,
          readyReplicas,
        },
      });
    const api = fakeComputeApi({ scale: async () => actionResponse(scaled) });
    api.getApp
      .mockResolvedValueOnce(current)
      .mockResolvedValueOnce(rolledOut('102', 4))
      .mockResolvedValue(rolledOut('103', 5));
    await renderTab(api, true);

    const dialog = await openDialog('Scale');
    fireEvent.change(within(dialog).getByLabelText('Replicas'), {
      target: { value: '5' },
    });
    expect(
      within(dialog).getByTestId('compute-dialog-change'),
    ).toHaveTextContent(/^payments-gateway in sim-eu-west: replicas 3 → 5$/);
    fireEvent.click(within(dialog).getByTestId('compute-dialog-confirm'));

    await waitFor(() =>
      expect(api.scale).toHaveBeenCalledWith(
        {
          cluster: 'sim-eu-west',
          namespace: 'team-payments',
          name: 'payments-gateway',
        },
        { resourceVersion: '100a', replicas: 5 },
      ),
    );
    // Right after the action: nothing has rolled out yet.
    expect(
      await screen.findByTestId('compute-dialog-progress'),
    ).toHaveTextContent(/^updated 3\/5, ready 3\/5$/);
    await waitFor(
      () =>
        expect(screen.getByTestId('compute-dialog-progress')).toHaveTextContent(
          /^updated 5\/5, ready 4\/5$/,
        ),
      { timeout: 3000 },
    );
    expect(
      await screen.findByTestId('compute-dialog-done', {}, { timeout: 4000 }),
    ).toHaveTextContent(/\S/);
    expect(screen.getByTestId('compute-dialog-progress')).toHaveTextContent(
      /^updated 5\/5, ready 5\/5$/,
    );
    expect(
      screen.queryByTestId('compute-dialog-failed'),
    ).not.toBeInTheDocument();
    expect(
      screen.queryByTestId('compute-dialog-confirm'),
    ).not.toBeInTheDocument();
  }, 15000);

  it('deploys: picks a version from the image tags, the running one marked', async () => {
    await renderTab(fakeComputeApi(), true);
    const dialog = await openDialog('Deploy');
    const select = (await within(dialog).findByLabelText(
      'Version',
    )) as HTMLSelectElement;
    expect(Array.from(select.options).map(o => o.textContent)).toContain(
      '2.3.1 (running)',
    );
    expect(within(dialog).getByTestId('compute-dialog-confirm')).toBeDisabled();
    fireEvent.change(select, { target: { value: '2.4.0' } });
    expect(
      within(dialog).getByTestId('compute-dialog-change'),
    ).toHaveTextContent(
      /^payments-gateway in sim-eu-west: version 2\.3\.1 → 2\.4\.0$/,
    );
  });

  it('rolls back from the row to the revision before the current one', async () => {
    await renderTab(fakeComputeApi(), true);
    const dialog = await openDialog('Roll back');
    expect(
      await within(dialog).findByTestId('compute-dialog-change'),
    ).toHaveTextContent(/2\.3\.1 → 2\.3\.0/);
  });

  it('tells the user to reload on a 409 Conflict', async () => {
    const error = await responseError(409, 'resourceVersion 100 is stale', {
      name: 'ConflictError',
      statusText: 'Conflict',
    });
    await renderTab(
      fakeComputeApi({ restart: async () => Promise.reject(error) }),
      true,
    );
    const dialog = await openDialog('Restart');
    fireEvent.click(within(dialog).getByTestId('compute-dialog-confirm'));
    expect(
      await screen.findByTestId('compute-dialog-failed'),
    ).toHaveTextContent(
      'Someone changed this App meanwhile; reload and try again',
    );
  });
});
