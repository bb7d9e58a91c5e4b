import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { renderForEntity, responseError } from '@atrium/ui/testing';
import {
  operationsAlertSilencePermission,
  type OperationsApi,
} from '@atrium/plugin-operations-common';
import { operationsApiRef } from './api';
import { AlertsCard } from './components/AlertsCard';
import { alertsNotConfigured, fakeOperationsApi } from './testing/fixtures';

async function render(
  api: jest.Mocked<OperationsApi>,
  allow: boolean,
  props: { hideUnlessConfigured?: boolean } = {},
) {
  const { entity } = await renderForEntity(<AlertsCard {...props} />, {
    allow,
    awaitPermission: operationsAlertSilencePermission,
    apis: [[operationsApiRef, api]],
  });
  return entity.metadata.name;
}

async function openSilenceDialog() {
  fireEvent.click(await screen.findByTestId('operations-silence-a1b2c3'));
  return screen.findByTestId('operations-silence-dialog');
}

describe('AlertsCard (with a fake OperationsApi)', () => {
  it('lists the active alerts, silenced state, and the resolved ones collapsed', async () => {
    const api = fakeOperationsApi();
    const name = await render(api, false);
    const firing = await screen.findByTestId('operations-alert-a1b2c3');
    expect(firing.textContent).toContain('HighErrorRate');
    expect(firing.textContent).toContain('critical');
    expect(firing.textContent).toContain('More than 5% of requests fail');
    expect(firing.textContent).toContain('Since 12 min. ago');
    expect(firing.textContent).not.toContain('Silenced');
    expect(screen.getByTestId('operations-alert-d4e5f6').textContent).toContain(
      'Silenced',
    );

    // Resolved: collapsed until opened.
    const resolved = screen.getByTestId('operations-resolved-alerts');
    expect(resolved.textContent).toContain('(1)');
    expect(screen.queryByTestId('operations-alert-r1')).toBeNull();
    fireEvent.click(
      within(resolved).getByText(/Resolved in the last 24 hours/),
    );
    expect(
      (await screen.findByTestId('operations-alert-r1')).textContent,
    ).toContain('LatencyHigh');

    expect(api.getAlerts).toHaveBeenCalledWith({
      namespace: 'default',
      kind: 'Component',
      name,
    });
  });

  it('shows no Silence button without the permission', async () => {
    await render(fakeOperationsApi(), false);
    await screen.findByTestId('operations-alert-a1b2c3');
    // The answer has arrived (and was "deny"): only now does the absence of the button mean anything.
    await screen.findByTestId('permission-answered');
    expect(
      document.querySelectorAll('[data-testid^="operations-silence-"]'),
    ).toHaveLength(0);
    expect(screen.queryByTestId('operations-silence-a1b2c3')).toBeNull();
  });

  it('silences an alert: comment required, says what and until when, sends, reloads', async () => {
    const api = fakeOperationsApi();
    await render(api, true);
    const dialog = await openSilenceDialog();

    const confirm = within(dialog).getByTestId('operations-silence-confirm');
    expect((confirm as HTMLButtonElement).disabled).toBe(true);
    expect(dialog.textContent).toContain('Say why you are silencing it.');
    const summary = within(dialog).getByTestId('operations-silence-summary');
    expect(summary.textContent).toContain(
      'alertname="HighErrorRate", component="payments-gateway", severity="critical"',
    );
    expect(summary.textContent).toContain('for 1 h, until');

    // 4 hours.
    fireEvent.mouseDown(
      within(dialog).getByTestId('operations-silence-duration'),
    );
    fireEvent.click(await screen.findByRole('option', { name: '4 hours' }));
    await waitFor(() => expect(summary.textContent).toContain('for 4 h'));

    fireEvent.change(within(dialog).getByTestId('operations-silence-comment'), {
      target: { value: '  deploying a fix  ' },
    });
    expect((confirm as HTMLButtonElement).disabled).toBe(false);
    fireEvent.click(confirm);

    await waitFor(() =>
      expect(api.createSilence).toHaveBeenCalledWith(
        expect.objectContaining({ kind: 'Component' }),
        {
          fingerprint: 'a1b2c3',
          durationMinutes: 240,
          comment: 'deploying a fix',
        },
      ),
    );
    await waitFor(() =>
      expect(screen.queryByTestId('operations-silence-dialog')).toBeNull(),
    );
    await waitFor(() => expect(api.getAlerts).toHaveBeenCalledTimes(2));
    expect((await screen.findByRole('status')).textContent).toContain(
      'Silenced HighErrorRate until',
    );
  });

  it('takes a custom duration up to 7 days', async () => {
    const api = fakeOperationsApi();
    await render(api, true);
    const dialog = await openSilenceDialog();
    fireEvent.mouseDown(
      within(dialog).getByTestId('operations-silence-duration'),
    );
    fireEvent.click(await screen.findByRole('option', { name: 'Custom…' }));
    const hours = await within(dialog).findByTestId(
      'operations-silence-custom-hours',
    );
    fireEvent.change(within(dialog).getByTestId('operations-silence-comment'), {
      target: { value: 'maintenance' },
    });
    const confirm = within(dialog).getByTestId('operations-silence-confirm');

    fireEvent.change(hours, { target: { value: '200' } });
    expect((confirm as HTMLButtonElement).disabled).toBe(true);
    expect(dialog.textContent).toContain('at most 7 days');

    fireEvent.change(hours, { target: { value: '36' } });
    expect((confirm as HTMLButtonElement).disabled).toBe(false);
    expect(
      within(dialog).getByTestId('operations-silence-summary').textContent,
    ).toContain('for 1 day 12 h');
    fireEvent.click(confirm);
    await waitFor(() =>
      expect(api.createSilence).toHaveBeenCalledWith(expect.anything(), {
        fingerprint: 'a1b2c3',
        durationMinutes: 2160,
        comment: 'maintenance',
      }),
    );
  });

  it("shows the API's error message when the silence fails", async () => {
    const error = await responseError(
      502,
      'Alertmanager refused the silence: bad matcher',
    );
    const api = fakeOperationsApi({
      createSilence: async () => {
        throw error;
      },
    });
    await render(api, true);
    const dialog = await openSilenceDialog();
    fireEvent.change(within(dialog).getByTestId('operations-silence-comment'), {
      target: { value: 'noisy' },
    });
    fireEvent.click(within(dialog).getByTestId('operations-silence-confirm'));
    expect(
      (await within(dialog).findByTestId('operations-silence-failed'))
        .textContent,
    ).toContain('Alertmanager refused the silence: bad matcher');
    // The dialog stays open, with the comment kept for another try.
    expect(
      (
        within(screen.getByTestId('operations-silence-dialog')).getByTestId(
          'operations-silence-comment',
        ) as HTMLTextAreaElement
      ).value,
    ).toBe('noisy');
    expect(api.getAlerts).toHaveBeenCalledTimes(1);
  });

  it('says how to configure Alertmanager when it is not', async () => {
    await render(
      fakeOperationsApi({ getAlerts: async () => alertsNotConfigured }),
      true,
    );
    expect(
      (await screen.findByTestId('operations-alerts-not-configured'))
        .textContent,
    ).toContain('operations.alertmanager.baseUrl');
    expect(screen.queryByTestId('operations-alerts-error')).toBeNull();
  });

  it('on the overview, shows no card where Alertmanager is not set up', async () => {
    const notSetUp = fakeOperationsApi({
      getAlerts: async () => alertsNotConfigured,
    });
    await render(notSetUp, true, { hideUnlessConfigured: true });
    // The card shows while loading, and is gone once the answer says alerts are not set up.
    await waitFor(() => expect(notSetUp.getAlerts).toHaveBeenCalledTimes(1));
    await waitFor(() =>
      expect(screen.queryByTestId('operations-alerts-card')).toBeNull(),
    );
    expect(screen.queryByTestId('operations-alerts-not-configured')).toBeNull();
  });

  it('on the overview, still lists the alerts where Alertmanager is set up', async () => {
    await render(fakeOperationsApi(), false, { hideUnlessConfigured: true });
    expect(
      (await screen.findByTestId('operations-alert-a1b2c3')).textContent,
    ).toContain('HighErrorRate');
  });

  it('shows a backend error on the card', async () => {
    const error = await responseError(503, 'Alertmanager is unavailable');
    await render(
      fakeOperationsApi({
        getAlerts: async () => {
          throw error;
        },
      }),
      false,
    );
    expect(
      (await screen.findByTestId('operations-alerts-error')).textContent,
    ).toContain('Alertmanager is unavailable');
    // In the panel's title, not only in its collapsed details: the reason shows without a click.
    expect(
      screen.getByText(/Could not load the alerts: Alertmanager is unavailable/)
        .textContent,
    ).toBe('Error: Could not load the alerts: Alertmanager is unavailable');
  });
});
