import type {
  Alert,
  AlertsResponse,
  ComponentAlerts,
  ComponentMetrics,
  MetricsResponse,
  OperationsApi,
  SilenceRequest,
  SilenceResponse,
} from '@atrium/plugin-operations-common';

const END = 1_764_340_000;
const STEP = 60;
const times = (n: number) =>
  Array.from({ length: n }, (_, i) => END - (n - 1 - i) * STEP);

/** Five points a metric, one of them null (Prometheus had NaN); p95 failed. */
export function makeMetrics(
  overrides: Partial<ComponentMetrics> = {},
): ComponentMetrics {
  const t = times(5);
  return {
    configured: true,
    entityRef: 'component:default/payments-gateway',
    selector: 'component="payments-gateway"',
    start: END - 3600,
    end: END,
    step: STEP,
    dashboardUrl:
      'https://grafana.example.com/d/svc?var-component=payments-gateway',
    metrics: [
      {
        ok: true,
        metric: 'requestRate',
        unit: 'requests/s',
        query:
          'sum(rate(http_requests_total{component="payments-gateway"}[5m]))',
        points: [
          [t[0], 12.5],
          [t[1], 13],
          [t[2], null],
          [t[3], 14.25],
          [t[4], 15],
        ],
      },
      {
        ok: true,
        metric: 'errorRate',
        unit: 'ratio',
        query: 'error ratio',
        points: [
          [t[0], 0.01],
          [t[1], 0.02],
          [t[2], 0.015],
          [t[3], 0],
          [t[4], 0.005],
        ],
      },
      {
        ok: true,
        metric: 'latencyP50',
        unit: 'seconds',
        query: 'p50',
        points: t.map((x, i) => [x, 0.02 + i * 0.001]),
      },
      {
        ok: false,
        metric: 'latencyP95',
        unit: 'seconds',
        query: 'histogram_quantile(0.95, broken',
        reason: 'BadQuery',
        message: 'parse error: unclosed left parenthesis',
      },
      {
        ok: true,
        metric: 'latencyP99',
        unit: 'seconds',
        query: 'p99',
        // One point fewer, and off the others' grid: rows merge by timestamp.
        points: [
          [t[0], 0.2],
          [t[2] + 30, 0.25],
          [t[4], 0.3],
        ],
      },
      {
        ok: true,
        metric: 'cpu',
        unit: 'cores',
        query: 'cpu',
        points: t.map((x, i) => [x, 0.25 + i / 100]),
      },
      {
        ok: true,
        metric: 'memory',
        unit: 'bytes',
        query: 'memory',
        points: t.map((x, i) => [x, (300 + i) * 1024 ** 2]),
      },
    ],
    ...overrides,
  };
}

export const metricsNotConfigured: MetricsResponse = {
  configured: false,
  entityRef: 'component:default/payments-gateway',
  howTo: 'Set operations.prometheus.baseUrl in app-config.yaml.',
};

export function makeAlert(overrides: Partial<Alert> = {}): Alert {
  return {
    fingerprint: 'a1b2c3',
    name: 'HighErrorRate',
    severity: 'critical',
    state: 'active',
    startsAt: new Date(Date.now() - 12 * 60_000).toISOString(),
    summary: 'More than 5% of requests fail',
    labels: {
      alertname: 'HighErrorRate',
      component: 'payments-gateway',
      severity: 'critical',
    },
    silencedBy: [],
    ...overrides,
  };
}

export function makeAlerts(
  overrides: Partial<ComponentAlerts> = {},
): ComponentAlerts {
  return {
    configured: true,
    entityRef: 'component:default/payments-gateway',
    matchers: [
      { name: 'component', value: 'payments-gateway', isRegex: false },
    ],
    active: [
      makeAlert(),
      makeAlert({
        fingerprint: 'd4e5f6',
        name: 'PodRestarting',
        severity: 'warning',
        state: 'suppressed',
        summary: 'A pod restarted 3 times',
        labels: {
          alertname: 'PodRestarting',
          component: 'payments-gateway',
          severity: 'warning',
        },
        silencedBy: ['s-1'],
      }),
    ],
    resolved: [
      makeAlert({
        fingerprint: 'r1',
        name: 'LatencyHigh',
        severity: 'warning',
        state: 'resolved',
        summary: 'p99 above 500 ms',
        endsAt: new Date(Date.now() - 60 * 60_000).toISOString(),
      }),
    ],
    ...overrides,
  };
}

export const alertsNotConfigured: AlertsResponse = {
  configured: false,
  entityRef: 'component:default/payments-gateway',
  howTo: 'Set operations.alertmanager.baseUrl in app-config.yaml.',
};

export const silenceResponse = (r: SilenceRequest): SilenceResponse => ({
  entityRef: 'component:default/payments-gateway',
  silence: {
    id: 's-2',
    matchers: [],
    startsAt: new Date().toISOString(),
    endsAt: new Date(Date.now() + r.durationMinutes * 60_000).toISOString(),
    createdBy: 'user:default/jane',
    comment: r.comment,
    state: 'active',
  },
});

/** A fake OperationsApi: every method a jest mock with a harmless default answer. */
export function fakeOperationsApi(
  overrides: Partial<OperationsApi> = {},
): jest.Mocked<OperationsApi> {
  const api: OperationsApi = {
    getMetrics: async () => makeMetrics(),
    getAlerts: async () => makeAlerts(),
    createSilence: async (_e, r) => silenceResponse(r),
    getAlertEvents: async () => [],
    getActiveAlerts: async () => ({ configured: true, items: [] }),
    ...overrides,
  };
  return {
    getMetrics: jest.fn(api.getMetrics),
    getAlerts: jest.fn(api.getAlerts),
    createSilence: jest.fn(api.createSilence),
    getAlertEvents: jest.fn(api.getAlertEvents),
    getActiveAlerts: jest.fn(api.getActiveAlerts),
  } as jest.Mocked<OperationsApi>;
}
