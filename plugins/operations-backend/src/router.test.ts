import { join } from 'node:path';
import { mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { Registry } from 'prom-client';
import { documentedRoutes, servedRoutes } from '@atrium/backend-test-utils';
import { readOperationsConfig } from './config';
import { createRouter } from './router';
import type { OperationsService } from './service/types';
import { atriumMetrics, httpMetricsMiddleware } from './selfMetrics';

describe('the operations router', () => {
  it('serves exactly the routes its OpenAPI spec describes', () => {
    const unused = () => Promise.reject(new Error('not called'));
    const service: OperationsService = {
      metrics: unused,
      alerts: unused,
      silence: unused,
      alertEvents: unused,
      activeAlerts: unused,
      poll: unused,
    };
    const router = createRouter({
      httpAuth: mockServices.httpAuth(),
      auditor: mockServices.auditor.mock(),
      service,
      registry: new Registry(),
    });
    expect(servedRoutes(router)).toEqual(
      documentedRoutes(join(__dirname, 'schema', 'openapi.yaml')),
    );
  });
});

describe('the operations config', () => {
  const read = (operations: object) =>
    readOperationsConfig(new ConfigReader({ operations }));

  it('has defaults, and leaves out what is not configured', () => {
    expect(readOperationsConfig(new ConfigReader({}))).toEqual({
      prometheus: undefined,
      alertmanager: undefined,
      dashboardUrlTemplate: undefined,
      catalogTtlMs: 5000,
      alerts: {
        componentLabel: 'component',
        pollSeconds: 30,
        retentionDays: 30,
      },
      funnel: { firstAlertRuleSeconds: 300 },
    });
    expect(
      read({
        prometheus: { baseUrl: 'http://127.0.0.1:9090/', timeoutMs: 2000 },
        alertmanager: { baseUrl: 'http://127.0.0.1:9093' },
        alerts: { componentLabel: 'service', pollSeconds: 5 },
      }),
    ).toMatchObject({
      prometheus: { baseUrl: 'http://127.0.0.1:9090', timeoutMs: 2000 },
      alertmanager: { baseUrl: 'http://127.0.0.1:9093', timeoutMs: 5000 },
      alerts: { componentLabel: 'service', pollSeconds: 5 },
    });
  });

  it('refuses what cannot work', () => {
    expect(() => read({ prometheus: { baseUrl: 'prometheus:9090' } })).toThrow(
      /http\(s\) URL/,
    );
    expect(() =>
      read({ alerts: { componentLabel: 'app.kubernetes.io/name' } }),
    ).toThrow(/label name/);
    expect(() => read({ alerts: { pollSeconds: 0 } })).toThrow(/above 0/);
    expect(() => read({ catalogTtlMs: -1 })).toThrow(/0 \(off\) to 60000/);
    expect(() => read({ catalogTtlMs: 60_001 })).toThrow(/0 \(off\) to 60000/);
    expect(() =>
      read({ prometheus: { baseUrl: 'http://p', rateWindow: 'five minutes' } }),
    ).toThrow(/Prometheus duration/);
  });
});

describe("Atrium's own metrics", () => {
  it('count requests by method and status code, labelled component="atrium"', async () => {
    const middleware = httpMetricsMiddleware();
    const listeners: Array<() => void> = [];
    const res = {
      statusCode: 503,
      once: (_: string, fn: () => void) => listeners.push(fn),
    };
    middleware({ method: 'BREW' } as any, res as any, () => {});
    listeners.forEach(fn => fn());
    const text = await atriumMetrics().registry.metrics();
    expect(text).toContain(
      'http_requests_total{method="other",code="503",component="atrium"} 1',
    );
    expect(text).toContain(
      'http_request_duration_seconds_count{component="atrium",method="other",code="503"} 1',
    );
    expect(text).toContain(
      'process_cpu_user_seconds_total{component="atrium"}',
    );
    expect(atriumMetrics()).toBe(atriumMetrics());
  });
});
