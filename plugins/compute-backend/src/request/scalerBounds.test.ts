import { InputError } from '@backstage/errors';
import { LIMITS } from '@atrium/plugin-compute-common';
import { scalerBounds } from './scalerBounds';

describe('scalerBounds', () => {
  it('reads bounds in order, equal ones too', () => {
    expect(scalerBounds({ minReplicas: 2, maxReplicas: 5 }, '')).toEqual({
      minReplicas: 2,
      maxReplicas: 5,
    });
    expect(scalerBounds({ minReplicas: 3, maxReplicas: 3 }, 'scaler.')).toEqual(
      { minReplicas: 3, maxReplicas: 3 },
    );
  });

  it.each([
    [
      { minReplicas: 0, maxReplicas: 2 },
      '',
      `minReplicas must be a whole number from 1 to ${LIMITS.maxReplicas}`,
    ],
    [
      { minReplicas: 1.5, maxReplicas: 2 },
      'scaler.',
      `scaler.minReplicas must be a whole number from 1 to ${LIMITS.maxReplicas}`,
    ],
    [
      { minReplicas: 1 },
      'scaler.',
      `scaler.maxReplicas must be a whole number from 1 to ${LIMITS.maxReplicas}`,
    ],
    [
      { minReplicas: 1, maxReplicas: LIMITS.maxReplicas + 1 },
      '',
      `maxReplicas must be a whole number from 1 to ${LIMITS.maxReplicas}`,
    ],
    [
      { minReplicas: 3, maxReplicas: 2 },
      '',
      'minReplicas (3) is above maxReplicas (2)',
    ],
    [
      { minReplicas: 3, maxReplicas: 2 },
      'scaler.',
      'scaler.minReplicas (3) is above scaler.maxReplicas (2)',
    ],
  ])('refuses %j (prefix %j) with a 400', (value, prefix, message) => {
    const parse = () => scalerBounds(value, prefix);
    expect(parse).toThrow(InputError);
    expect(parse).toThrow(message);
  });
});
