import '@testing-library/jest-dom';
import { screen, within } from '@testing-library/react';
import { renderForEntity } from '@atrium/ui/testing';
import type { OperationsApi } from '@atrium/plugin-operations-common';
import { operationsApiRef } from './api';
import { AlertsCard } from './components/AlertsCard';
import { MetricsCard } from './components/MetricsCard';
import {
  fakeOperationsApi,
  makeAlert,
  makeAlerts,
  makeMetrics,
} from './testing/fixtures';

/**
 * URLs from upstream (Alertmanager's generatorURL, the dashboard URL filled with entity values) are links only
 * when they are http(s) or mailto; anything else shows as text and the card still renders.
 */
// eslint-disable-next-line no-script-url -- the script link the cards must not render as one
const SCRIPT_URL = 'javascript:alert(document.cookie)';

function render(api: jest.Mocked<OperationsApi>, card: JSX.Element) {
  return renderForEntity(card, { apis: [[operationsApiRef, api]] });
}

describe('links in the operations cards', () => {
  it("AlertsCard shows an alert whose generatorURL is javascript: as its name without a link, and an http one's as a link", async () => {
    const api = fakeOperationsApi({
      getAlerts: async () =>
        makeAlerts({
          active: [
            makeAlert({ generatorURL: SCRIPT_URL }),
            makeAlert({
              fingerprint: 'b7',
              name: 'DiskFull',
              generatorURL: 'http://prometheus.example/graph?g0.expr=up',
            }),
          ],
          resolved: [],
        }),
    });
    await render(api, <AlertsCard />);

    const scripted = await screen.findByTestId('operations-alert-a1b2c3');
    expect(within(scripted).getByText('HighErrorRate')).toBeInTheDocument();
    expect(within(scripted).queryByRole('link')).not.toBeInTheDocument();

    const linked = screen.getByTestId('operations-alert-b7');
    expect(
      within(linked).getByRole('link', { name: /^DiskFull/ }),
    ).toHaveAttribute('href', 'http://prometheus.example/graph?g0.expr=up');
    expect(
      document.querySelector('a[href^="javascript:" i]'),
    ).not.toBeInTheDocument();
  });

  it('MetricsCard draws the charts without a dashboard link when the dashboard URL is javascript:', async () => {
    const api = fakeOperationsApi({
      getMetrics: async () => makeMetrics({ dashboardUrl: SCRIPT_URL }),
    });
    await render(api, <MetricsCard />);

    expect(
      await screen.findByTestId('operations-chart-requestRate'),
    ).toBeInTheDocument();
    expect(
      screen.queryByTestId('operations-dashboard-link'),
    ).not.toBeInTheDocument();
    expect(screen.queryByText('Open dashboard')).not.toBeInTheDocument();
  });

  it('MetricsCard links an https dashboard', async () => {
    await render(fakeOperationsApi(), <MetricsCard />);
    expect(
      await screen.findByTestId('operations-dashboard-link'),
    ).toHaveAttribute(
      'href',
      'https://grafana.example.com/d/svc?var-component=payments-gateway',
    );
  });
});
