import { ResponseError } from '@backstage/errors';

/** A user-facing message for a failed operations API call: the API's own message when it sent one. */
export function describeError(error: unknown): string {
  if (error instanceof ResponseError || isResponseErrorLike(error)) {
    const status = error.statusCode;
    const message = error.body?.error?.message || error.message;
    if (status === 403) return `Not allowed: ${message}`;
    return message;
  }
  if (error instanceof Error) return error.message;
  return String(error);
}

function isResponseErrorLike(
  e: unknown,
): e is { statusCode: number; message: string; body?: ResponseError['body'] } {
  return (
    typeof e === 'object' &&
    e !== null &&
    (e as { name?: string }).name === 'ResponseError' &&
    typeof (e as { statusCode?: unknown }).statusCode === 'number'
  );
}
