import {
  formatAverage,
  formatDuration,
  formatNps,
  formatPercent,
  rangeQuery,
} from './range';

describe('the Insights range and figures', () => {
  it('takes the last N days up to and including today, as UTC dates', () => {
    const now = new Date('2026-12-06T23:30:00.000Z');
    expect(rangeQuery(7, now)).toEqual({
      from: '2026-11-30',
      to: '2026-12-06',
    });
    expect(rangeQuery(30, now)).toEqual({
      from: '2026-11-07',
      to: '2026-12-06',
    });
    expect(rangeQuery(90, now)).toEqual({
      from: '2026-09-08',
      to: '2026-12-06',
    });
  });

  it('writes figures as people read them', () => {
    expect(formatAverage(1 / 30)).toBe('0.03');
    expect(formatAverage(6)).toBe('6');
    expect(formatAverage(12.345)).toBe('12.3');
    expect(formatPercent(0.5)).toBe('50%');
    expect(formatPercent(0.0333)).toBe('3.3%');
    expect(formatPercent(null)).toBe('—');
    expect(formatNps(25)).toBe('+25');
    expect(formatNps(-12.5)).toBe('-12.5');
    expect(formatNps(0)).toBe('0');
    expect(formatNps(null)).toBe('—');
    expect(formatDuration(45)).toBe('45 s');
    expect(formatDuration(300)).toBe('5 min');
    expect(formatDuration(4 * 3600)).toBe('4 h');
    expect(formatDuration(null)).toBe('—');
  });
});
