import { formatAgo } from './time';

describe('formatAgo', () => {
  const now = Date.parse('2026-11-28T12:00:00Z');

  it('reads at a glance, in the largest whole unit', () => {
    expect(formatAgo('2026-11-28T11:59:30Z', now)).toBe('just now');
    expect(formatAgo('2026-11-28T12:00:20Z', now)).toBe('just now');
    expect(formatAgo('2026-11-28T11:15:00Z', now)).toBe('45 min. ago');
    expect(formatAgo('2026-11-28T02:00:00Z', now)).toBe('10 hr. ago');
    expect(formatAgo('2026-11-20T12:00:00Z', now)).toBe('8 days ago');
  });

  it('says – for no time and gives back what is not a time', () => {
    expect(formatAgo(undefined, now)).toBe('–');
    expect(formatAgo('', now)).toBe('–');
    expect(formatAgo('yesterday', now)).toBe('yesterday');
  });
});
