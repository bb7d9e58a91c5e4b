import type {
  LifecycleService,
  LoggerService,
} from '@backstage/backend-plugin-api';
import { ConfigReader } from '@backstage/config';
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  closeLingeringConnectionsOnShutdown,
  readConnectionGraceMs,
} from './lingeringConnections';

// A stand-in for the logger the hook uses (this package has no test-utils dependency).
const logger = { info: jest.fn() } as unknown as LoggerService;

/** Installs the hook for `server` on a stand-in lifecycle; answers the shutdown hook it added. */
function shutdownHookFor(server: Server, graceMs: number) {
  const lifecycle = { addStartupHook: jest.fn(), addShutdownHook: jest.fn() };
  closeLingeringConnectionsOnShutdown({
    server,
    lifecycle: lifecycle as unknown as LifecycleService,
    logger,
    graceMs,
  });
  return lifecycle.addShutdownHook.mock.calls[0][0] as () => Promise<void>;
}

/**
 * A server whose /poll never answers, like the events bus's long polls; `polled` resolves once a /poll request
 * has reached it.
 */
async function serverWithLongPoll(): Promise<{
  server: Server;
  port: number;
  polled: Promise<void>;
}> {
  let reached: () => void = () => {};
  const polled = new Promise<void>(r => (reached = r));
  const server = createServer((req, res) => {
    if (req.url !== '/poll') res.end('ok');
    else reached(); // /poll: never answered
  });
  await new Promise<void>(r => server.listen(0, '127.0.0.1', () => r()));
  return { server, port: (server.address() as AddressInfo).port, polled };
}

/** Starts a request to /poll and resolves when its connection is gone. */
function openLongPoll(port: number): Promise<'closed'> {
  return new Promise(resolve => {
    const req = request({ host: '127.0.0.1', port, path: '/poll' });
    req.on('error', () => resolve('closed'));
    req.on('close', () => resolve('closed'));
    req.end();
  });
}

/** What Backstage's server stop does outside development: close idle connections, then wait for the rest. */
const backstageStop = (server: Server) =>
  new Promise<void>(resolve => {
    server.closeIdleConnections();
    server.close(() => resolve());
  });

const settledWithin = async (p: Promise<unknown>, ms: number) =>
  Promise.race([
    p.then(() => true),
    new Promise<boolean>(r => setTimeout(() => r(false), ms)),
  ]);

describe('closing lingering connections on shutdown', () => {
  it('lets a stopping server finish once the grace period has passed', async () => {
    const { server, port, polled } = await serverWithLongPoll();
    const hook = shutdownHookFor(server, 100);
    const poll = openLongPoll(port);
    await polled;
    const stopped = backstageStop(server);
    await hook();
    expect(await settledWithin(stopped, 2000)).toBe(true);
    expect(await poll).toBe('closed');
  });

  it('(without it, the same stop never finishes)', async () => {
    const { server, port, polled } = await serverWithLongPoll();
    const poll = openLongPoll(port);
    await polled;
    const stopped = backstageStop(server);
    expect(await settledWithin(stopped, 500)).toBe(false);
    server.closeAllConnections();
    await stopped;
    await poll;
  });

  it('ends at once when nothing lingers', async () => {
    const { server } = await serverWithLongPoll();
    const hook = shutdownHookFor(server, 60_000);
    const stopped = backstageStop(server);
    expect(await settledWithin(Promise.all([stopped, hook()]), 2000)).toBe(
      true,
    );
  });

  it('reads its setting, and refuses nonsense', () => {
    expect(readConnectionGraceMs(new ConfigReader({}))).toBe(5000);
    const read = (v: number) =>
      readConnectionGraceMs(
        new ConfigReader({ atrium: { shutdown: { connectionGraceMs: v } } }),
      );
    expect(read(0)).toBe(0);
    expect(() => read(-1)).toThrow(/0 to 60000/);
    expect(() => read(60_001)).toThrow(/0 to 60000/);
    expect(() => read(1.5)).toThrow(/0 to 60000/);
  });
});
