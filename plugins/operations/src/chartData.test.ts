import type { MetricResult } from '@atrium/plugin-operations-common';
import { pointsOf, toChartData } from './lib/chartData';
import { axisScale, formatMinutes, timeTicks } from './lib/format';
import { describeLabels, silenceMinutes } from './lib/silence';
import { makeMetrics } from './testing/fixtures';

describe('toChartData', () => {
  const metrics = makeMetrics().metrics;
  const charts = toChartData(metrics);
  const chart = (id: string) => charts.find(c => c.id === id)!;
  const okPoints = (kind: string) => {
    const m = metrics.find(x => x.metric === kind)!;
    if (!m.ok) throw new Error(`${kind} failed`);
    return m.points;
  };

  it('makes one chart per metric, latency percentiles together, in order', () => {
    expect(charts.map(c => c.id)).toEqual([
      'requestRate',
      'errorRate',
      'latency',
      'cpu',
      'memory',
    ]);
    expect(chart('latency').series.map(s => s.metric)).toEqual([
      'latencyP50',
      'latencyP99',
    ]);
    expect(chart('memory').unit).toBe('bytes');
  });

  it('gives each line exactly the points the API returned, nulls included', () => {
    for (const m of metrics) {
      if (!m.ok) continue;
      const c = charts.find(x => x.series.some(s => s.metric === m.metric))!;
      expect(pointsOf(c, m.metric)).toEqual(m.points);
    }
    // Untouched values: no unit conversion in the data.
    expect(chart('errorRate').data.map(r => r.errorRate)).toEqual(
      okPoints('errorRate').map(p => p[1]),
    );
    expect(chart('requestRate').data[2]).toEqual({
      t: okPoints('requestRate')[2][0],
      requestRate: null,
    });
  });

  it('merges the percentiles by timestamp, sorted, without inventing points', () => {
    const latency = chart('latency');
    const p50 = okPoints('latencyP50');
    const p99 = okPoints('latencyP99');
    expect(latency.data).toHaveLength(6);
    expect(latency.data.map(r => r.t)).toEqual(
      [...new Set([...p50, ...p99].map(p => p[0]))].sort((a, b) => a - b),
    );
    const offGrid = latency.data.find(r => r.t === p99[1][0])!;
    expect(offGrid).toEqual({ t: p99[1][0], latencyP99: 0.25 });
    expect('latencyP50' in offGrid).toBe(false);
  });

  it('keeps a failed metric as an error of its own chart only', () => {
    expect(chart('latency').errors).toEqual([
      {
        metric: 'latencyP95',
        unit: 'seconds',
        query: 'histogram_quantile(0.95, broken',
        reason: 'BadQuery',
        message: 'parse error: unclosed left parenthesis',
      },
    ]);
    for (const c of charts.filter(x => x.id !== 'latency')) {
      expect(c.errors).toEqual([]);
    }
  });

  it('keeps a chart whose only metric failed, and leaves out absent ones', () => {
    const only: MetricResult[] = [
      {
        ok: false,
        metric: 'cpu',
        unit: 'cores',
        query: 'q',
        reason: 'Timeout',
        message: 'slow',
      },
    ];
    const result = toChartData(only);
    expect(result).toHaveLength(1);
    expect(result[0]).toMatchObject({ id: 'cpu', series: [], data: [] });
    expect(result[0].errors[0].reason).toBe('Timeout');
    expect(toChartData([])).toEqual([]);
  });
});

describe('units for people', () => {
  it('formats each unit', () => {
    expect(axisScale('requests/s').withUnit(12.345)).toBe('12.3 req/s');
    expect(axisScale('ratio').withUnit(0.0123)).toBe('1.23%');
    expect(axisScale('seconds').withUnit(0.25)).toBe('250 ms');
    expect(axisScale('cores').withUnit(0.5)).toBe('0.5 cores');
    expect(axisScale('bytes', 300 * 1024 ** 2).withUnit(300 * 1024 ** 2)).toBe(
      '300 MiB',
    );
    expect(axisScale('bytes', 2 * 1024 ** 3).withUnit(1.5 * 1024 ** 3)).toBe(
      '1.5 GiB',
    );
    expect(axisScale('bytes', 2 * 1024 ** 3).label).toBe('GiB');
    expect(axisScale('cores').withUnit(null)).toBe('no data');
  });

  it('formats durations', () => {
    expect(formatMinutes(30)).toBe('30 min');
    expect(formatMinutes(60)).toBe('1 h');
    expect(formatMinutes(1440)).toBe('1 day');
    expect(formatMinutes(10080)).toBe('7 days');
    expect(formatMinutes(270)).toBe('4 h 30 min');
  });
});

describe('silence input', () => {
  it('reads presets and custom hours up to a week', () => {
    expect(silenceMinutes('30', '')).toEqual({ minutes: 30 });
    expect(silenceMinutes('1440', '')).toEqual({ minutes: 1440 });
    expect(silenceMinutes('custom', '2.5')).toEqual({ minutes: 150 });
    expect(silenceMinutes('custom', '168')).toEqual({ minutes: 10080 });
    expect(silenceMinutes('custom', '169')).toHaveProperty('invalid');
    expect(silenceMinutes('custom', '0')).toHaveProperty('invalid');
    expect(silenceMinutes('custom', '')).toHaveProperty('invalid');
    expect(silenceMinutes('custom', 'abc')).toHaveProperty('invalid');
  });

  it('lists the labels, alertname first', () => {
    expect(
      describeLabels({ severity: 'critical', alertname: 'X', component: 'c' }),
    ).toBe('alertname="X", component="c", severity="critical"');
  });
});

describe('time ticks', () => {
  it('falls on round times within the range', () => {
    expect(timeTicks(1000, 4600)).toEqual([1200, 1800, 2400, 3000, 3600, 4200]);
    expect(timeTicks(0, 7 * 86400)).toHaveLength(8);
  });
});
