import { mockServices } from '@backstage/backend-test-utils';
import { ResponseCache } from './ResponseCache';
import { CatalogVersions } from './versions';

describe('the response cache and what a list depends on', () => {
  const make = () => {
    const cache = mockServices.cache.mock();
    const store = new Map<string, unknown>();
    cache.get.mockImplementation(async key => store.get(key) as any);
    cache.set.mockImplementation(async (key, value) => {
      store.set(key, value);
    });
    cache.delete.mockImplementation(async key => {
      store.delete(key);
    });
    const versions = new CatalogVersions(cache, 60_000);
    return { responses: new ResponseCache(cache, versions), versions };
  };

  it('serves a list until an entity of its kind changes', async () => {
    const { responses, versions } = make();
    await versions.touchKind('Component', 't1');
    const deps = {
      entities: {},
      owned: {},
      kinds: { component: await versions.kindToken('component') },
    };
    await responses.set('k', 'body', deps, 60);
    await versions.touchKind('api', 't2');
    expect(await responses.get('k')).toBe('body');
    await versions.touchKind('component', 't3');
    expect(await responses.get('k')).toBeUndefined();
  });

  it('serves an answer that shows stars only to the same starred set, and not when it cannot be read', async () => {
    const { responses } = make();
    const deps = { entities: {}, owned: {}, starred: 'hash-a' };
    const caller = (hash: string | Error) => ({
      starredHash: async () => {
        if (hash instanceof Error) throw hash;
        return hash;
      },
    });
    await responses.set('k', 'body', deps, 60);
    expect(await responses.get('k', caller('hash-a'))).toBe('body');
    expect(await responses.get('k', caller(new Error('down')))).toBeUndefined();
    await responses.set('k', 'body', deps, 60);
    expect(await responses.get('k')).toBeUndefined();
    await responses.set('k', 'body', deps, 60);
    expect(await responses.get('k', caller('hash-b'))).toBeUndefined();
  });
});
