import {
  formatCpu,
  formatMemory,
  formatResource,
  parseQuantity,
} from './quantity';

describe('quantities', () => {
  it('reads Kubernetes CPU and memory quantities', () => {
    expect(parseQuantity('250m')).toBeCloseTo(0.25);
    expect(parseQuantity('2')).toBe(2);
    expect(parseQuantity('1.5')).toBe(1.5);
    expect(parseQuantity('256Mi')).toBe(256 * 2 ** 20);
    expect(parseQuantity('1Gi')).toBe(2 ** 30);
    expect(parseQuantity('1G')).toBe(1e9);
    expect(parseQuantity('1e3')).toBe(1000);
    expect(parseQuantity(undefined)).toBe(0);
    expect(parseQuantity(3)).toBe(3);
  });

  it('gives NaN for what is not a quantity', () => {
    expect(parseQuantity('lots')).toBeNaN();
    expect(parseQuantity('1Qi')).toBeNaN();
  });

  it('writes quantities as Kubernetes does', () => {
    expect(formatCpu(1.45)).toBe('1450m');
    expect(formatCpu(2)).toBe('2');
    expect(formatMemory(1408 * 2 ** 20)).toBe('1408Mi');
    expect(formatMemory(2 ** 30)).toBe('1Gi');
    expect(formatResource('requests.cpu', 0.5)).toBe('500m');
    expect(formatResource('requests.memory', 2 ** 31)).toBe('2Gi');
    expect(formatResource('pods', 7)).toBe('7');
  });
});
