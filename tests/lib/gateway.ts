/**
 * One call to Atrium's GraphQL gateway (`POST /api/graphql`) as the tests make it: the answer's status, whether
 * the response cache served it (`x-atrium-cache`), and its body, whatever the status.
 */
export interface GatewayAnswer {
  status: number;
  cache: string | null;
  body: { data?: any; errors?: Array<{ message: string; extensions?: any }> };
}

/** How long {@link callGateway} waits for a whole answer by default. */
export const GATEWAY_TIMEOUT_MS = 30_000;

/**
 * Posts `query` as the holder of `token`, or anonymously without one. Rejects when the whole answer has not
 * come within `timeoutMs`, so that a gateway that hangs fails the test that called it rather than the run.
 */
export async function callGateway(
  baseUrl: string,
  token: string | undefined,
  query: string,
  variables?: Record<string, unknown>,
  { timeoutMs = GATEWAY_TIMEOUT_MS }: { timeoutMs?: number } = {},
): Promise<GatewayAnswer> {
  const signal = AbortSignal.timeout(timeoutMs);
  try {
    const res = await fetch(`${baseUrl}/api/graphql`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...(token ? { authorization: `Bearer ${token}` } : {}),
      },
      body: JSON.stringify({ query, variables }),
      signal,
    });
    return {
      status: res.status,
      cache: res.headers.get('x-atrium-cache'),
      body: (await res.json()) as GatewayAnswer['body'],
    };
  } catch (error) {
    if (signal.aborted) {
      throw new Error(
        `POST ${baseUrl}/api/graphql: no answer within ${timeoutMs} ms`,
      );
    }
    throw error;
  }
}
