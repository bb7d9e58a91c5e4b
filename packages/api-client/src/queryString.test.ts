import { queryString } from './queryString';

describe('queryString', () => {
  it("is '' without parameters, or when every value is undefined", () => {
    expect(queryString({})).toBe('');
    expect(queryString({ limit: undefined, before: undefined })).toBe('');
  });

  it('keeps the order given, skips undefined values and writes numbers and booleans as text', () => {
    expect(
      queryString({ range: '24h', skipped: undefined, limit: 0, all: false }),
    ).toBe('?range=24h&limit=0&all=false');
    expect(queryString({ a: 'b' })).toBe('?a=b');
    expect(queryString({ empty: '' })).toBe('?empty=');
  });

  it('encodes keys and values', () => {
    expect(
      queryString({
        from: '2026-01-01T00:00:00.000Z',
        q: 'a b&c=d/é?',
        'odd key': '#1',
      }),
    ).toBe(
      '?from=2026-01-01T00%3A00%3A00.000Z&q=a+b%26c%3Dd%2F%C3%A9%3F&odd+key=%231',
    );
    const parsed = new URLSearchParams(
      queryString({ q: 'a b&c=d/é?+%', 'odd key': '#1' }),
    );
    expect(Object.fromEntries(parsed)).toEqual({
      q: 'a b&c=d/é?+%',
      'odd key': '#1',
    });
  });
});
