import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createConnection } from 'node:net';
import { artifactDir } from './paths.ts';
import {
  freePort,
  startProcess,
  waitFor,
  type RunningProcess,
} from './proc.ts';

export interface Redis {
  port: number;
  /** redis://127.0.0.1:<port>, what `backend.cache.connection` takes. */
  url: string;
  /** Stops the server (SIGTERM); the port stays reserved for start(). */
  stop(): Promise<void>;
  /** Starts it again on the same port, empty (nothing is persisted). */
  start(): Promise<void>;
  /** Sends one inline command (e.g. `DBSIZE`) and returns the reply's first line. */
  command(text: string): Promise<string>;
}

/** Debian's redis-server; scripts/lib/services.sh installs it. */
const REDIS_SERVER = '/usr/bin/redis-server';

/** Sends one inline command over a fresh connection: enough for readiness and counting keys. */
function sendCommand(port: number, text: string, timeoutMs = 2_000) {
  return new Promise<string>((resolveReply, reject) => {
    const socket = createConnection({ host: '127.0.0.1', port });
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`redis ${text}: no reply within ${timeoutMs} ms`));
    }, timeoutMs);
    let data = '';
    socket.on('connect', () => socket.write(`${text}\r\n`));
    socket.on('data', chunk => {
      data += chunk;
      if (data.includes('\r\n')) {
        clearTimeout(timer);
        socket.end();
        resolveReply(data.split('\r\n')[0]);
      }
    });
    socket.on('error', error => {
      clearTimeout(timer);
      reject(error);
    });
  });
}

/**
 * A throwaway Redis (Debian's redis-server 7) on a spare loopback port: no persistence, no protected-mode
 * surprises, its own working folder. `stop()` and `start()` let fault tests take it away and bring it back.
 */
export async function startRedis(name = 'redis'): Promise<Redis> {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'atrium-redis-'));
  const logFile = join(artifactDir('logs'), `${name}.log`);
  let proc: RunningProcess | undefined;

  const start = async () => {
    proc = startProcess(
      REDIS_SERVER,
      [
        '--port',
        String(port),
        '--bind',
        '127.0.0.1',
        '--dir',
        dir,
        '--save',
        '',
        '--appendonly',
        'no',
        '--protected-mode',
        'no',
      ],
      { logFile },
    );
    const running = proc;
    await waitFor(
      `redis-server on ${port}`,
      async () => {
        if (running.child.exitCode !== null) {
          throw new Error(`redis-server exited:\n${running.tail()}`);
        }
        return (await sendCommand(port, 'PING')) === '+PONG' ? true : undefined;
      },
      { timeoutMs: 15_000, intervalMs: 100 },
    );
  };

  await start();
  return {
    port,
    url: `redis://127.0.0.1:${port}`,
    stop: async () => {
      await proc?.stop(5_000);
      proc = undefined;
    },
    start,
    command: text => sendCommand(port, text),
  };
}
