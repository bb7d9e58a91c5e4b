import { ResponseError } from '@backstage/errors';

/**
 * A failed call as Atrium's clients throw it: the ResponseError Backstage makes of an answer with `status` and
 * the backend's error body (`{ error: { name, message }, response: { statusCode } }`).
 */
export async function responseError(
  status: number,
  message: string,
  options: { name?: string; statusText?: string } = {},
): Promise<ResponseError> {
  const body = JSON.stringify({
    error: { name: options.name ?? 'Error', message },
    response: { statusCode: status },
  });
  return ResponseError.fromResponse(
    new Response(body, {
      status,
      statusText: options.statusText ?? String(status),
      headers: { 'content-type': 'application/json' },
    }),
  );
}
