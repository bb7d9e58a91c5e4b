import { TimelineClient } from './client';

describe('TimelineClient', () => {
  it('asks for the entity’s events with the query parameters that are set', async () => {
    const urls: string[] = [];
    const client = new TimelineClient({
      discoveryApi: { getBaseUrl: async id => `http://atrium/api/${id}` },
      fetchApi: {
        fetch: (async (url: string) => {
          urls.push(url);
          return new Response('{"items":[]}', { status: 200 });
        }) as typeof fetch,
      },
    });
    const entity = { kind: 'Component', namespace: 'default', name: 'a b' };
    await client.getEntityEvents(entity, {
      kinds: ['deploy', 'alert-firing'],
      from: '2026-01-01T00:00:00Z',
      limit: 50,
    });
    await client.getEntityEvents(entity);
    await client.getEntityEvents(entity, { kinds: [], from: '', limit: 0 });
    const base = 'http://atrium/api/timeline/entities/default/Component/a%20b';
    expect(urls).toEqual([
      `${base}/events?kinds=deploy%2Calert-firing&from=2026-01-01T00%3A00%3A00Z&limit=50`,
      `${base}/events`,
      `${base}/events?limit=0`,
    ]);
  });
});
