import type {
  LoggerService,
  LifecycleService,
} from '@backstage/backend-plugin-api';
import type { Config } from '@backstage/config';
import type { Server } from 'node:http';

/** `atrium.shutdown.connectionGraceMs`' default. */
export const DEFAULT_CONNECTION_GRACE_MS = 5000;

/**
 * Ends the connections that would keep a stopping backend alive.
 *
 * On shutdown Backstage's HTTP server (outside development) closes its idle connections and waits for the
 * others to finish. Requests that never finish on their own keep it waiting: the events backend's bus
 * subscriptions (long polls from this replica and the others), signals WebSockets. A replica told to stop
 * (SIGTERM from Kubernetes, a rolling restart) then hung until it was killed, and what it had not flushed was
 * lost with it. This shutdown hook gives those connections `graceMs` (requests in flight finish meanwhile),
 * then closes every connection that is left, so the server's close completes and Backstage exits.
 */
export function closeLingeringConnectionsOnShutdown(options: {
  server: Server;
  lifecycle: LifecycleService;
  logger: LoggerService;
  graceMs: number;
}) {
  const { server, lifecycle, logger, graceMs } = options;
  // `listening` turns false as soon as close() is called, while connections may still hold the close back.
  let closed = false;
  server.once('close', () => {
    closed = true;
  });
  lifecycle.addShutdownHook(
    () =>
      new Promise<void>(resolve => {
        if (closed) {
          resolve();
          return;
        }
        const timer = setTimeout(() => {
          logger.info(
            `Closing the connections still open ${graceMs} ms after shutdown began (long polls, WebSockets)`,
          );
          server.closeAllConnections();
          resolve();
        }, graceMs);
        server.once('close', () => {
          clearTimeout(timer);
          resolve();
        });
      }),
  );
}

/** Reads `atrium.shutdown.connectionGraceMs` (0 to 60000). */
export function readConnectionGraceMs(config: Config): number {
  const value =
    config.getOptionalNumber('atrium.shutdown.connectionGraceMs') ??
    DEFAULT_CONNECTION_GRACE_MS;
  if (!(Number.isInteger(value) && value >= 0 && value <= 60_000)) {
    throw new Error(
      `atrium.shutdown.connectionGraceMs must be a whole number of milliseconds from 0 to 60000, got ${value}`,
    );
  }
  return value;
}
