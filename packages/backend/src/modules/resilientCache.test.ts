import { ConfigReader } from '@backstage/config';
import type { LoggerService } from '@backstage/backend-plugin-api';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { createConnection, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createCacheRoot, type CacheRoot } from './resilientCache';

// A real redis-server (Debian's), stopped and started by the tests: what Redis does when it goes away is the
// point, and no stand-in does it the same way.
const REDIS_SERVER = '/usr/bin/redis-server';
const haveRedis = existsSync(REDIS_SERVER);

const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });

/** One inline command over a fresh connection; its reply's first line. */
const command = (port: number, text: string) =>
  new Promise<string>((resolve, reject) => {
    const socket = createConnection({ host: '127.0.0.1', port });
    let data = '';
    socket.setTimeout(2000, () => socket.destroy(new Error('timeout')));
    socket.on('connect', () => socket.write(`${text}\r\n`));
    socket.on('data', chunk => {
      data += chunk;
      if (data.includes('\r\n')) {
        socket.end();
        resolve(data.split('\r\n')[0]);
      }
    });
    socket.on('error', reject);
  });

/** Polls `check` every 50 ms until it is true, for at most `ms`. */
async function until(check: () => Promise<boolean>, ms: number) {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (await check().catch(() => false)) return;
    await new Promise(r => setTimeout(r, 50));
  }
  throw new Error(`not within ${ms} ms`);
}

class RedisServer {
  child?: ChildProcess;
  readonly dir = mkdtempSync(join(tmpdir(), 'atrium-cache-test-'));
  constructor(readonly port: number) {}

  async start() {
    this.child = spawn(
      REDIS_SERVER,
      [
        ...['--port', String(this.port), '--bind', '127.0.0.1'],
        ...['--dir', this.dir, '--save', '', '--appendonly', 'no'],
      ],
      { stdio: 'ignore' },
    );
    await until(
      async () => (await command(this.port, 'PING')) === '+PONG',
      10_000,
    );
  }

  async stop() {
    const child = this.child;
    this.child = undefined;
    if (!child || child.exitCode !== null) return;
    const exited = new Promise(r => child.once('exit', r));
    child.kill('SIGTERM');
    await exited;
  }
}

function capturingLogger() {
  const lines: Array<{ level: string; message: string }> = [];
  const logger: LoggerService = {
    error: message => lines.push({ level: 'error', message }),
    warn: message => lines.push({ level: 'warn', message }),
    info: message => lines.push({ level: 'info', message }),
    debug: () => {},
    child: () => logger,
  };
  return { logger, lines };
}

const timed = async <T>(operation: () => Promise<T>) => {
  const start = Date.now();
  const value = await operation();
  return { value, ms: Date.now() - start };
};

(haveRedis ? describe : describe.skip)('resilient cache over Redis', () => {
  let redis: RedisServer;
  const roots: CacheRoot[] = [];
  // `timeoutMs` as configured by `atrium.cache.timeoutMs`; the default (50 ms) unless a test needs
  // a healthy Redis never to count as slow, even on a loaded CI machine.
  const replica = (timeoutMs?: number) => {
    const { logger, lines } = capturingLogger();
    const root = createCacheRoot(
      new ConfigReader({
        ...(timeoutMs ? { atrium: { cache: { timeoutMs } } } : {}),
        backend: {
          cache: {
            store: 'redis',
            connection: `redis://127.0.0.1:${redis.port}`,
          },
        },
      }),
      logger,
    );
    roots.push(root);
    return { cache: root.forPlugin('graphql'), lines, root };
  };

  beforeEach(async () => {
    redis = new RedisServer(await freePort());
    await redis.start();
  });

  afterEach(async () => {
    await Promise.all(roots.splice(0).map(r => r.close()));
    await redis.stop();
  });

  it('shares entries between two processes through Redis', async () => {
    // A generous timeout: this test is about sharing and a quiet shutdown, and on a loaded machine one
    // operation may take over the default 50 ms, which the cache rightly warns about.
    const a = replica(10_000);
    const b = replica(10_000);
    await until(async () => {
      await a.cache.set('answer:1', { body: 'x' });
      return (await b.cache.get('answer:1')) !== undefined;
    }, 5_000);
    expect(await b.cache.get('answer:1')).toEqual({ body: 'x' });
    await b.cache.delete('answer:1');
    expect(await a.cache.get('answer:1')).toBeUndefined();
    // Shutting down is no outage.
    await a.root.close();
    expect(a.lines.filter(l => l.level !== 'info')).toEqual([]);
  });

  it('misses at once while Redis is down, warns once, and caches again when it is back', async () => {
    const a = replica();
    await until(async () => {
      await a.cache.set('k', 'before');
      return (await a.cache.get('k')) === 'before';
    }, 5_000);

    await redis.stop();
    // Backstage 1.55's own Redis store waits here until Redis is back (over 20 s measured), then never again
    // answers (its client stops reconnecting); each of these must be a miss or a no-op within the time bound.
    for (let i = 0; i < 20; i++) {
      const read = await timed(() => a.cache.get('k'));
      expect(read.value).toBeUndefined();
      expect(read.ms).toBeLessThan(500);
      const write = await timed(() => a.cache.set(`k${i}`, i));
      expect(write.ms).toBeLessThan(500);
    }
    expect(a.lines.filter(l => l.level === 'warn')).toHaveLength(1);
    expect(a.lines.some(l => l.level === 'error')).toBe(false);

    await redis.start();
    await until(async () => {
      await a.cache.set('k', 'after');
      return (await a.cache.get('k')) === 'after';
    }, 10_000);
    expect(
      a.lines.filter(l => l.level === 'info' && /is back/.test(l.message)),
    ).toHaveLength(1);
  });

  it('works once Redis comes up after the backend started without it', async () => {
    await redis.stop();
    const a = replica();
    const read = await timed(() => a.cache.get('k'));
    expect(read.value).toBeUndefined();
    expect(read.ms).toBeLessThan(500);
    await redis.start();
    await until(async () => {
      await a.cache.set('k', 'v');
      return (await a.cache.get('k')) === 'v';
    }, 10_000);
  });

  it('forgets what Redis held from before an outage (writes made during it were dropped)', async () => {
    const a = replica();
    const other = replica().cache.withOptions({}); // the same namespace, through another process
    await until(async () => {
      await a.cache.set('etag:component:default/x', 'v1');
      return (await other.get('etag:component:default/x')) === 'v1';
    }, 5_000);
    // The server keeps its data but drops every connection: an outage without a restart.
    expect(await command(redis.port, 'CLIENT KILL TYPE normal')).toMatch(
      /^:\d+/,
    );
    await until(
      async () =>
        (await other.get('etag:component:default/x')) === undefined &&
        (await a.cache.get('etag:component:default/x')) === undefined,
      10_000,
    );
    // Each process clears when its own connection is back; after both have, writes stay.
    await until(async () => {
      await a.cache.set('etag:component:default/x', 'v2');
      return (await other.get('etag:component:default/x')) === 'v2';
    }, 10_000);
    expect(await a.cache.get('etag:component:default/x')).toBe('v2');
  });
});

describe('resilient cache over memory', () => {
  it('is Backstage’s memory store, per plugin', async () => {
    const root = createCacheRoot(
      new ConfigReader({}),
      capturingLogger().logger,
    );
    const a = root.forPlugin('a');
    await a.set('k', { n: 1 });
    expect(await a.get('k')).toEqual({ n: 1 });
    expect(await root.forPlugin('b').get('k')).toBeUndefined();
    await root.close();
  });
});
