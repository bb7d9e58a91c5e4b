import {
  coreServices,
  createServiceFactory,
  type CacheService,
  type CacheServiceOptions,
  type CacheServiceSetOptions,
  type LoggerService,
  type RootConfigService,
} from '@backstage/backend-plugin-api';
import { CacheManager } from '@backstage/backend-defaults/cache';
import { durationToMilliseconds, type JsonValue } from '@backstage/types';
import KeyvRedis, { createClient } from '@keyv/redis';
import { Keyv } from 'keyv';
import { createHash } from 'node:crypto';

/** `atrium.cache.timeoutMs`' default: how long a cache operation may take before it counts as a miss. */
export const DEFAULT_CACHE_TIMEOUT_MS = 50;

/**
 * Decides, for each cache operation, whether to go to the store at all, and bounds the wait: while the store is
 * down (not connected) an operation is a miss or a no-op at once; otherwise it gets `timeoutMs`, after which
 * it is a miss or a no-op too (the command itself still completes in the background). One warning when an
 * outage starts, one line when it ends, and at most one warning a minute for slow answers.
 */
export class CacheGuard {
  #down = false;
  #slowSince = 0;
  #slowCount = 0;

  constructor(
    private readonly options: {
      logger: LoggerService;
      timeoutMs: number;
      /** Whether the store is connected now (always true for stores that cannot tell). */
      isReady: () => boolean;
      /** What the store is, for the log lines. */
      name: string;
    },
  ) {}

  get down(): boolean {
    return this.#down;
  }

  /** The store went away (a connection error, or an operation that failed). */
  markDown(reason: unknown) {
    if (this.#down) return;
    this.#down = true;
    this.options.logger.warn(
      `Cache (${
        this.options.name
      }) unavailable; bypassing it (every read a miss, writes dropped) until it is back: ${
        (reason as Error)?.message ?? reason
      }`,
    );
  }

  /** The store is back; returns whether there was an outage to end. */
  markUp(): boolean {
    if (!this.#down) return false;
    this.#down = false;
    this.options.logger.info(
      `Cache (${this.options.name}) is back; caching resumes`,
    );
    return true;
  }

  async run<T>(operation: () => Promise<T>, fallback: T): Promise<T> {
    // Not connected (yet, or any more): the client's own events say so in the log, once.
    if (!this.options.isReady()) return fallback;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<'timeout'>(resolve => {
      timer = setTimeout(() => resolve('timeout'), this.options.timeoutMs);
    });
    try {
      const result = await Promise.race([operation(), timeout]);
      if (result === 'timeout') {
        this.#slow();
        return fallback;
      }
      return result as T;
    } catch (error) {
      // The stores below report their own failures as misses; anything thrown here is one too.
      this.markDown(error);
      return fallback;
    } finally {
      clearTimeout(timer);
    }
  }

  #slow() {
    this.#slowCount += 1;
    const now = Date.now();
    if (now - this.#slowSince < 60_000) return;
    this.options.logger.warn(
      `Cache (${this.options.name}): ${
        this.#slowCount
      } operation(s) took over ${
        this.options.timeoutMs
      } ms and were treated as misses`,
    );
    this.#slowSince = now;
    this.#slowCount = 0;
  }
}

/** Any CacheService, with every operation through a {@link CacheGuard}. */
export class GuardedCache implements CacheService {
  constructor(
    private readonly inner: CacheService,
    private readonly guard: CacheGuard,
  ) {}

  get<TValue extends JsonValue>(key: string): Promise<TValue | undefined> {
    return this.guard.run(() => this.inner.get<TValue>(key), undefined);
  }

  set(
    key: string,
    value: JsonValue,
    options?: CacheServiceSetOptions,
  ): Promise<void> {
    return this.guard.run(() => this.inner.set(key, value, options), undefined);
  }

  delete(key: string): Promise<void> {
    return this.guard.run(() => this.inner.delete(key), undefined);
  }

  withOptions(options: CacheServiceOptions): CacheService {
    return new GuardedCache(this.inner.withOptions(options), this.guard);
  }
}

function toMs(ttl: CacheServiceSetOptions['ttl'] | undefined) {
  if (ttl === undefined) return undefined;
  return typeof ttl === 'number' ? ttl : durationToMilliseconds(ttl);
}

/** A plugin's cache in Redis through Keyv (as Backstage's): its keys under the plugin's namespace. */
class RedisPluginCache implements CacheService {
  constructor(
    private readonly keyv: Keyv,
    private readonly defaultTtlMs?: number,
  ) {}

  /** Keys of any length and alphabet become short, Redis-friendly ones. */
  static key(key: string): string {
    return key.length <= 150 && /^[\w:.@/+=-]*$/.test(key)
      ? key
      : `h:${createHash('sha256').update(key).digest('base64url')}`;
  }

  async get<TValue extends JsonValue>(key: string) {
    return (await this.keyv.get(RedisPluginCache.key(key))) as
      | TValue
      | undefined;
  }

  async set(key: string, value: JsonValue, options?: CacheServiceSetOptions) {
    await this.keyv.set(
      RedisPluginCache.key(key),
      value,
      toMs(options?.ttl) ?? this.defaultTtlMs,
    );
  }

  async delete(key: string) {
    await this.keyv.delete(RedisPluginCache.key(key));
  }

  withOptions(options: CacheServiceOptions): CacheService {
    return new RedisPluginCache(
      this.keyv,
      toMs(options.defaultTtl) ?? this.defaultTtlMs,
    );
  }
}

/**
 * Redis through one node-redis client of Atrium's own. Backstage 1.55's Redis store (`@keyv/redis` with a client
 * that has no `error` listener) hangs every operation while Redis is down, and after the first dropped
 * connection the client never reconnects (its reconnect is cut short by the unhandled `error`): measured with
 * a real redis-server stopped and started again (resilientCache.test.ts). This client listens for errors,
 * reconnects within a second of Redis being back (backoff 100 ms doubling to 1 s), and refuses commands at once
 * while disconnected instead of queueing them.
 *
 * When an outage ends, every plugin namespace this process used is cleared: writes made during the outage
 * (the gateway's invalidations among them) were dropped, so what Redis still holds from before may be stale.
 */
function redisRoot(
  config: RootConfigService,
  logger: LoggerService,
  timeoutMs: number,
): CacheRoot {
  const raw = config.get('backend.cache.connection');
  const url =
    typeof raw === 'string'
      ? raw
      : config.getString('backend.cache.connection.url');
  const prefix = config.getOptionalString(
    'backend.cache.redis.client.namespace',
  );
  const client = createClient({
    url,
    disableOfflineQueue: true,
    socket: {
      connectTimeout: 2_000,
      reconnectStrategy: retries => Math.min(100 * 2 ** retries, 1_000),
    },
  });
  const namespaces = new Map<string, Keyv>();
  const guard = new CacheGuard({
    logger,
    timeoutMs,
    isReady: () => client.isReady,
    name: 'Redis',
  });
  client.on('error', error => guard.markDown(error));
  let closing = false;
  client.on('end', () => {
    if (!closing) guard.markDown('connection closed');
  });
  client.on('ready', () => {
    if (!guard.markUp()) return;
    for (const [namespace, keyv] of namespaces) {
      keyv
        .clear()
        .catch(error =>
          logger.warn(
            `Cache (Redis): could not clear ${namespace} after the outage: ${error}`,
          ),
        );
    }
  });
  // Not awaited: the backend starts whether Redis is up or not, and the client keeps trying.
  client.connect().catch(error => guard.markDown(error));

  return {
    forPlugin(pluginId) {
      const namespace = prefix ? `${prefix}:${pluginId}` : pluginId;
      let keyv = namespaces.get(namespace);
      if (!keyv) {
        const store = new KeyvRedis(client as any, {
          keyPrefixSeparator: ':',
        });
        // Failures reach the guard through the client; the store's own reports of them are not news.
        store.on('error', () => {});
        keyv = new Keyv({ store, namespace, useKeyPrefix: false });
        keyv.on('error', () => {});
        namespaces.set(namespace, keyv);
      }
      return new GuardedCache(new RedisPluginCache(keyv), guard);
    },
    async close() {
      closing = true;
      if (client.isOpen) await client.disconnect();
    },
  };
}

/** What the cache service's root context holds: a CacheService per plugin, and what to do at shutdown. */
export interface CacheRoot {
  forPlugin(pluginId: string): CacheService;
  close(): Promise<void>;
}

/**
 * The cache store `backend.cache` configures, each plugin's part of it guarded: `redis` (not a cluster) through
 * {@link redisRoot}; anything else (memory, memcache, valkey, a Redis cluster) Backstage's own CacheManager,
 * with the same time bound.
 */
export function createCacheRoot(
  config: RootConfigService,
  logger: LoggerService,
): CacheRoot {
  const timeoutMs =
    config.getOptionalNumber('atrium.cache.timeoutMs') ??
    DEFAULT_CACHE_TIMEOUT_MS;
  if (!(timeoutMs >= 1 && timeoutMs <= 60_000)) {
    throw new Error(
      `atrium.cache.timeoutMs must be from 1 to 60000 milliseconds, got ${timeoutMs}`,
    );
  }
  const store = config.getOptionalString('backend.cache.store') ?? 'memory';
  if (store === 'redis' && !config.has('backend.cache.redis.cluster')) {
    return redisRoot(config, logger, timeoutMs);
  }
  const manager = CacheManager.fromConfig(config, { logger });
  const guard = new CacheGuard({
    logger,
    timeoutMs,
    isReady: () => true,
    name: store,
  });
  return {
    forPlugin: pluginId => new GuardedCache(manager.forPlugin(pluginId), guard),
    close: async () => {},
  };
}

/**
 * Atrium's cache service: Backstage's CacheService, with `backend.cache.store: redis` served by
 * {@link redisRoot}, so that Redis being down makes the cache a miss (every read) and a no-op (every write)
 * within `atrium.cache.timeoutMs` instead of a hang, and caching resumes by itself when Redis is back.
 */
export const resilientCacheServiceFactory = createServiceFactory({
  service: coreServices.cache,
  deps: {
    config: coreServices.rootConfig,
    rootLogger: coreServices.rootLogger,
    rootLifecycle: coreServices.rootLifecycle,
    plugin: coreServices.pluginMetadata,
  },
  async createRootContext({ config, rootLogger, rootLifecycle }) {
    const root = createCacheRoot(
      config,
      rootLogger.child({ service: 'cache' }),
    );
    rootLifecycle.addShutdownHook(() => root.close());
    return root;
  },
  async factory({ plugin }, root) {
    return root.forPlugin(plugin.getId());
  },
});
