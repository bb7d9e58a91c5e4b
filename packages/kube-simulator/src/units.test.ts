import { applyJsonPatch, applyMergePatch } from './patch';
import {
  parseQuantity,
  formatCpu,
  formatMemory,
} from '@atrium/plugin-compute-common';
import {
  cronMatches,
  parseCron,
  parseDuration,
  scheduleActive,
} from './schedule';
import { matchesLabels, parseLabelSelector } from './selectors';

describe('selectors', () => {
  it('parses every label selector form', () => {
    expect(
      parseLabelSelector('a=b,c==d,e!=f,g in (h, i),j notin (k),l,!m'),
    ).toEqual([
      { key: 'a', op: 'in', values: ['b'] },
      { key: 'c', op: 'in', values: ['d'] },
      { key: 'e', op: 'notIn', values: ['f'] },
      { key: 'g', op: 'in', values: ['h', 'i'] },
      { key: 'j', op: 'notIn', values: ['k'] },
      { key: 'l', op: 'exists' },
      { key: 'm', op: 'notExists' },
    ]);
    const sel = parseLabelSelector(
      'compute.atrium.dev/team=team-payments,!canary',
    );
    expect(
      matchesLabels(sel, { 'compute.atrium.dev/team': 'team-payments' }),
    ).toBe(true);
    expect(
      matchesLabels(sel, {
        'compute.atrium.dev/team': 'team-payments',
        canary: 'x',
      }),
    ).toBe(false);
    expect(() => parseLabelSelector('a in (')).toThrow();
  });
});

describe('quantities, patches and schedules', () => {
  it('parses and formats quantities', () => {
    expect(parseQuantity('250m')).toBe(0.25);
    expect(parseQuantity('1.5')).toBe(1.5);
    expect(parseQuantity('256Mi')).toBe(256 * 1024 * 1024);
    expect(formatCpu(1.45)).toBe('1450m');
    expect(formatCpu(2)).toBe('2');
    expect(formatMemory(1408 * 1024 * 1024)).toBe('1408Mi');
  });

  it('applies merge and JSON patches', () => {
    expect(
      applyMergePatch({ a: 1, b: { c: 2, d: 3 } }, { b: { c: null, e: 4 } }),
    ).toEqual({ a: 1, b: { d: 3, e: 4 } });
    expect(
      applyJsonPatch({ a: [1, 2] }, [
        { op: 'add', path: '/a/-', value: 3 },
        { op: 'remove', path: '/a/0' },
      ]),
    ).toEqual({ a: [2, 3] });
    expect(() =>
      applyJsonPatch({ a: 1 }, [{ op: 'test', path: '/a', value: 2 }]),
    ).toThrow();
  });

  it('evaluates cron schedules in UTC and in a time zone', () => {
    const weekdays = parseCron('0 7 * * 1-5');
    expect(cronMatches(weekdays, new Date('2026-03-02T07:00:00Z'))).toBe(true); // a Monday
    expect(cronMatches(weekdays, new Date('2026-03-01T07:00:00Z'))).toBe(false); // a Sunday
    expect(
      scheduleActive(
        weekdays,
        parseDuration('11h'),
        new Date('2026-03-02T17:59:00Z'),
      ),
    ).toBe(true);
    expect(
      scheduleActive(
        weekdays,
        parseDuration('11h'),
        new Date('2026-03-02T18:00:00Z'),
      ),
    ).toBe(false);
    expect(
      cronMatches(
        weekdays,
        new Date('2026-03-02T06:00:00Z'),
        'Europe/Amsterdam',
      ),
    ).toBe(true);
    expect(parseDuration('1h30m')).toBe(5_400_000);
    expect(() => parseDuration('10x')).toThrow();
  });
});
