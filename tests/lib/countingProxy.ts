// Loopback proxies that count what reaches a real service through them: TCP connections (an LDAP client opens
// one per read of the directory) and HTTP requests (method and URL of each). What a test sees of a client from
// outside it, without asking the client.
import {
  createServer as createHttpServer,
  request as httpRequest,
  type IncomingMessage,
  type ServerResponse,
} from 'node:http';
import { connect, createServer, type Server, type Socket } from 'node:net';

export interface CountingTcpProxy {
  /** `127.0.0.1:<port>` to give the client instead of the service's. */
  host: string;
  port: number;
  /** Connections accepted so far. */
  readonly connections: number;
  stop(): Promise<void>;
}

export interface SeenRequest {
  method: string;
  /** The path, without the query. */
  path: string;
  query: URLSearchParams;
}

export interface CountingHttpProxy {
  url: string;
  /** Every request received so far, in order. */
  readonly requests: readonly SeenRequest[];
  stop(): Promise<void>;
}

const listen = (server: Server) =>
  new Promise<number>((resolvePort, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      if (typeof address === 'object' && address) resolvePort(address.port);
      else reject(new Error('no port'));
    });
  });

/** Closes `server` and every socket still open through it. */
const closeAll = (server: Server, sockets: Set<Socket>) =>
  new Promise<void>(resolveClose => {
    for (const socket of sockets) socket.destroy();
    server.close(() => resolveClose());
  });

/** A TCP proxy on a spare loopback port to `targetPort` on loopback, counting the connections it accepts. */
export async function startCountingTcpProxy(
  targetPort: number,
): Promise<CountingTcpProxy> {
  let connections = 0;
  const sockets = new Set<Socket>();
  const track = (socket: Socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  };
  const server = createServer(client => {
    connections += 1;
    const upstream = connect(targetPort, '127.0.0.1');
    track(client);
    track(upstream);
    const end = () => {
      client.destroy();
      upstream.destroy();
    };
    client.on('error', end).on('close', end);
    upstream.on('error', end).on('close', end);
    client.pipe(upstream).pipe(client);
  });
  const port = await listen(server);
  return {
    host: '127.0.0.1',
    port,
    get connections() {
      return connections;
    },
    stop: () => closeAll(server, sockets),
  };
}

/** An HTTP proxy on a spare loopback port to `targetUrl` (http, loopback), recording every request. */
export async function startCountingHttpProxy(
  targetUrl: string,
): Promise<CountingHttpProxy> {
  const target = new URL(targetUrl);
  const requests: SeenRequest[] = [];
  const sockets = new Set<Socket>();
  const forward = (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', target);
    requests.push({
      method: req.method ?? 'GET',
      path: url.pathname,
      query: url.searchParams,
    });
    const upstream = httpRequest(
      {
        host: target.hostname,
        port: target.port,
        method: req.method,
        path: req.url,
        headers: { ...req.headers, host: target.host },
      },
      answer => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    upstream.on('error', error => {
      if (!res.headersSent) res.writeHead(502);
      res.end(String(error));
    });
    req.pipe(upstream);
  };
  const server = createHttpServer(forward);
  server.on('connection', socket => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  const port = await listen(server);
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    stop: () => closeAll(server, sockets),
  };
}
