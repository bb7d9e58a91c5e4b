import { optionalInt } from './optionalInt';

describe('optionalInt', () => {
  it('reads a whole number within its bounds, and nothing as undefined', () => {
    expect(optionalInt(undefined, 'limit', 1, 500)).toBeUndefined();
    expect(optionalInt('1', 'limit', 1, 500)).toBe(1);
    expect(optionalInt('500', 'limit', 1, 500)).toBe(500);
    expect(optionalInt('-3', 'n', -Infinity, Infinity)).toBe(-3);
  });

  it('refuses what is not a whole number, or out of bounds, naming the bounds when they are finite', () => {
    for (const bad of ['0', '501', '1.5', '1e3', '', ' 2', 'ten', ['1', '2']]) {
      expect(() => optionalInt(bad, 'limit', 1, 500)).toThrow(
        /^limit must be a whole number from 1 to 500$/,
      );
    }
    for (const bad of ['x', '99999999999999999999', '2.0']) {
      expect(() => optionalInt(bad, 'tailLines', -Infinity, Infinity)).toThrow(
        /^tailLines must be a whole number$/,
      );
    }
  });
});
