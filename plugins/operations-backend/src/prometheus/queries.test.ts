import type { Entity } from '@backstage/catalog-model';
import {
  chooseStep,
  dashboardUrl,
  DEFAULT_QUERIES,
  parseWindow,
  queriesFor,
  rateWindow,
  selectorFor,
} from './queries';

const component = (
  name: string,
  annotations?: Record<string, string>,
): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name, namespace: 'default', annotations },
  spec: { owner: 'team-payments' },
});

describe('metric queries', () => {
  it('select the component label by default, and every metric has a query', () => {
    const queries = queriesFor(component('payments-gateway'), '60s');
    // Spelled out, not METRIC_KINDS: queriesFor is built from that list, so comparing with it could not fail.
    expect(queries.map(q => q.metric)).toEqual([
      'requestRate',
      'errorRate',
      'latencyP50',
      'latencyP95',
      'latencyP99',
      'cpu',
      'memory',
    ]);
    const byMetric = Object.fromEntries(queries.map(q => [q.metric, q.query]));
    expect(byMetric.requestRate).toBe(
      'sum(rate(http_requests_total{component="payments-gateway"}[60s]))',
    );
    expect(byMetric.errorRate).toBe(
      '(sum(rate(http_requests_total{component="payments-gateway",code=~"5.."}[60s])) or vector(0)) / sum(rate(http_requests_total{component="payments-gateway"}[60s]))',
    );
    expect(byMetric.latencyP95).toBe(
      'histogram_quantile(0.95, sum by (le) (rate(http_request_duration_seconds_bucket{component="payments-gateway"}[60s])))',
    );
    expect(byMetric.memory).toBe(
      'sum(container_memory_working_set_bytes{component="payments-gateway"})',
    );
    for (const q of queries) expect(q.query).not.toMatch(/\$/);
  });

  it('take the selector annotation, with or without braces', () => {
    for (const value of [
      'job="payments", env="prod"',
      '{job="payments", env="prod"}',
      '  { job="payments", env="prod" } ',
    ]) {
      const entity = component('payments-gateway', {
        'atrium.dev/prometheus-selector': value,
      });
      expect(selectorFor(entity)).toBe('job="payments", env="prod"');
      expect(queriesFor(entity, '5m')[0].query).toBe(
        'sum(rate(http_requests_total{job="payments", env="prod"}[5m]))',
      );
    }
    expect(() =>
      selectorFor(
        component('x', { 'atrium.dev/prometheus-selector': 'a="1"} or {b' }),
      ),
    ).toThrow(/label matchers/);
  });

  it('take a whole query from its annotation, with $selector and $window filled in (even with $ in them)', () => {
    const entity = component('payments-gateway', {
      'atrium.dev/prometheus-selector': 'app="$1"',
      'atrium.dev/promql-request-rate':
        'sum(rate(nginx_requests{$selector}[$window]))',
      'atrium.dev/promql-latency-p99': 'max(p99_seconds{$selector})',
    });
    const byMetric = Object.fromEntries(
      queriesFor(entity, '2m').map(q => [q.metric, q.query]),
    );
    expect(byMetric.requestRate).toBe(
      'sum(rate(nginx_requests{app="$1"}[2m]))',
    );
    expect(byMetric.latencyP99).toBe('max(p99_seconds{app="$1"})');
    expect(byMetric.cpu).toBe(
      DEFAULT_QUERIES.cpu
        .replace('$selector', 'app="$1"')
        .replace('$window', '2m'),
    );
  });

  it('choose a round step that keeps each series under 400 points', () => {
    expect(chooseStep(3600)).toBe(15);
    expect(chooseStep(6 * 3600)).toBe(60);
    expect(chooseStep(24 * 3600)).toBe(300);
    expect(chooseStep(7 * 24 * 3600)).toBe(1800);
    for (const range of [60, 3600, 86400, 31 * 86400]) {
      expect(range / chooseStep(range)).toBeLessThanOrEqual(400);
    }
  });

  it('read presets ending now, rounded down to the step', () => {
    expect(parseWindow({}, 10_000)).toEqual({
      start: 9990 - 3600,
      end: 9990,
      step: 15,
    });
    expect(parseWindow({ range: '7d' }, 1_000_000)).toEqual({
      start: 999_000 - 7 * 86400,
      end: 999_000,
      step: 1800,
    });
  });

  it('read start, end and step, and refuse what makes no sense', () => {
    expect(parseWindow({ start: '1000', end: '1600', step: '5' })).toEqual({
      start: 1000,
      end: 1600,
      step: 5,
    });
    expect(parseWindow({ start: '1000', end: '4600' }).step).toBe(15);
    const bad: Array<[Record<string, unknown>, RegExp]> = [
      [{ range: '2h' }, /range must be one of/],
      [{ range: ['1h', '6h'] }, /range must be one of/],
      [{ start: '1000' }, /both start and end/],
      [{ start: '2000', end: '1000' }, /end must be after start/],
      [{ start: 'yesterday', end: '1000' }, /start must be a number/],
      [{ start: '0', end: String(40 * 86400) }, /at most 31 days/],
      [{ start: '0', end: '10000', step: '1' }, /At most 400 points/],
      [{ range: '1h', start: '0', end: '10' }, /either range/],
      [{ step: '30' }, /step goes with start and end/],
    ];
    for (const [query, message] of bad) {
      expect(() => parseWindow(query)).toThrow(message);
    }
  });

  it('use four steps as the rate window, at least a minute, unless configured', () => {
    expect(rateWindow(15)).toBe('60s');
    expect(rateWindow(300)).toBe('1200s');
    expect(rateWindow(300, '5m')).toBe('5m');
  });

  it('fill the dashboard template, URL-encoded', () => {
    expect(
      dashboardUrl(
        'https://grafana.example/d/svc?var-name={{name}}&var-ns={{ namespace }}&from={{from}}&to={{to}}&x={{unknown}}',
        component('payments gateway'),
        { start: 1000, end: 4600, step: 15 },
      ),
    ).toBe(
      'https://grafana.example/d/svc?var-name=payments%20gateway&var-ns=default&from=1000000&to=4600000&x={{unknown}}',
    );
    expect(dashboardUrl(undefined, component('x'), {} as any)).toBeUndefined();
  });
});
