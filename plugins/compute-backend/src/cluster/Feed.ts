import type { LoggerService } from '@backstage/backend-plugin-api';
import type { ObjectCache } from '@kubernetes/client-node';
import type { ClusterError } from '@atrium/plugin-compute-common';
import {
  ClusterUnavailableError,
  type KubeCluster,
  type KubeInformer,
  type Watched,
} from './KubeCluster';

/** The first retry after a failed list or watch; each next one waits twice as long, up to the most. */
const FIRST_RETRY_MS = 250;
const MAX_RETRY_MS = 5_000;

/** Since when (ms since the epoch) a feed or a cluster has been failing, and the latest error. */
export interface Failure {
  since: number;
  error: ClusterError;
}

export interface FeedState<T> {
  cache: ObjectCache<T>;
  /** Set while the feed fails: the cache is what it last had. */
  failure?: Failure;
}

/**
 * One resource of one cluster kept in memory by an informer of `@kubernetes/client-node` (list, then watch
 * from the list's resourceVersion; a 410 Expired relists, which the informer does itself).
 *
 * The informer stops at any other error (a refused connection, a 403, a watch that breaks). Then this feed
 * records the failure, waits (250 ms doubling to 5 s: a retry of a cluster that is down costs one request per
 * resource every 5 s while Atrium runs) and starts a new informer, which lists afresh: so a watch that broke
 * resyncs, whatever it missed. Until the new one has listed, reads get the old one's objects with the failure,
 * so a cluster that answered before and does not now is reported stale, not silently old.
 */
export class Feed<T> {
  private informer?: KubeInformer<T>;
  /** The informer whose list answered last: what reads see. */
  private served?: KubeInformer<T>;
  private failure?: Failure;
  private attempts = 0;
  private retry?: NodeJS.Timeout;
  private stopped = true;
  private waiters: Array<() => void> = [];

  constructor(
    private readonly cluster: KubeCluster,
    readonly what: Watched,
    private readonly options: {
      watchTimeoutSeconds: number;
      logger: LoggerService;
      /** Called after a list has filled the cache, and at every change the watch brings. */
      onChange?: () => void;
    },
  ) {}

  start() {
    if (!this.stopped) return;
    this.stopped = false;
    this.connect();
  }

  async stop() {
    this.stopped = true;
    clearTimeout(this.retry);
    this.retry = undefined;
    const informer = this.informer;
    this.informer = undefined;
    this.wake();
    await informer?.stop();
  }

  /** Lists afresh with a new informer (the current one may be behind); reads keep the last objects meanwhile. */
  resync() {
    if (this.stopped) return;
    clearTimeout(this.retry);
    this.retry = undefined;
    const old = this.informer;
    this.informer = undefined;
    void old?.stop();
    this.connect();
  }

  get synced(): boolean {
    return this.served !== undefined;
  }

  /**
   * The cache with the feed's failure if any. A feed that never listed waits for its first list (the caller
   * bounds the wait) and, when that fails, throws the cluster's error.
   */
  async read(): Promise<FeedState<T>> {
    // Each wake-up is a list that answered or a failure; three are plenty to see one of them.
    for (let i = 0; i < 3; i++) {
      if (this.served) return { cache: this.served, failure: this.failure };
      if (this.failure) {
        throw new ClusterUnavailableError(
          this.cluster.name,
          this.failure.error,
        );
      }
      if (this.stopped) break;
      await new Promise<void>(resolve => this.waiters.push(resolve));
    }
    throw new ClusterUnavailableError(this.cluster.name, {
      reason: 'Error',
      message: `no ${this.label()} from the cache yet`,
    });
  }

  private connect() {
    const informer: KubeInformer<T> = this.cluster.informer<T>(
      this.what,
      this.options.watchTimeoutSeconds,
      // The informer fills its cache right after the list answers, in the same turn; read it after that.
      () => setImmediate(() => this.listed(informer)),
    );
    informer.on('error', error => this.failed(informer, error));
    if (this.options.onChange) informer.on('change', this.options.onChange);
    this.informer = informer;
    informer.start().catch(error => this.failed(informer, error));
  }

  private listed(informer: KubeInformer<T>) {
    if (informer !== this.informer) return;
    if (this.failure) {
      this.options.logger.info(
        `Compute cache: ${this.label()} resynced after failing since ${new Date(
          this.failure.since,
        ).toISOString()}`,
      );
    }
    const previous = this.served;
    this.served = informer;
    this.failure = undefined;
    this.attempts = 0;
    if (previous && previous !== informer) void previous.stop();
    this.wake();
    this.options.onChange?.();
  }

  private failed(informer: KubeInformer<T>, cause: unknown) {
    if (informer !== this.informer || this.stopped) return;
    const error = this.cluster.describe(cause);
    if (!this.failure) {
      this.options.logger.warn(
        `Compute cache: ${this.label()} failed (${error.reason}: ${
          error.message
        }); retrying`,
      );
    }
    this.failure = { since: this.failure?.since ?? Date.now(), error };
    // The informer does not restart after an error; stop its request, keep its objects while it is served.
    if (informer !== this.served) void informer.stop();
    this.informer = undefined;
    this.wake();
    const delay = Math.min(FIRST_RETRY_MS * 2 ** this.attempts, MAX_RETRY_MS);
    this.attempts = Math.min(this.attempts + 1, 10);
    this.retry = setTimeout(() => {
      this.retry = undefined;
      if (!this.stopped) this.connect();
    }, delay);
    this.retry.unref?.();
  }

  private wake() {
    const waiters = this.waiters;
    this.waiters = [];
    for (const resolve of waiters) resolve();
  }

  private label() {
    const { what } = this;
    return `${this.cluster.name} ${what.kind}${
      'namespace' in what ? ` in ${what.namespace}` : ''
    }`;
  }
}
