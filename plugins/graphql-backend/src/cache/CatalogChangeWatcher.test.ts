import { mockServices } from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import type {
  CatalogChangeFeed,
  CatalogChangePage,
} from '@atrium/plugin-catalog-change-feed-node';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { CatalogChangeWatcher } from './CatalogChangeWatcher';
import { CatalogVersions } from './versions';

const component = (name: string, etag: string, owner: string): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name, namespace: 'default', etag },
  spec: { type: 'service', owner },
});

/**
 * A stand-in for the catalog module's feed (its own tests run it on SQLite and PostgreSQL): no cursor is a
 * reset; otherwise it names what the test says changed since.
 */
class ScriptedFeed implements CatalogChangeFeed {
  pending: string[] = [];
  reads: Array<string | undefined> = [];
  #position = 0;
  async read(cursor?: string): Promise<CatalogChangePage> {
    this.reads.push(cursor);
    this.#position += 1;
    const refs = this.pending;
    this.pending = [];
    return {
      refs: cursor ? refs : [],
      cursor: `c${this.#position}`,
      reset: !cursor,
    };
  }
}

describe('the change watcher over the catalog change feed', () => {
  it('reads the whole catalog once, then only what the feed names: a change and a removal invalidate', async () => {
    let entities = [
      component('a', 'a1', 'team-a'),
      component('b', 'b1', 'team-b'),
      component('c', 'c1', 'team-a'),
    ];
    const catalog = catalogServiceMock();
    const queryEntities = jest
      .spyOn(catalog, 'queryEntities')
      .mockImplementation(async () =>
        catalogServiceMock({ entities }).queryEntities(
          { limit: 1000 },
          { credentials: {} as any },
        ),
      );
    const getEntitiesByRefs = jest
      .spyOn(catalog, 'getEntitiesByRefs')
      .mockImplementation(async request =>
        catalogServiceMock({ entities }).getEntitiesByRefs(request, {
          credentials: {} as any,
        }),
      );
    const versions = new CatalogVersions(mockServices.cache.mock(), 60_000);
    const store = new Map<string, unknown>();
    jest
      .spyOn(versions, 'setEntityEtag')
      .mockImplementation(async (ref, etag) => {
        store.set(`etag:${ref}`, etag);
      });
    jest
      .spyOn(versions, 'touchOwned')
      .mockImplementation(async (ref, token) => {
        store.set(`owned:${ref}`, token);
      });
    jest
      .spyOn(versions, 'touchKind')
      .mockImplementation(async (kind, token) => {
        store.set(`kind:${kind}`, token);
      });
    const feed = new ScriptedFeed();
    const watcher = new CatalogChangeWatcher({
      catalog,
      auth: mockServices.auth(),
      versions,
      logger: mockServices.logger.mock(),
      feed,
    });

    expect(await watcher.scan()).toBe(3);
    expect(queryEntities).toHaveBeenCalledTimes(1);
    expect(store.get('etag:component:default/a')).toBe('a1');

    const listed = store.get('kind:component');
    expect(listed).toBeDefined();

    // At rest: the feed names nothing, and the catalog is not read.
    expect(await watcher.scan()).toBe(0);
    expect(await watcher.scan()).toBe(0);
    expect(feed.reads).toEqual([undefined, 'c1', 'c2']);
    expect(getEntitiesByRefs).not.toHaveBeenCalled();

    // a moves to team-b: its new etag, and both owners' tokens change.
    entities = [
      component('a', 'a2', 'team-b'),
      component('b', 'b1', 'team-b'),
      component('c', 'c1', 'team-a'),
    ];
    feed.pending = ['component:default/a'];
    expect(await watcher.scan()).toBe(1);
    expect(getEntitiesByRefs).toHaveBeenCalledTimes(1);
    expect(getEntitiesByRefs.mock.calls[0][0].entityRefs).toEqual([
      'component:default/a',
    ]);
    expect(store.get('etag:component:default/a')).toBe('a2');
    const teamA = store.get('owned:group:default/team-a');
    expect(teamA).toBeDefined();
    expect(store.get('owned:group:default/team-b')).toBe(teamA);
    // Lists of components (and the kind facet, `*`) are stale too.
    expect(store.get('kind:component')).not.toBe(listed);
    expect(store.get('kind:*')).toBe(store.get('kind:component'));
    expect(store.has('kind:api')).toBe(false);

    // b is removed: it reads nothing, gets a unique etag no answer has, and its owner's token changes.
    entities = entities.filter(e => e.metadata.name !== 'b');
    feed.pending = ['component:default/b'];
    expect(await watcher.scan()).toBe(1);
    expect(store.get('etag:component:default/b')).toMatch(/^gone:/);
    expect(store.get('owned:group:default/team-b')).not.toBe(teamA);
    expect(store.get('owned:group:default/team-a')).toBe(teamA);

    // Named again with nothing new (the feed may repeat itself): nothing is invalidated.
    feed.pending = ['component:default/c'];
    expect(await watcher.scan()).toBe(0);
    expect(queryEntities).toHaveBeenCalledTimes(1);
  });
});
