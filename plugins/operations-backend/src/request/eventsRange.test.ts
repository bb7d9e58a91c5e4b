import { parseEventsRange } from './eventsRange';

describe('parseEventsRange', () => {
  const NOW = new Date('2026-12-01T12:00:00.000Z');

  it('defaults to the day before now, and takes unix seconds or ISO 8601', () => {
    expect(parseEventsRange({}, NOW)).toEqual({
      from: new Date('2026-11-30T12:00:00.000Z'),
      to: NOW,
    });
    expect(
      parseEventsRange({ from: '1796032800', to: '2026-12-01T11:00:00Z' }, NOW),
    ).toEqual({
      from: new Date(1796032800 * 1000),
      to: new Date('2026-12-01T11:00:00.000Z'),
    });
  });

  it('refuses a bad time, from after to, or more than 31 days', () => {
    expect(() => parseEventsRange({ to: 'yesterday' }, NOW)).toThrow(
      /to must be unix seconds or an ISO 8601 time/,
    );
    expect(() => parseEventsRange({ from: ['1'] }, NOW)).toThrow(
      /from must be unix seconds/,
    );
    expect(() =>
      parseEventsRange({ from: '2026-12-02T00:00:00Z' }, NOW),
    ).toThrow(/from must be before to/);
    expect(() =>
      parseEventsRange({ from: '2026-10-01T00:00:00Z' }, NOW),
    ).toThrow(/at most 31 days apart/);
  });
});
