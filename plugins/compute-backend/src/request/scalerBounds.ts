import { InputError } from '@backstage/errors';
import { LIMITS } from '@atrium/plugin-compute-common';
import { wholeNumber } from '../service/validation';

/** A Scaler's bounds, checked. */
export interface ScalerBounds {
  minReplicas: number;
  maxReplicas: number;
}

/**
 * A Scaler's bounds from a request: `minReplicas` and `maxReplicas` whole numbers from 1 to LIMITS.maxReplicas,
 * the first not above the second, else an InputError naming the field with `prefix` (`scaler.` in a creation
 * request, nothing in the scaler action's body).
 */
export function scalerBounds(
  value: { minReplicas?: unknown; maxReplicas?: unknown },
  prefix: string,
): ScalerBounds {
  const min = wholeNumber(
    value.minReplicas,
    `${prefix}minReplicas`,
    1,
    LIMITS.maxReplicas,
  );
  const max = wholeNumber(
    value.maxReplicas,
    `${prefix}maxReplicas`,
    1,
    LIMITS.maxReplicas,
  );
  if (min > max) {
    throw new InputError(
      `${prefix}minReplicas (${min}) is above ${prefix}maxReplicas (${max})`,
    );
  }
  return { minReplicas: min, maxReplicas: max };
}
