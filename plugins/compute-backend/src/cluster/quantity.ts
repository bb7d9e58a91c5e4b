import { InputError } from '@backstage/errors';
import { parseQuantity } from '@atrium/plugin-compute-common';

/** A quantity read from a cluster object; one that is not a quantity is refused with InputError. */
export function quantity(value: string | number | undefined): number {
  const n = parseQuantity(value);
  if (Number.isNaN(n)) {
    throw new InputError(`${JSON.stringify(value)} is not a quantity`);
  }
  return n;
}
