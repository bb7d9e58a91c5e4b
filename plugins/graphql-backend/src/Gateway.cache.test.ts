// The gateway's response cache: the change watcher, invalidation, and headers forwarded to modules.
import { mockServices } from '@backstage/backend-test-utils';
import type {
  GatewayContext,
  GraphqlSchemaContribution,
} from '@atrium/plugin-graphql-node';
import { CatalogChangeWatcher } from './cache/CatalogChangeWatcher';
import { body, caller, makeGateway, org } from './__testUtils__/gateway';

describe('Gateway', () => {
  it('the change watcher reads only the fields it needs, on every page of a scan', async () => {
    const requests: any[] = [];
    const entity = (name: string) => ({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Component',
      metadata: { name, namespace: 'default', etag: `e-${name}` },
      spec: { owner: 'team-0' },
    });
    const pages: Record<string, { items: any[]; next?: string }> = {
      first: { items: [entity('a')], next: 'c2' },
      c2: { items: [entity('b')], next: 'c3' },
      c3: { items: [entity('c')] },
    };
    const catalog = {
      queryEntities: async (request: any) => {
        requests.push(request);
        const page = pages[request.cursor ?? 'first'];
        return {
          items: page.items,
          totalItems: 3,
          pageInfo: { nextCursor: page.next },
        };
      },
    };
    const watcher = new CatalogChangeWatcher({
      catalog: catalog as any,
      auth: mockServices.auth(),
      versions: {
        setEntityEtag: async () => {},
        touchOwned: async () => {},
        touchKind: async () => {},
      } as any,
      logger: mockServices.logger.mock(),
    });
    expect(await watcher.scan()).toBe(3);
    expect(requests.map(r => r.cursor)).toEqual([undefined, 'c2', 'c3']);
    for (const request of requests) {
      expect(request.fields).toEqual([
        'kind',
        'metadata.namespace',
        'metadata.name',
        'metadata.etag',
        'spec.owner',
      ]);
    }
  });

  it('serves from the cache until an entity behind the answer or an owner it lists changes', async () => {
    const first = makeGateway(org('v1'), true);
    const query = `{ entity(ref: "component:svc-0") { description owner { name } } viewer { owned { items { name } } } }`;
    const watcher = new CatalogChangeWatcher({
      catalog: first.catalog,
      auth: mockServices.auth(),
      versions: first.versions,
      logger: mockServices.logger.mock(),
    });
    await watcher.scan();
    expect((await first.gateway.run({ query }, caller)).cache).toBe('miss');
    const hit = await first.gateway.run({ query }, caller);
    expect(hit.cache).toBe('hit');
    expect(body(hit).data.entity.description).toBe('v1');
    expect(body(hit).data.viewer.owned.items.map((i: any) => i.name)).toEqual([
      'svc-0',
    ]);
    // Another user's key is another answer.
    expect(
      (
        await first.gateway.run(
          { query },
          {
            ...caller,
            credentials: {
              ...caller.credentials,
              principal: { type: 'user', userEntityRef: 'user:default/u1' },
            },
          },
        )
      ).cache,
    ).toBe('miss');

    // The component changes: the answer that showed it is made again.
    const changed = org('v2');
    first.setEntities(changed);
    expect((await first.gateway.run({ query }, caller)).cache).toBe('hit');
    expect(await watcher.scan()).toBe(1);
    const fresh = await first.gateway.run({ query }, caller);
    expect(fresh.cache).toBe('miss');
    expect(body(fresh).data.entity.description).toBe('v2');
    expect((await first.gateway.run({ query }, caller)).cache).toBe('hit');

    // team-0 comes to own another component: the list of owned entities is made again.
    first.setEntities([
      ...changed,
      {
        apiVersion: 'backstage.io/v1alpha1',
        kind: 'Component',
        metadata: { name: 'svc-new', etag: 'new' },
        spec: { type: 'service', owner: 'team-0' },
        relations: [{ type: 'ownedBy', targetRef: 'group:default/team-0' }],
      },
    ]);
    expect(await watcher.scan()).toBe(1);
    const listed = await first.gateway.run({ query }, caller);
    expect(listed.cache).toBe('miss');
    expect(
      body(listed).data.viewer.owned.items.map((i: any) => i.name),
    ).toEqual(['svc-0', 'svc-new']);
  });

  it('serves a cached answer only under the schema and limits it was checked against', async () => {
    const store = new Map<string, unknown>();
    const query = `{ entity(ref: "component:svc-0") { owner { parent { name } } } }`;
    const before = makeGateway(org(), true, { store });
    expect((await before.gateway.run({ query }, caller)).cache).toBe('miss');
    expect((await before.gateway.run({ query }, caller)).cache).toBe('hit');

    // A replica deployed with tighter limits shares the cache: it refuses the query instead of serving the
    // answer the other one cached.
    const after = makeGateway(org(), true, { store, limits: { maxDepth: 2 } });
    const refused = await after.gateway.run({ query }, caller);
    expect(refused.status).toBe(400);
    expect(body(refused).errors[0].extensions.code).toBe('QUERY_TOO_DEEP');
    expect(refused.cache).toBe('off');
  });

  describe('forwarded headers', () => {
    /**
     * A module that reads an upstream with the user's own token from `x-upstream-token`: its field tells which
     * headers its resolver saw, and counts its calls (a cached answer makes none).
     */
    function upstreamModule() {
      const calls: Array<GatewayContext['headers']> = [];
      const contribution: GraphqlSchemaContribution = {
        typeDefs: 'extend type Query { upstream: String! }',
        forwardedHeaders: ['x-upstream-token'],
        resolvers: {
          Query: {
            upstream: (_: unknown, __: unknown, ctx: GatewayContext) => {
              calls.push(ctx.headers);
              return `read with ${
                ctx.headers['x-upstream-token'] ?? 'no token'
              }`;
            },
          },
        },
      };
      return { contribution, calls };
    }
    const query = '{ upstream }';

    it('a resolver sees the headers its contribution declares, and no others', async () => {
      const upstream = upstreamModule();
      const { gateway } = makeGateway(org(), false, {
        contributions: [upstream.contribution],
      });
      expect(gateway.forwardedHeaders).toEqual(['x-upstream-token']);
      const answer = await gateway.run({ query }, caller, {
        'x-upstream-token': 'token-a',
        'x-other': 'secret',
        authorization: 'Bearer atrium-token',
      });
      expect(body(answer).data.upstream).toBe('read with token-a');
      expect(upstream.calls[0]).toEqual({ 'x-upstream-token': 'token-a' });
      expect(upstream.calls[0]['x-other']).toBeUndefined();
      expect(upstream.calls[0].authorization).toBeUndefined();
      expect(Object.isFrozen(upstream.calls[0])).toBe(true);

      // Without the header the resolver sees it undefined.
      const without = await gateway.run({ query }, caller);
      expect(body(without).data.upstream).toBe('read with no token');
    });

    it('refuses to forward Atrium’s own credentials or a malformed header name', () => {
      for (const name of ['authorization', 'cookie', 'X-Upstream-Token']) {
        expect(() =>
          makeGateway(org(), false, {
            contributions: [
              {
                typeDefs: 'extend type Query { upstream: String }',
                forwardedHeaders: [name],
              },
            ],
          }),
        ).toThrow(name);
      }
    });

    it('never serves an answer made with one header value to a request with another or none', async () => {
      const upstream = upstreamModule();
      const { gateway } = makeGateway(org(), true, {
        contributions: [upstream.contribution],
      });
      const run = (token?: string) =>
        gateway.run(
          { query },
          caller,
          token ? { 'x-upstream-token': token } : {},
        );

      const a = await run('token-a');
      expect(a.cache).toBe('miss');
      expect(body(a).data.upstream).toBe('read with token-a');
      // The same value: served from the cache, the resolver is not called again.
      const again = await run('token-a');
      expect(again.cache).toBe('hit');
      expect(body(again).data.upstream).toBe('read with token-a');
      expect(upstream.calls).toHaveLength(1);

      // Another value, or none: made anew with what this request carries.
      const b = await run('token-b');
      expect(b.cache).toBe('miss');
      expect(body(b).data.upstream).toBe('read with token-b');
      const none = await run();
      expect(none.cache).toBe('miss');
      expect(body(none).data.upstream).toBe('read with no token');
      expect(upstream.calls).toHaveLength(3);
      // An empty header counts as none.
      expect((await run('')).cache).toBe('hit');
    });
  });
});
