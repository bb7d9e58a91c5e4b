import { ConflictError, InputError } from '@backstage/errors';

/** The caller must send the resourceVersion they saw, and it must still be the object's (else 409). */
export function checkResourceVersion(
  current: string | undefined,
  seen: string | undefined,
  what: string,
) {
  if (typeof seen !== 'string' || seen === '') {
    throw new InputError(
      `Send the resourceVersion of the ${what} you are changing`,
    );
  }
  if (seen !== current) {
    throw new ConflictError(
      `${what} changed since you loaded it (you saw resourceVersion ${seen}, it is now ${current}); reload and try again`,
    );
  }
}

/** A whole number from min to max, or InputError naming the field. */
export function wholeNumber(
  value: unknown,
  name: string,
  min: number,
  max: number,
): number {
  if (
    typeof value !== 'number' ||
    !Number.isInteger(value) ||
    value < min ||
    value > max
  ) {
    throw new InputError(
      `${name} must be a whole number from ${min} to ${max}`,
    );
  }
  return value;
}

/**
 * A request field's value as an error message quotes it (JSON, at most `max` characters). Never `String(value)`
 * alone: a JSON object such as `{"toString": 1}` cannot be converted, and the request must get its 400, not a 500
 * (found by the fuzzer).
 */
export function quotedValue(value: unknown, max: number): string {
  const text =
    value !== null && typeof value === 'object'
      ? JSON.stringify(value)
      : String(value);
  return JSON.stringify(text.slice(0, max));
}
