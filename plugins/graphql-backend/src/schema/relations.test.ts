import { mockServices } from '@backstage/backend-test-utils';
import type {
  BackstageCredentials,
  BackstageUserPrincipal,
} from '@backstage/backend-plugin-api';
import type { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import { CatalogChangeWatcher } from '../cache/CatalogChangeWatcher';
import { ResponseCache } from '../cache/ResponseCache';
import { CatalogVersions } from '../cache/versions';
import { Gateway } from '../Gateway';
import { coreSchema } from './core';

/**
 * Relations to an owners-only entity, as the gateway answers them. The catalog stores a relation on both of its
 * ends, so the vault's system, its team and the service it depends on all name it; only callers who may read
 * the vault may see those relations.
 */

const OWNERS_ONLY = { 'atrium.dev/visibility': 'owners' };

function catalogEntities(vaultAnnotations: Record<string, string>): Entity[] {
  const entity = (
    kind: string,
    name: string,
    etag: string,
    relations: Array<[string, string]>,
    annotations: Record<string, string> = {},
  ): Entity => ({
    apiVersion: 'backstage.io/v1alpha1',
    kind,
    metadata: { name, namespace: 'default', etag, annotations },
    spec: {},
    relations: relations.map(([type, targetRef]) => ({ type, targetRef })),
  });
  return [
    entity('Group', 'team-vault', 'g1', [
      ['ownerOf', 'component:default/vault'],
      ['hasMember', 'user:default/alice'],
    ]),
    entity('Group', 'team-web', 'g2', [
      ['ownerOf', 'system:default/shop'],
      ['ownerOf', 'component:default/web'],
      ['hasMember', 'user:default/bob'],
    ]),
    entity('System', 'shop', 's1', [
      ['ownedBy', 'group:default/team-web'],
      ['hasPart', 'component:default/web'],
      ['hasPart', 'component:default/vault'],
    ]),
    entity('Component', 'web', 'w1', [
      ['ownedBy', 'group:default/team-web'],
      ['partOf', 'system:default/shop'],
      ['dependencyOf', 'component:default/vault'],
    ]),
    entity(
      'Component',
      'vault',
      `v-${JSON.stringify(vaultAnnotations)}`,
      [
        ['ownedBy', 'group:default/team-vault'],
        ['partOf', 'system:default/shop'],
        ['dependsOn', 'component:default/web'],
      ],
      vaultAnnotations,
    ),
  ];
}

const users: Record<string, string[]> = {
  'user:default/alice': ['user:default/alice', 'group:default/team-vault'],
  'user:default/bob': ['user:default/bob', 'group:default/team-web'],
  'user:default/ravi': ['user:default/ravi', 'group:default/platform-admins'],
};

const callerFor = (userEntityRef: string) => ({
  credentials: {
    $$type: '@backstage/BackstageCredentials' as const,
    principal: { type: 'user' as const, userEntityRef },
  },
  ownershipEntityRefs: users[userEntityRef],
});

/**
 * Backstage's in-memory catalog mock, with the read rule Atrium's policy gives the real catalog applied to what
 * it returns: an entity annotated `atrium.dev/visibility: owners` only for its owning group's members and
 * platform admins (service credentials read everything, as the change watcher's do).
 */
function catalogWithReadRule(initial: Entity[]) {
  let inner = catalogServiceMock({ entities: initial });
  const readable = (
    entity: Entity | undefined,
    creds: BackstageCredentials<BackstageUserPrincipal | { type: 'service' }>,
  ) => {
    if (!entity || creds.principal.type !== 'user') return entity;
    const refs = users[creds.principal.userEntityRef] ?? [];
    if (refs.includes('group:default/platform-admins')) return entity;
    if (entity.metadata.annotations?.['atrium.dev/visibility'] !== 'owners') {
      return entity;
    }
    const owners = (entity.relations ?? [])
      .filter(r => r.type === 'ownedBy')
      .map(r => r.targetRef);
    return owners.some(o => refs.includes(o)) ? entity : undefined;
  };
  const getEntitiesByRefs = jest.fn(async (request: any, options: any) => {
    // The catalog itself reads whole entities; the rule needs the annotations and relations.
    const { items } = await inner.getEntitiesByRefs(
      { entityRefs: request.entityRefs },
      options,
    );
    return {
      items: items.map(
        e => readable(e ?? undefined, options.credentials) ?? null,
      ),
    };
  });
  const queryEntities = jest.fn(async (request: any, options: any) => {
    const answer = await inner.queryEntities(request, options);
    const items = answer.items.filter(e => readable(e, options.credentials));
    return {
      ...answer,
      items,
      totalItems: answer.totalItems - (answer.items.length - items.length),
    };
  });
  const catalog = {
    ...inner,
    getEntitiesByRefs,
    queryEntities,
  } as unknown as CatalogService;
  return {
    catalog,
    getEntitiesByRefs,
    setEntities: (next: Entity[]) => {
      inner = catalogServiceMock({ entities: next });
    },
  };
}

function setup(vaultAnnotations = OWNERS_ONLY) {
  const { catalog, getEntitiesByRefs, setEntities } = catalogWithReadRule(
    catalogEntities(vaultAnnotations),
  );
  const store = new Map<string, unknown>();
  const cache = mockServices.cache.mock();
  cache.get.mockImplementation(async k => store.get(k) as any);
  cache.set.mockImplementation(async (k, v) => void store.set(k, v));
  cache.delete.mockImplementation(async k => void store.delete(k));
  const versions = new CatalogVersions(cache, 60_000);
  const gateway = new Gateway([coreSchema({ catalog })], {
    catalog,
    limits: { maxDepth: 12, maxCost: 20000, maxQueryLength: 20000 },
    logger: mockServices.logger.mock(),
    responseCache: {
      cache: new ResponseCache(cache, versions),
      versions,
      ttlSeconds: 300,
    },
  });
  const watcher = new CatalogChangeWatcher({
    catalog,
    auth: mockServices.auth(),
    versions,
    logger: mockServices.logger.mock(),
  });
  return { gateway, watcher, getEntitiesByRefs, setEntities };
}

/** Every place the vault could be named: its system's parts, its team's, the service it depends on. */
const QUERY = `{
  system: entity(ref: "system:default/shop") {
    relations { type targetRef }
    parts: relations(type: "hasPart") { targetRef target { name } }
  }
  web: entity(ref: "component:default/web") {
    relations(type: "dependencyOf") { targetRef }
  }
  team: entity(ref: "group:default/team-vault") {
    relations(type: "ownerOf") { targetRef }
    owns { totalItems items { ref } }
  }
  vault: entity(ref: "component:default/vault") { name ownerRef }
}`;

const VAULT = 'component:default/vault';

async function ask(gateway: Gateway, user: string) {
  const answer = await gateway.run({ query: QUERY }, callerFor(user));
  expect(answer.status).toBe(200);
  return { answer, data: JSON.parse(answer.body).data };
}

describe('relations to owners-only entities', () => {
  it('are left out for a caller who may not read the target, everywhere the gateway answers with them', async () => {
    const { gateway } = setup();
    const { answer, data } = await ask(gateway, 'user:default/bob');
    expect(answer.body).not.toContain(VAULT);
    expect(data.system.relations).toEqual([
      { type: 'ownedBy', targetRef: 'group:default/team-web' },
      { type: 'hasPart', targetRef: 'component:default/web' },
    ]);
    expect(data.system.parts).toEqual([
      { targetRef: 'component:default/web', target: { name: 'web' } },
    ]);
    expect(data.web.relations).toEqual([]);
    expect(data.team.relations).toEqual([]);
    expect(data.team.owns).toEqual({ totalItems: 0, items: [] });
    expect(data.vault).toBeNull();
  });

  it.each(['user:default/alice', 'user:default/ravi'])(
    'are shown to %s, an owner or a platform admin',
    async user => {
      const { gateway } = setup();
      const { data } = await ask(gateway, user);
      expect(data.system.parts.map((r: any) => r.targetRef)).toEqual([
        'component:default/web',
        VAULT,
      ]);
      expect(data.web.relations).toEqual([{ targetRef: VAULT }]);
      expect(data.team.relations).toEqual([{ targetRef: VAULT }]);
      expect(data.team.owns.items).toEqual([{ ref: VAULT }]);
      expect(data.vault).toEqual({
        name: 'vault',
        ownerRef: 'group:default/team-vault',
      });
    },
  );

  it('cost one batched catalog read per level of the query', async () => {
    const { gateway, getEntitiesByRefs } = setup();
    await gateway.run(
      {
        query: `{ entity(ref: "system:default/shop") {
          relations { targetRef target { name } } owner { name } ownerRef } }`,
      },
      callerFor('user:default/bob'),
    );
    // The system; then its relations' targets, the owner and the owner ref's check, together.
    expect(getEntitiesByRefs).toHaveBeenCalledTimes(2);
  });

  it("keep cached answers per user, and drop them when the target's visibility changes", async () => {
    const { gateway, watcher, setEntities } = setup();
    await watcher.scan();
    expect((await ask(gateway, 'user:default/alice')).answer.cache).toBe(
      'miss',
    );
    const bob = await ask(gateway, 'user:default/bob');
    expect(bob.answer.cache).toBe('miss');
    expect(bob.answer.body).not.toContain(VAULT);
    expect((await ask(gateway, 'user:default/bob')).answer.cache).toBe('hit');

    // The vault is made visible to everyone: Bob's answer, which left it out, is made again.
    setEntities(catalogEntities({}));
    expect(await watcher.scan()).toBe(1);
    const opened = await ask(gateway, 'user:default/bob');
    expect(opened.answer.cache).toBe('miss');
    expect(opened.data.web.relations).toEqual([{ targetRef: VAULT }]);
    expect((await ask(gateway, 'user:default/bob')).answer.cache).toBe('hit');

    // ...and owners-only again: the answer that showed it is dropped.
    setEntities(catalogEntities(OWNERS_ONLY));
    expect(await watcher.scan()).toBe(1);
    const closed = await ask(gateway, 'user:default/bob');
    expect(closed.answer.cache).toBe('miss');
    expect(closed.answer.body).not.toContain(VAULT);
  });
});
