import { renderToString } from 'react-dom/server';
import { createElement as h } from 'react';
import { createAtriumCache } from './client';
import {
  announcePageReady,
  hydrateServerRenderedPage,
  LAYER_MAX_MS,
} from './island';
import {
  ENTITY_OVERVIEW_QUERY,
  HOME_QUERY,
  OPEN_ALERTS_QUERY,
} from './queries';
import { matchSsrPage } from './refs';
import { serializeForScript } from './state';
import { EntityOverview } from './views/EntityOverview';
import { HomeOverview } from './views/HomeOverview';
import { gatewayEntity, gatewayEntityOverview } from './testing';

const PAYLOAD = '</script><script>alert(1)</script><!-- \u2028 & "';

const overview = gatewayEntityOverview('probe', {
  title: PAYLOAD,
  description: PAYLOAD,
  tags: ['java'],
  links: [
    // eslint-disable-next-line no-script-url -- a script link the view must not render
    { __typename: 'Link', url: 'javascript:alert(1)', title: 'bad' },
    { __typename: 'Link', url: 'https://ok.example', title: PAYLOAD },
    { __typename: 'Link', url: 'java\tscript:alert(2)', title: 'tabbed' },
    {
      __typename: 'Link',
      url: 'mailto:team@larkspur.example',
      title: 'mail',
    },
  ],
  owner: {
    ...gatewayEntity('Group', 'team', {
      profile: { __typename: 'Profile', displayName: PAYLOAD },
    }),
    members: [],
  },
});

describe('graphql-react', () => {
  it('serializes state for a script element with no way out of it', () => {
    const text = serializeForScript({ a: PAYLOAD });
    expect(text).not.toMatch(/[<>&\u2028\u2029]/);
    expect(JSON.parse(text)).toEqual({ a: PAYLOAD });
  });

  it('renders entity text as text, and only http(s) and mailto links as links', () => {
    const html = renderToString(h(EntityOverview, { data: overview as any }));
    expect(html).not.toContain('<script>alert');
    expect(html).toContain(
      '&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;',
    );
    expect(html).not.toContain('href="javascript:');
    expect(html).not.toContain('script:alert(2)"');
    expect(html).toContain('<li>tabbed</li>');
    expect(html).toContain('href="https://ok.example"');
    expect(html).toContain('href="mailto:team@larkspur.example"');
  });

  it("shows each of my services' health at a glance", () => {
    const item = (name: string, compute: object | null) => ({
      ...gatewayEntity('Component', name),
      type: 'service',
      lifecycle: 'production',
      owner: null,
      compute,
    });
    const html = renderToString(
      h(HomeOverview, {
        data: {
          viewer: {
            userRef: 'user:default/a',
            user: null,
            groups: [],
            owned: {
              totalItems: 4,
              items: [
                item('ok', {
                  apps: 2,
                  desiredReplicas: 4,
                  readyReplicas: 4,
                  healthy: true,
                }),
                item('short', {
                  apps: 1,
                  desiredReplicas: 3,
                  readyReplicas: 1,
                  healthy: false,
                }),
                item('odd', {
                  apps: 1,
                  desiredReplicas: 2,
                  readyReplicas: 2,
                  healthy: false,
                }),
                item('none', {
                  apps: 0,
                  desiredReplicas: 0,
                  readyReplicas: 0,
                  healthy: true,
                }),
              ],
            },
          },
        } as any,
      }),
    );
    const health = [...html.matchAll(/data-health="(\w+)">([^<]*)</g)].map(
      m => [m[1], m[2].trim()],
    );
    expect(health).toEqual([
      ['healthy', '· ● healthy'],
      ['degraded', '· ▲ 1/3 ready'],
      ['degraded', '· ▲ needs a look'],
    ]);
  });

  it('matches only Home, the catalog list and entity overviews, with refs in one spelling', () => {
    expect(matchSsrPage('/')).toEqual({ page: 'home' });
    expect(matchSsrPage('/catalog')).toEqual({ page: 'catalog' });
    expect(matchSsrPage('/catalog/default/Component/Payments-Gateway')).toEqual(
      {
        page: 'entity',
        kind: 'Component',
        namespace: 'default',
        name: 'Payments-Gateway',
        ref: 'component:default/payments-gateway',
      },
    );
    for (const path of [
      '/catalog/default/component/x/compute',
      '/catalog/default',
      '/catalog/%E0%A4%A/component/x',
      '/catalog/default/component/..%2F..%2Fetc',
      '/settings',
    ]) {
      expect(matchSsrPage(path)).toBeUndefined();
    }
  });

  it("reads an entity page's query from an entity another answer brought", () => {
    const cache = createAtriumCache();
    cache.writeQuery({
      query: ENTITY_OVERVIEW_QUERY,
      variables: { ref: 'component:default/probe' },
      data: overview,
    });
    // The same entity asked for with another spelling of its ref is found without a request.
    const read = cache.readQuery({
      query: ENTITY_OVERVIEW_QUERY,
      variables: { ref: 'Component:default/Probe' },
    }) as typeof overview;
    expect(read.entity.title).toBe(PAYLOAD);
    // Home has not been read: the cache says so rather than guessing.
    expect(cache.readQuery({ query: HOME_QUERY })).toBeNull();
  });
});

describe('the open alerts in the cache', () => {
  const alert = (fingerprint: string) => ({
    __typename: 'OpenAlert',
    id: `component:default/probe#${fingerprint}`,
    fingerprint,
    name: `Alert${fingerprint}`,
    severity: 'critical',
    state: 'active',
    startsAt: '2026-12-01T10:00:00Z',
    summary: 'x',
    silenced: false,
    entity: { ...gatewayEntity('Component', 'probe'), title: 'Probe' },
  });
  const answer = (items: object[]) => ({
    viewer: {
      __typename: 'Viewer',
      openAlerts: {
        __typename: 'OpenAlerts',
        configured: true,
        howTo: null,
        totalCount: items.length,
        items,
      },
    },
  });

  it('are replaced whole by a newer answer, so a resolved alert is gone', () => {
    const cache = createAtriumCache();
    cache.writeQuery({
      query: OPEN_ALERTS_QUERY,
      data: answer([alert('aa'), alert('bb')]),
    });
    cache.writeQuery({ query: OPEN_ALERTS_QUERY, data: answer([alert('bb')]) });
    const read = cache.readQuery({ query: OPEN_ALERTS_QUERY }) as any;
    expect(read.viewer.openAlerts.items.map((a: any) => a.fingerprint)).toEqual(
      ['bb'],
    );
    // The service is the normalized entity every other answer shows.
    expect(cache.extract()['Entity:{"id":"component:default/probe"}']).toEqual(
      expect.objectContaining({ title: 'Probe' }),
    );
  });
});

describe('the server-rendered layer', () => {
  afterEach(() => jest.useRealTimers());

  it('steps aside when the app announces its page, or after a while if it never does', () => {
    jest.useFakeTimers();
    const client = { readQuery: () => null } as any;
    const make = () => {
      const layer = document.createElement('div');
      layer.id = 'atrium-ssr';
      document.body.appendChild(layer);
      return layer;
    };

    let layer = make();
    hydrateServerRenderedPage(client, document);
    announcePageReady('home');
    jest.advanceTimersByTime(1);
    expect(layer.isConnected).toBe(false);

    // The app asks to sign in again instead, and never shows this page.
    layer = make();
    hydrateServerRenderedPage(client, document);
    jest.advanceTimersByTime(LAYER_MAX_MS - 10);
    expect(layer.isConnected).toBe(true);
    jest.advanceTimersByTime(20);
    expect(layer.isConnected).toBe(false);
  });
});
