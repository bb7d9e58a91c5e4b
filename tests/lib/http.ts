/**
 * HTTP client behaviour the tests share with browsers.
 */

/** Whether fetch failed because its connection closed before any answer came (undici's socket error). */
function closedBeforeAnswer(error: unknown): boolean {
  return (
    (error as { cause?: { code?: string } }).cause?.code === 'UND_ERR_SOCKET'
  );
}

/**
 * Sends a request again, once, when the connection it went out on was closed before any answer came back. Fetch
 * reuses an idle keep-alive connection, and a load balancer closes idle ones (HAProxy's `timeout http-keep-alive`
 * is 10 s in tests/lib/ha): a request written just as it closes fails with "other side closed" without having
 * reached a replica. Browsers resend such a request on a new connection, POST included; this does the same.
 * `onResend` hears of each resend, so that a caller can count them rather than hide them.
 */
export async function onFreshSocketIfClosed(
  send: () => Promise<Response>,
  onResend?: (error: unknown) => void,
): Promise<Response> {
  try {
    return await send();
  } catch (error) {
    if (!closedBeforeAnswer(error)) throw error;
    onResend?.(error);
    return send();
  }
}
