import { mockServices } from '@backstage/backend-test-utils';
import type {
  BackstageCredentials,
  UserInfoService,
} from '@backstage/backend-plugin-api';
import type { Entity } from '@backstage/catalog-model';
import { CallerCatalog } from './CallerCatalog';

const entity = (name: string): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name, namespace: 'default' },
  spec: { owner: 'team-a' },
});

const user = (ref: string): BackstageCredentials => ({
  $$type: '@backstage/BackstageCredentials',
  principal: { type: 'user', userEntityRef: ref },
});

const service: BackstageCredentials = {
  $$type: '@backstage/BackstageCredentials',
  principal: { type: 'service', subject: 'plugin:timeline' },
};

/**
 * A catalog where `secret` is visible only to alice, and `open` to everyone; it counts the requests it gets
 * and the refs in each.
 */
function fakeCatalog() {
  const requests: string[][] = [];
  const catalog = {
    async getEntitiesByRefs(
      { entityRefs }: { entityRefs: string[] },
      { credentials }: { credentials: BackstageCredentials },
    ) {
      requests.push(entityRefs);
      const who = (credentials.principal as { userEntityRef?: string })
        .userEntityRef;
      return {
        items: entityRefs.map(ref => {
          if (ref === 'component:default/open') return entity('open');
          if (
            ref === 'component:default/secret' &&
            who === 'user:default/alice'
          )
            return entity('secret');
          return null;
        }),
      };
    },
  };
  return { catalog, requests };
}

function make(options?: { ttlMs?: number; userInfo?: UserInfoService }) {
  const { catalog, requests } = fakeCatalog();
  let now = 1000;
  const reads = new CallerCatalog(catalog as any, {
    auth: mockServices.auth(),
    userInfo: options?.userInfo ?? mockServices.userInfo(),
    ttlMs: options?.ttlMs ?? 5000,
    now: () => now,
  });
  return {
    reads,
    requests,
    advance: (ms: number) => {
      now += ms;
    },
  };
}

const alice = user('user:default/alice');
const bob = user('user:default/bob');

describe('CallerCatalog', () => {
  it('asks the catalog once for concurrent and repeated reads of one caller, in one batch per tick', async () => {
    const { reads, requests } = make();
    const first = await Promise.all([
      reads.getEntityByRef('component:default/open', alice),
      reads.getEntityByRef('component:default/open', alice),
      reads.getEntityByRef('component:default/secret', alice),
    ]);
    expect(first.map(e => e?.metadata.name)).toEqual([
      'open',
      'open',
      'secret',
    ]);
    expect(requests).toEqual([
      ['component:default/open', 'component:default/secret'],
    ]);
    // Later, within the time an answer is kept: no request; refs match regardless of case.
    const again = await reads.getEntitiesByRefs(
      ['Component:default/open', 'component:default/secret'],
      alice,
    );
    expect(again.map(e => e?.metadata.name)).toEqual(['open', 'secret']);
    expect(requests).toHaveLength(1);
  });

  it("never gives one caller another's answer: an entity alice may see stays hidden from bob", async () => {
    const { reads, requests } = make();
    expect(
      await reads.getEntityByRef('component:default/secret', alice),
    ).toBeDefined();
    expect(
      await reads.getEntityByRef('component:default/secret', bob),
    ).toBeUndefined();
    expect(requests).toHaveLength(2);
  });

  it('keys a user by their ownership refs too, since the permission rules look at them', async () => {
    let teams = ['group:default/team-a'];
    const userInfo: UserInfoService = {
      async getUserInfo(credentials) {
        const ref = (credentials.principal as { userEntityRef: string })
          .userEntityRef;
        return { userEntityRef: ref, ownershipEntityRefs: [ref, ...teams] };
      },
    };
    const { reads, requests } = make({ userInfo });
    await reads.getEntityByRef('component:default/open', alice);
    await reads.getEntityByRef('component:default/open', alice);
    expect(requests).toHaveLength(1);
    teams = ['group:default/team-b'];
    await reads.getEntityByRef('component:default/open', alice);
    expect(requests).toHaveLength(2);
  });

  it('asks again once the answer is older than the ttl, or when asked for a fresh one', async () => {
    const { reads, requests, advance } = make({ ttlMs: 5000 });
    await reads.getEntityByRef('component:default/open', alice);
    advance(4000);
    await reads.getEntityByRef('component:default/open', alice);
    expect(requests).toHaveLength(1);
    await reads.getEntityByRef('component:default/open', alice, {
      fresh: true,
    });
    expect(requests).toHaveLength(2);
    advance(5001);
    await reads.getEntityByRef('component:default/open', alice);
    expect(requests).toHaveLength(3);
  });

  it('keeps a service caller apart from users, and asks every time with a ttl of 0', async () => {
    const cached = make();
    expect(
      await cached.reads.getEntityByRef('component:default/secret', service),
    ).toBeUndefined();
    expect(
      await cached.reads.getEntityByRef('component:default/secret', alice),
    ).toBeDefined();
    const off = make({ ttlMs: 0 });
    await off.reads.getEntityByRef('component:default/open', alice);
    await off.reads.getEntityByRef('component:default/open', alice);
    expect(off.requests).toHaveLength(2);
  });

  it('keeps no failed read: the next read asks again', async () => {
    const { catalog, requests } = fakeCatalog();
    let fail = true;
    const reads = new CallerCatalog(
      {
        async getEntitiesByRefs(
          ...args: Parameters<typeof catalog.getEntitiesByRefs>
        ) {
          if (fail) {
            fail = false;
            throw new Error('catalog down');
          }
          return catalog.getEntitiesByRefs(...args);
        },
      } as any,
      {
        auth: mockServices.auth(),
        userInfo: mockServices.userInfo(),
        ttlMs: 5000,
      },
    );
    await expect(
      reads.getEntityByRef('component:default/open', alice),
    ).rejects.toThrow('catalog down');
    expect(
      await reads.getEntityByRef('component:default/open', alice),
    ).toBeDefined();
    expect(requests).toHaveLength(1);
  });
});
