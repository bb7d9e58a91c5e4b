import { ResponseError } from '@backstage/errors';

/** A failed call's HTTP status and what the API said, when it is a ResponseError (or one that lost its class). */
function asResponseError(
  e: unknown,
):
  | { statusCode: number; message: string; body?: ResponseError['body'] }
  | undefined {
  if (e instanceof ResponseError) return e;
  if (
    typeof e === 'object' &&
    e !== null &&
    (e as { name?: string }).name === 'ResponseError' &&
    typeof (e as { statusCode?: unknown }).statusCode === 'number'
  ) {
    return e as { statusCode: number; message: string };
  }
  return undefined;
}

/**
 * A user-facing message for a failed call to one of Atrium's APIs: the API's own message when it sent one
 * (Backstage's error body), prefixed by what the status means to the user (`Not allowed:` for 403, `Rejected:`
 * for 400); `messages` replaces the whole text for a status (e.g. a 409 conflict the dialog explains itself).
 */
export function describeError(
  error: unknown,
  messages: Partial<Record<number, string>> = {},
): string {
  const response = asResponseError(error);
  if (response) {
    const status = response.statusCode;
    const message = response.body?.error?.message || response.message;
    if (messages[status]) return messages[status]!;
    if (status === 400) return `Rejected: ${message}`;
    if (status === 403) return `Not allowed: ${message}`;
    return message;
  }
  if (error instanceof Error) return error.message;
  return String(error);
}
