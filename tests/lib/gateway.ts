/**
 * One call to Atrium's GraphQL gateway (`POST /api/graphql`) as the tests make it: the answer's status, whether
 * the response cache served it (`x-atrium-cache`), and its body, whatever the status.
 */
export interface GatewayAnswer {
  status: number;
  cache: string | null;
  body: { data?: any; errors?: Array<{ message: string; extensions?: any }> };
}

/** Posts `query` as the holder of `token`, or anonymously without one. */
export async function callGateway(
  baseUrl: string,
  token: string | undefined,
  query: string,
  variables?: Record<string, unknown>,
): Promise<GatewayAnswer> {
  const res = await fetch(`${baseUrl}/api/graphql`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    body: JSON.stringify({ query, variables }),
  });
  return {
    status: res.status,
    cache: res.headers.get('x-atrium-cache'),
    body: (await res.json()) as GatewayAnswer['body'],
  };
}
