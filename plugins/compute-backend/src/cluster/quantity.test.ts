import { parseQuantity } from './quantity';

describe('parseQuantity', () => {
  it('reads Kubernetes CPU and memory quantities', () => {
    expect(parseQuantity('250m')).toBeCloseTo(0.25);
    expect(parseQuantity('2')).toBe(2);
    expect(parseQuantity('1.5')).toBe(1.5);
    expect(parseQuantity('256Mi')).toBe(256 * 2 ** 20);
    expect(parseQuantity('1Gi')).toBe(2 ** 30);
    expect(parseQuantity('1G')).toBe(1e9);
    expect(parseQuantity('1e3')).toBe(1000);
    expect(parseQuantity(undefined)).toBe(0);
  });

  it('refuses what is not a quantity', () => {
    expect(() => parseQuantity('lots')).toThrow('is not a quantity');
    expect(() => parseQuantity('1Qi')).toThrow('is not a quantity');
  });
});
