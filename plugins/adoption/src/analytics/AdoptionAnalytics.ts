import type { AnalyticsEvent } from '@backstage/frontend-plugin-api';
import type { AdoptionEvent } from '@atrium/plugin-adoption-common';
import { toAdoptionEvent } from './toAdoptionEvent';

/** What the implementation needs of the app: the adoption backend's URL and a fetch that adds the user's token. */
export interface AdoptionAnalyticsOptions {
  discoveryApi: { getBaseUrl(pluginId: string): Promise<string> };
  fetchApi: { fetch: typeof fetch };
  /** Events per request; a full batch is sent at once. Default 20. */
  batchSize?: number;
  /** How long the first event of a batch waits for others. Default 10 s. */
  flushIntervalMs?: number;
  /** How long a failed send waits before its one retry. Default 5 s. */
  retryDelayMs?: number;
  /** Events kept at most while sends are failing or waiting; the oldest go first. Default 500. */
  maxQueued?: number;
  /** Where the page is (for events other than navigate). Default: the browser's location. */
  currentPath?: () => string | undefined;
  /** The page's window, for the page-hide flush; none in tests that drive `flush` themselves. */
  window?: Pick<Window, 'addEventListener'> & {
    document?: Pick<Document, 'visibilityState'>;
  };
  /** Where a dropped batch is reported. Default: console.warn. */
  warn?: (message: string) => void;
  now?: () => Date;
}

const DEFAULTS = {
  batchSize: 20,
  flushIntervalMs: 10_000,
  retryDelayMs: 5_000,
  maxQueued: 500,
};

/**
 * Atrium's analytics implementation: every analytics event Backstage captures (navigate, click, search, create,
 * discover…) becomes an adoption event, sent in batches to `POST /api/adoption/events` through the app's fetch
 * (so the user's token goes with it). A batch leaves when it has 20 events or 10 s after its first, whichever
 * comes first, and whatever is queued leaves with `keepalive` when the page is hidden. A failed send is retried
 * once, then dropped with a console warning. It never throws into the app.
 */
export class AdoptionAnalytics {
  private readonly options: AdoptionAnalyticsOptions &
    Required<Pick<AdoptionAnalyticsOptions, keyof typeof DEFAULTS>>;
  private queue: AdoptionEvent[] = [];
  private timer: ReturnType<typeof setTimeout> | undefined;
  private baseUrl: string | undefined;

  constructor(options: AdoptionAnalyticsOptions) {
    this.options = { ...DEFAULTS, ...options };
    // Known ahead, so that the page-hide send does not wait for discovery while the page goes away.
    this.resolveBaseUrl().catch(() => undefined);
    const win = options.window;
    if (win) {
      win.addEventListener('pagehide', () => this.flush({ keepalive: true }));
      win.addEventListener('visibilitychange', () => {
        if (win.document?.visibilityState === 'hidden') {
          this.flush({ keepalive: true });
        }
      });
    }
  }

  /** The factory for `AnalyticsImplementationBlueprint`: reads the browser's location and listens for page hide. */
  static fromBrowser(options: AdoptionAnalyticsOptions): AdoptionAnalytics {
    const hasWindow = typeof window !== 'undefined';
    return new AdoptionAnalytics({
      currentPath: () => (hasWindow ? window.location.pathname : undefined),
      window: hasWindow ? window : undefined,
      ...options,
    });
  }

  captureEvent(event: AnalyticsEvent): void {
    try {
      const now = this.options.now?.() ?? new Date();
      this.queue.push(
        toAdoptionEvent(event, now, this.options.currentPath?.()),
      );
      if (this.queue.length > this.options.maxQueued) {
        this.queue.splice(0, this.queue.length - this.options.maxQueued);
      }
      if (this.queue.length >= this.options.batchSize) {
        this.flush();
      } else if (!this.timer) {
        this.timer = setTimeout(() => {
          this.timer = undefined;
          this.flush();
        }, this.options.flushIntervalMs);
      }
    } catch (error) {
      this.warn(`could not record an analytics event: ${String(error)}`);
    }
  }

  /** Sends everything queued now, a batch at a time. Resolves when the sends (and their retries) are done. */
  flush(init: { keepalive?: boolean } = {}): Promise<void> {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
    const sends: Promise<void>[] = [];
    while (this.queue.length > 0) {
      const batch = this.queue.splice(0, this.options.batchSize);
      sends.push(this.send(batch, init.keepalive ?? false, 0));
    }
    return Promise.all(sends).then(() => undefined);
  }

  private async resolveBaseUrl(): Promise<string> {
    if (!this.baseUrl) {
      this.baseUrl = await this.options.discoveryApi.getBaseUrl('adoption');
    }
    return this.baseUrl;
  }

  private async send(
    events: AdoptionEvent[],
    keepalive: boolean,
    attempt: number,
  ): Promise<void> {
    let problem: string;
    try {
      const response = await this.options.fetchApi.fetch(
        `${await this.resolveBaseUrl()}/events`,
        {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ events }),
          keepalive,
        },
      );
      if (response.ok) return;
      // 400: the backend stored the valid events and said which it refused; sending them again would repeat them.
      if (response.status === 400) {
        this.warn(
          `the adoption backend refused some of ${events.length} events (HTTP 400)`,
        );
        return;
      }
      problem = `HTTP ${response.status}`;
    } catch (error) {
      problem =
        typeof (error as Error)?.message === 'string'
          ? (error as Error).message
          : String(error);
    }
    if (attempt === 0) {
      await new Promise(resolve =>
        setTimeout(resolve, this.options.retryDelayMs),
      );
      await this.send(events, keepalive, 1);
      return;
    }
    this.warn(
      `dropped ${events.length} analytics events after a retry: ${problem}`,
    );
  }

  private warn(message: string) {
    try {
      // eslint-disable-next-line no-console
      (this.options.warn ?? console.warn)(`Atrium adoption: ${message}`);
    } catch {
      // Nothing left to tell.
    }
  }
}
