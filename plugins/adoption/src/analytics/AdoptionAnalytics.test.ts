import type { AnalyticsEvent } from '@backstage/frontend-plugin-api';
import { AdoptionAnalytics } from './AdoptionAnalytics';
import { toAdoptionEvent } from './toAdoptionEvent';

const BASE = 'http://localhost:7007/api/adoption';

function event(n: number, overrides: Partial<AnalyticsEvent> = {}) {
  return {
    action: 'navigate',
    subject: `/catalog/page-${n}?filters[kind]=component`,
    context: {
      pluginId: 'catalog',
      extensionId: 'page:catalog',
      routeRef: 'catalog:index',
    },
    ...overrides,
  } as AnalyticsEvent;
}

/** A fetch that answers `statuses` in turn (then 202), or throws for `'network'`; it records every request. */
function mockedFetch(statuses: Array<number | 'network'> = []) {
  const answers = [...statuses];
  return jest.fn(async (_url: string, _init?: RequestInit) => {
    const next = answers.shift() ?? 202;
    if (next === 'network') throw new TypeError('Failed to fetch');
    return new Response(next === 202 ? '{"accepted":1}' : null, {
      status: next,
    });
  });
}

const sentEvents = (fetch: ReturnType<typeof mockedFetch>, call = 0) =>
  JSON.parse(String(fetch.mock.calls[call][1]!.body)).events;

function make(fetch: ReturnType<typeof mockedFetch>, warn = jest.fn()) {
  const analytics = new AdoptionAnalytics({
    discoveryApi: { getBaseUrl: async () => BASE },
    fetchApi: { fetch: fetch as unknown as typeof globalThis.fetch },
    currentPath: () => '/catalog/default/component/payments-gateway',
    warn,
    now: () => new Date('2026-12-06T10:00:00.000Z'),
  });
  return { analytics, warn };
}

/** Lets the sends' promises (discovery, fetch) settle. */
const settle = async () => {
  for (let i = 0; i < 10; i++) await Promise.resolve();
};

describe('AdoptionAnalytics (batching, with a mocked fetch)', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('sends a batch as soon as it has 20 events, with the contract’s shape, through the app’s fetch', async () => {
    const fetch = mockedFetch();
    const { analytics } = make(fetch);
    for (let i = 1; i <= 19; i++) analytics.captureEvent(event(i));
    await settle();
    expect(fetch).not.toHaveBeenCalled();

    analytics.captureEvent(event(20));
    await settle();
    expect(fetch).toHaveBeenCalledTimes(1);
    const [url, init] = fetch.mock.calls[0];
    expect(url).toBe(`${BASE}/events`);
    expect(init).toMatchObject({
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      keepalive: false,
    });
    const events = sentEvents(fetch);
    expect(events).toHaveLength(20);
    expect(events[0]).toEqual({
      action: 'navigate',
      subject: '/catalog/page-1?filters[kind]=component',
      context: {
        pluginId: 'catalog',
        extension: 'page:catalog',
        routeRef: 'catalog:index',
        path: '/catalog/page-1',
      },
      timestamp: '2026-12-06T10:00:00.000Z',
    });
    // Nothing is left for the timer to send.
    jest.advanceTimersByTime(10_000);
    await settle();
    expect(fetch).toHaveBeenCalledTimes(1);
  });

  it('sends fewer than 20 events 10 s after the first of them', async () => {
    const fetch = mockedFetch();
    const { analytics } = make(fetch);
    analytics.captureEvent(event(1));
    jest.advanceTimersByTime(6_000);
    analytics.captureEvent(event(2));
    jest.advanceTimersByTime(3_999);
    await settle();
    expect(fetch).not.toHaveBeenCalled();

    jest.advanceTimersByTime(1);
    await settle();
    expect(fetch).toHaveBeenCalledTimes(1);
    expect(sentEvents(fetch).map((e: any) => e.subject)).toEqual([
      event(1).subject,
      event(2).subject,
    ]);
  });

  it('retries a failed send once, then drops it with a warning', async () => {
    const fetch = mockedFetch([503, 'network']);
    const { analytics, warn } = make(fetch);
    analytics.captureEvent(event(1));
    const done = analytics.flush();
    await settle();
    expect(fetch).toHaveBeenCalledTimes(1);
    jest.advanceTimersByTime(5_000);
    await done;
    expect(fetch).toHaveBeenCalledTimes(2);
    expect(sentEvents(fetch, 1)).toEqual(sentEvents(fetch, 0));
    expect(warn).toHaveBeenCalledTimes(1);
    expect(warn.mock.calls[0][0]).toMatch(
      /dropped 1 analytics events after a retry: Failed to fetch/,
    );

    // The next batch goes out normally.
    analytics.captureEvent(event(2));
    await analytics.flush();
    expect(fetch).toHaveBeenCalledTimes(3);
  });

  it('keeps a batch that succeeds on its retry, without a warning', async () => {
    const fetch = mockedFetch([500]);
    const { analytics, warn } = make(fetch);
    analytics.captureEvent(event(1));
    const done = analytics.flush();
    await settle();
    jest.advanceTimersByTime(5_000);
    await done;
    expect(fetch).toHaveBeenCalledTimes(2);
    expect(warn).not.toHaveBeenCalled();
  });

  it('does not resend a batch the backend answered 400 to (it stored the valid events)', async () => {
    const fetch = mockedFetch([400]);
    const { analytics, warn } = make(fetch);
    analytics.captureEvent(event(1));
    await analytics.flush();
    jest.advanceTimersByTime(60_000);
    await settle();
    expect(fetch).toHaveBeenCalledTimes(1);
    expect(warn).toHaveBeenCalledTimes(1);
  });

  it('sends what is queued with keepalive when the page is hidden', async () => {
    const fetch = mockedFetch();
    const listeners: Record<string, () => void> = {};
    const doc = { visibilityState: 'visible' as DocumentVisibilityState };
    const analytics = new AdoptionAnalytics({
      discoveryApi: { getBaseUrl: async () => BASE },
      fetchApi: { fetch: fetch as unknown as typeof globalThis.fetch },
      window: {
        addEventListener: ((name: string, listener: () => void) => {
          listeners[name] = listener;
        }) as Window['addEventListener'],
        document: doc,
      },
    });
    analytics.captureEvent(event(1));
    analytics.captureEvent(event(2));
    listeners.visibilitychange();
    await settle();
    expect(fetch).not.toHaveBeenCalled();

    doc.visibilityState = 'hidden';
    listeners.visibilitychange();
    await settle();
    expect(fetch).toHaveBeenCalledTimes(1);
    expect(fetch.mock.calls[0][1]).toMatchObject({ keepalive: true });
    expect(sentEvents(fetch)).toHaveLength(2);

    analytics.captureEvent(event(3));
    listeners.pagehide();
    await settle();
    expect(fetch).toHaveBeenCalledTimes(2);
  });

  it('never throws into the app, whatever the event or the network does', async () => {
    const fetch = jest.fn(() => {
      throw new Error('fetch exploded');
    });
    const { analytics, warn } = make(fetch as any);
    expect(() =>
      analytics.captureEvent({ context: null } as unknown as AnalyticsEvent),
    ).not.toThrow();
    expect(() => analytics.captureEvent(event(1))).not.toThrow();
    const done = analytics.flush();
    await settle();
    jest.advanceTimersByTime(5_000);
    await expect(done).resolves.toBeUndefined();
    expect(warn).toHaveBeenCalled();
  });
});

describe('toAdoptionEvent', () => {
  const now = new Date('2026-12-06T10:00:00.000Z');

  it("names the entity of a view of an entity's page", () => {
    const view = (subject: string) =>
      toAdoptionEvent(
        {
          action: 'navigate',
          subject,
          context: { pluginId: 'catalog', extensionId: 'page:catalog' },
        } as unknown as AnalyticsEvent,
        now,
      ).context;
    expect(view('/catalog/default/Component/payments-gateway/compute')).toEqual(
      {
        pluginId: 'catalog',
        extension: 'page:catalog',
        path: '/catalog/default/Component/payments-gateway/compute',
        entityRef: 'component:default/payments-gateway',
      },
    );
    expect(view('/catalog/default/system/payments?tab=x').entityRef).toBe(
      'system:default/payments',
    );
    expect(view('/catalog').entityRef).toBeUndefined();
    expect(view('/catalog/default/component').entityRef).toBeUndefined();
    expect(view('/docs/default/component/x').entityRef).toBeUndefined();
  });

  it('keeps a search’s term and result count, and the entity the event happened on', () => {
    expect(
      toAdoptionEvent(
        {
          action: 'search',
          subject: 'kafka',
          value: 0,
          context: {
            pluginId: 'search',
            extensionId: 'page:search',
            routeRef: 'unknown',
          },
        } as AnalyticsEvent,
        now,
        '/search',
      ),
    ).toEqual({
      action: 'search',
      subject: 'kafka',
      value: 0,
      context: {
        pluginId: 'search',
        extension: 'page:search',
        path: '/search',
        searchTerm: 'kafka',
      },
      timestamp: now.toISOString(),
    });

    const click = toAdoptionEvent(
      {
        action: 'click',
        subject: 'Deploy',
        attributes: { to: '/x', index: 2, ok: true },
        context: {
          pluginId: 'compute',
          extensionId: 'entity-content:compute',
          routeRef: 'catalog:entity',
          entityRef: 'component:default/payments-gateway',
        },
      } as AnalyticsEvent,
      now,
      '/catalog/default/component/payments-gateway/compute',
    );
    expect(click.context).toEqual({
      pluginId: 'compute',
      extension: 'entity-content:compute',
      routeRef: 'catalog:entity',
      path: '/catalog/default/component/payments-gateway/compute',
      entityRef: 'component:default/payments-gateway',
    });
    expect(click.attributes).toEqual({ to: '/x', index: 2, ok: true });
  });
});
