import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import {
  componentEntity,
  renderForEntity,
  responseError,
} from '@atrium/ui/testing';
import type { OperationsApi } from '@atrium/plugin-operations-common';
import { operationsApiRef } from './api';
import { MetricsCard } from './components/MetricsCard';
import { OperationsTab } from './components/OperationsTab';
import {
  fakeOperationsApi,
  makeMetrics,
  metricsNotConfigured,
} from './testing/fixtures';

function render(api: jest.Mocked<OperationsApi>, ui = <MetricsCard />) {
  return renderForEntity(ui, { apis: [[operationsApiRef, api]] });
}

const drawn = (id: string) =>
  JSON.parse(screen.getByTestId(`operations-chart-${id}`).dataset.points!);

describe('MetricsCard (with a fake OperationsApi)', () => {
  it('draws every chart with exactly the points the API returned', async () => {
    const api = fakeOperationsApi();
    await render(api);
    await screen.findByTestId('operations-chart-requestRate');

    const answer = makeMetrics();
    const points = Object.fromEntries(
      answer.metrics.flatMap(m => (m.ok ? [[m.metric, m.points]] : [])),
    );
    expect(drawn('requestRate')).toEqual({ requestRate: points.requestRate });
    expect(drawn('errorRate')).toEqual({ errorRate: points.errorRate });
    expect(drawn('latency')).toEqual({
      latencyP50: points.latencyP50,
      latencyP99: points.latencyP99,
    });
    expect(drawn('cpu')).toEqual({ cpu: points.cpu });
    expect(drawn('memory')).toEqual({ memory: points.memory });

    // recharts drew them, with units for people on the axes.
    const memory = screen.getByTestId('operations-chart-memory');
    expect(memory.querySelector('.recharts-wrapper')).toBeTruthy();
    expect(memory.textContent).toContain('MiB');
    expect(
      screen.getByTestId('operations-chart-errorRate').textContent,
    ).toContain('%');
    expect(
      screen.getByTestId('operations-chart-latency').textContent,
    ).toContain('ms');
    expect(
      screen.getByTestId('operations-chart-requestRate').textContent,
    ).toContain('req/s');

    expect(api.getMetrics).toHaveBeenCalledWith(
      {
        namespace: 'default',
        kind: 'Component',
        name: expect.stringMatching(/^payments-gateway-\d+$/),
      },
      { range: '1h' },
    );
    expect(
      screen.getByTestId('operations-dashboard-link').getAttribute('href'),
    ).toBe('https://grafana.example.com/d/svc?var-component=payments-gateway');
  });

  it("shows a failed metric's error on its own chart only", async () => {
    await render(fakeOperationsApi());
    const latency = await screen.findByTestId('operations-chart-latency');
    const error = within(latency).getByTestId(
      'operations-metric-error-latencyP95',
    );
    expect(error.textContent).toContain('BadQuery');
    expect(error.textContent).toContain('unclosed left parenthesis');
    expect(
      document.querySelectorAll('[data-testid^="operations-metric-error-"]'),
    ).toHaveLength(1);
    expect(latency.querySelector('.recharts-wrapper')).toBeTruthy();
    // p50 and p99 each drew a line; p95 did not.
    await waitFor(() =>
      expect(latency.querySelectorAll('.recharts-line-curve')).toHaveLength(2),
    );
  });

  it('asks again for the range picked', async () => {
    const api = fakeOperationsApi();
    await render(api);
    await screen.findByTestId('operations-chart-cpu');
    fireEvent.click(screen.getByTestId('operations-range-24h'));
    await waitFor(() =>
      expect(api.getMetrics).toHaveBeenLastCalledWith(expect.anything(), {
        range: '24h',
      }),
    );
    await screen.findByTestId('operations-chart-cpu');
    expect(
      screen.getByTestId('operations-range-24h').getAttribute('aria-pressed'),
    ).toBe('true');
  });

  it('hides the dashboard link when there is no dashboard', async () => {
    await render(
      fakeOperationsApi({
        getMetrics: async () => makeMetrics({ dashboardUrl: undefined }),
      }),
    );
    await screen.findByTestId('operations-chart-cpu');
    expect(screen.queryByTestId('operations-dashboard-link')).toBeNull();
  });

  it('says how to configure Prometheus when it is not', async () => {
    await render(
      fakeOperationsApi({ getMetrics: async () => metricsNotConfigured }),
    );
    const info = await screen.findByTestId('operations-metrics-not-configured');
    expect(info.textContent).toContain('operations.prometheus.baseUrl');
    expect(screen.queryByTestId('operations-metrics-error')).toBeNull();
  });

  it('shows a backend error on the metrics card while the alerts still render', async () => {
    const error = await responseError(503, 'Prometheus is unavailable');
    const api = fakeOperationsApi({
      getMetrics: async () => {
        throw error;
      },
    });
    await render(api, <OperationsTab />);
    const panel = await screen.findByTestId('operations-metrics-error');
    expect(panel.textContent).toContain('Prometheus is unavailable');
    // In the panel's title, not only in its collapsed details: the reason shows without a click.
    expect(
      screen.getByText(/Could not load the metrics: Prometheus is unavailable/)
        .textContent,
    ).toBe('Error: Could not load the metrics: Prometheus is unavailable');
    // The alerts card beside it still shows its alerts.
    expect(
      (await screen.findByTestId('operations-alert-a1b2c3')).textContent,
    ).toContain('HighErrorRate');
    expect(screen.queryByTestId('operations-alerts-error')).toBeNull();
  });

  it('renders with the plain fixture entity too', async () => {
    await renderForEntity(<MetricsCard initialRange="7d" />, {
      entity: componentEntity,
      apis: [[operationsApiRef, fakeOperationsApi()]],
    });
    expect(
      (await screen.findByTestId('operations-range-7d')).getAttribute(
        'aria-pressed',
      ),
    ).toBe('true');
  });
});
