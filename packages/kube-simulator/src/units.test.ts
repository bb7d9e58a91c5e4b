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

  it('understands day and month names and macros in cron schedules', () => {
    const weekdays = parseCron('0 7 * * MON-FRI');
    expect(cronMatches(weekdays, new Date('2026-03-02T07:00:00Z'))).toBe(true); // a Monday
    expect(cronMatches(weekdays, new Date('2026-03-01T07:00:00Z'))).toBe(false); // a Sunday
    const marchSundays = parseCron('30 9 * mar sun');
    expect(cronMatches(marchSundays, new Date('2026-03-01T09:30:00Z'))).toBe(
      true,
    );
    expect(cronMatches(marchSundays, new Date('2026-04-05T09:30:00Z'))).toBe(
      false,
    );

    const daily = parseCron('@daily');
    expect(cronMatches(daily, new Date('2026-03-02T00:00:00Z'))).toBe(true);
    expect(cronMatches(daily, new Date('2026-03-02T07:00:00Z'))).toBe(false);
    expect(
      scheduleActive(
        daily,
        parseDuration('1h'),
        new Date('2026-03-02T00:59:00Z'),
      ),
    ).toBe(true);
    expect(
      scheduleActive(
        daily,
        parseDuration('1h'),
        new Date('2026-03-02T01:00:00Z'),
      ),
    ).toBe(false);
    expect(
      cronMatches(
        parseCron('@weekly'),
        new Date('2026-03-01T00:00:00Z'), // a Sunday
      ),
    ).toBe(true);
  });

  it('says what is wrong with a cron expression it cannot parse', () => {
    expect(() => parseCron('61 * * * *')).toThrow(
      'cron "61 * * * *" is not valid: Constraint error, got value 61 expected range 0-59',
    );
    expect(() => parseCron('0 7 * * MON-FRI *')).toThrow(
      'cron "0 7 * * MON-FRI *" must have five fields (minute hour day-of-month month day-of-week) or be a macro such as @daily',
    );
    expect(() => parseCron('0 7 * * funday')).toThrow(
      /^cron "0 7 \* \* funday" is not valid: /,
    );
    expect(() =>
      cronMatches(parseCron('@daily'), new Date(), 'Mars/Olympus'),
    ).toThrow('unknown time zone "Mars/Olympus"');
  });
});
