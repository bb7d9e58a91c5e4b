import { InputError } from '@backstage/errors';

/**
 * An optional whole number from a query parameter (text of digits, maybe with a minus), from `min` to `max`;
 * undefined when absent. Without finite bounds the message says only that it must be a whole number (the
 * service checks the range, with its own message).
 */
export function optionalInt(
  value: unknown,
  name: string,
  min: number,
  max: number,
): number | undefined {
  if (value === undefined) return undefined;
  const n =
    typeof value === 'string' && /^-?\d+$/.test(value) ? Number(value) : NaN;
  if (!Number.isSafeInteger(n) || n < min || n > max) {
    throw new InputError(
      Number.isFinite(min)
        ? `${name} must be a whole number from ${min} to ${max}`
        : `${name} must be a whole number`,
    );
  }
  return n;
}
