/**
 * Backstage's signals as the app's client sees them, for the suites that check who hears of an action: a
 * WebSocket connection to `/api/signals` that keeps every message, and the status of one upgrade.
 */
import { randomBytes } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import { waitFor } from './proc.ts';

/** A signed-in user's connection to Backstage's signals, keeping every message it receives, in order. */
export interface SignalsConnection {
  messages: Array<{ channel: string; message: any }>;
  /** The messages received on one channel. */
  on(channel: string): any[];
  close(): void;
}

/**
 * Connects to `/api/signals` over WebSocket as the app's signal client does (the user's token as the WebSocket
 * subprotocol) and subscribes to `channels`.
 */
export async function connectSignals(
  baseUrl: string,
  token: string,
  channels: string[],
): Promise<SignalsConnection> {
  const url = `${baseUrl.replace(/^http/, 'ws')}/api/signals`;
  // The signals plugin hooks the server's upgrade event only once a first WebSocket request has passed its router,
  // so the first attempt on a fresh backend may be refused; retry a few times, as the app's client reconnects.
  const ws = await waitFor(
    'a WebSocket connection to /api/signals',
    () =>
      new Promise<WebSocket | undefined>(done => {
        const socket = new WebSocket(url, token);
        const timer = setTimeout(() => {
          socket.close();
          done(undefined);
        }, 2000);
        socket.onopen = () => {
          clearTimeout(timer);
          done(socket);
        };
        socket.onerror = () => {
          clearTimeout(timer);
          done(undefined);
        };
      }),
    { timeoutMs: 10_000, intervalMs: 100 },
  );
  const messages: SignalsConnection['messages'] = [];
  ws.onmessage = event => messages.push(JSON.parse(String(event.data)));
  for (const channel of channels) {
    ws.send(JSON.stringify({ action: 'subscribe', channel }));
  }
  // The protocol has no acknowledgement: wait until the subscriptions have left this process. The server handles
  // them as they arrive, long before an action sent afterwards (over another connection, then a catalog read,
  // a permission check and a cluster write) publishes anything.
  await waitFor(
    'the subscriptions to be sent',
    async () => (ws.bufferedAmount === 0 ? true : undefined),
    { timeoutMs: 5000, intervalMs: 10 },
  );
  return {
    messages,
    on: channel =>
      messages.filter(m => m.channel === channel).map(m => m.message),
    close: () => ws.close(),
  };
}

/**
 * The status with which the backend answers one WebSocket upgrade to `/api/signals` (`101` when it accepts it;
 * the socket is closed at once), presenting `token` as the subprotocol like the app's signals client, or nothing,
 * and any other `headers`.
 * Undefined when no answer comes within `timeoutMs`: on a fresh backend the signals plugin keeps the first
 * upgrade that reaches its router unanswered.
 */
export function signalsUpgradeStatus(
  baseUrl: string,
  token?: string,
  { headers = {}, timeoutMs = 2000 } = {} as {
    headers?: Record<string, string>;
    timeoutMs?: number;
  },
): Promise<number | undefined> {
  return new Promise(done => {
    const req = httpRequest(`${baseUrl}/api/signals`, {
      headers: {
        connection: 'Upgrade',
        upgrade: 'websocket',
        'sec-websocket-version': '13',
        'sec-websocket-key': randomBytes(16).toString('base64'),
        ...(token ? { 'sec-websocket-protocol': token } : {}),
        ...headers,
      },
      timeout: timeoutMs,
    });
    req.on('upgrade', (res, socket) => {
      socket.destroy();
      done(res.statusCode);
    });
    req.on('response', res => {
      res.resume();
      done(res.statusCode);
    });
    req.on('timeout', () => {
      req.destroy();
      done(undefined);
    });
    req.on('error', () => done(undefined));
    req.end();
  });
}
