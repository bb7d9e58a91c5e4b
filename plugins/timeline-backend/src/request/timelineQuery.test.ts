import { parseTimelineQuery } from './timelineQuery';

describe('the timeline query', () => {
  const now = new Date('2026-11-28T12:00:00.000Z');
  const parse = (q: Record<string, unknown>) => parseTimelineQuery(q, now);

  it('defaults to every kind over the last 7 days, 200 events', () => {
    const q = parse({});
    expect(q.kinds).toContain('catalog-change');
    expect(q.kinds).toHaveLength(8);
    expect(q.to).toEqual(now);
    expect(q.from.toISOString()).toBe('2026-11-21T12:00:00.000Z');
    expect(q.limit).toBe(200);
    expect(
      parse({
        kinds: 'deploy, scale,deploy',
        from: '2026-11-01',
        to: '2026-11-02T10:00:00+02:00',
        limit: '500',
      }),
    ).toEqual({
      kinds: ['deploy', 'scale'],
      from: new Date('2026-11-01T00:00:00.000Z'),
      to: new Date('2026-11-02T08:00:00.000Z'),
      limit: 500,
    });
  });

  it('refuses unknown kinds, dates that are not ISO 8601, a reversed range and bad limits', () => {
    expect(() => parse({ kinds: 'deploy,explosion' })).toThrow(
      /Unknown kind\(s\) "explosion"/,
    );
    expect(() => parse({ from: 'yesterday' })).toThrow(/from must be/);
    expect(() => parse({ to: '2026-13-45' })).toThrow(/to must be/);
    expect(() => parse({ from: ['2026-11-01', '2026-11-02'] })).toThrow(/once/);
    expect(() =>
      parse({ from: '2026-11-03T00:00:00Z', to: '2026-11-02T00:00:00Z' }),
    ).toThrow(/after/);
    for (const limit of ['0', '501', '-1', '1.5', 'ten', '']) {
      expect(() => parse({ limit })).toThrow(/limit must be/);
    }
  });
});
