/*
 * An HTTP server of the registry test doubles (the token server, the paginating proxy) on a free loopback port.
 * Self-contained on purpose: only `node:` imports and erasable TypeScript syntax (node:test can import it).
 */
import {
  createServer,
  type IncomingMessage,
  type ServerResponse,
} from 'node:http';

export interface LoopbackHttp {
  /** The port it listens on, on 127.0.0.1. */
  readonly port: number;
  /** Closes it and its open connections; once (later calls do nothing). */
  stop(): Promise<void>;
}

/**
 * Serves `handle` on 127.0.0.1 at a free port. A handler that throws is answered by `fail` (a 500, as the
 * double words it), since a test double must not take the test process down.
 */
export async function listenOnLoopback(
  handle: (req: IncomingMessage, res: ServerResponse) => void,
  fail: (res: ServerResponse, error: unknown) => void,
): Promise<LoopbackHttp> {
  const server = createServer((req, res) => {
    try {
      handle(req, res);
    } catch (error) {
      fail(res, error);
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  let stopped = false;
  return {
    port,
    stop: async () => {
      if (stopped) return;
      stopped = true;
      server.closeAllConnections();
      await new Promise<void>(resolve => server.close(() => resolve()));
    },
  };
}
