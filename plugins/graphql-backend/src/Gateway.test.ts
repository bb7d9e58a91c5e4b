import { mockServices } from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import type {
  GatewayContext,
  GraphqlSchemaContribution,
} from '@atrium/plugin-graphql-node';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { CatalogChangeWatcher } from './cache/CatalogChangeWatcher';
import { ResponseCache } from './cache/ResponseCache';
import { CatalogVersions } from './cache/versions';
import type { GatewayLimits } from './config';
import { Gateway } from './Gateway';
import { coreSchema } from './schema/core';

/**
 * The gateway over Backstage's in-memory catalog mock (named so; the real catalog with its permissions is in
 * tests/graphql.test.ts): batching, limits, and the cache's invalidation.
 */
const TEAMS = 30;

function org(description = 'v1'): Entity[] {
  const entities: Entity[] = [];
  for (let t = 0; t < TEAMS; t++) {
    entities.push({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Group',
      metadata: { name: `team-${t}`, etag: `g${t}` },
      spec: { type: 'team', children: [] },
      relations: [
        { type: 'hasMember', targetRef: `user:default/u${t}` },
        { type: 'childOf', targetRef: 'group:default/eng' },
      ],
    });
    entities.push({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'User',
      metadata: { name: `u${t}`, etag: `u${t}` },
      spec: { profile: { displayName: `User ${t}` } },
      relations: [{ type: 'memberOf', targetRef: `group:default/team-${t}` }],
    });
    entities.push({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Component',
      metadata: {
        name: `svc-${t}`,
        description: t === 0 ? description : 'x',
        etag: t === 0 ? `c0-${description}` : `c${t}`,
      },
      spec: { type: 'service', lifecycle: 'production', owner: `team-${t}` },
      relations: [{ type: 'ownedBy', targetRef: `group:default/team-${t}` }],
    });
  }
  entities.push({
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Group',
    metadata: { name: 'eng', etag: 'eng' },
    spec: { type: 'org', children: [] },
  });
  return entities;
}

const caller = {
  credentials: {
    $$type: '@backstage/BackstageCredentials' as const,
    principal: { type: 'user' as const, userEntityRef: 'user:default/u0' },
  },
  ownershipEntityRefs: ['user:default/u0', 'group:default/team-0'],
};

function makeGateway(
  entities: Entity[],
  withCache = false,
  shared: {
    /** The cache service's content, to share it between gateways as replicas do. */
    store?: Map<string, unknown>;
    limits?: Partial<GatewayLimits>;
    /** Schema contributions beside the core's, as modules add them. */
    contributions?: GraphqlSchemaContribution[];
  } = {},
) {
  // The catalog's content can be replaced, as ingestion would.
  let inner = catalogServiceMock({ entities });
  const byRefs = jest.fn((...args: any[]) =>
    (inner.getEntitiesByRefs as any)(...args),
  );
  const queryEntities = jest.fn((...args: any[]) =>
    (inner.queryEntities as any)(...args),
  );
  const catalog = {
    ...inner,
    getEntitiesByRefs: byRefs,
    queryEntities,
  } as unknown as typeof inner;
  const setEntities = (next: Entity[]) => {
    inner = catalogServiceMock({ entities: next });
  };
  const cache = mockServices.cache.mock();
  const store = shared.store ?? new Map<string, unknown>();
  cache.get.mockImplementation(async k => store.get(k) as any);
  cache.set.mockImplementation(async (k, v) => void store.set(k, v));
  cache.delete.mockImplementation(async k => void store.delete(k));
  const versions = new CatalogVersions(cache, 60_000);
  const gateway = new Gateway(
    [coreSchema({ catalog }), ...(shared.contributions ?? [])],
    {
      catalog,
      limits: {
        maxDepth: 12,
        maxCost: 20000,
        maxQueryLength: 20000,
        maxAliases: 30,
        maxDirectives: 50,
        maxTokens: 2000,
        ...shared.limits,
      },
      logger: mockServices.logger.mock(),
      responseCache: withCache
        ? {
            cache: new ResponseCache(cache, versions),
            versions,
            ttlSeconds: 300,
          }
        : undefined,
    },
  );
  return { gateway, byRefs, queryEntities, catalog, versions, setEntities };
}

const body = (answer: { body: string }) => JSON.parse(answer.body);

describe('Gateway', () => {
  it('loads each level of a query in one catalog call, not one per entity', async () => {
    const { gateway, byRefs } = makeGateway(org());
    const refs = Array.from({ length: TEAMS }, (_, t) => `component:svc-${t}`);
    const answer = await gateway.run(
      {
        query: `query($refs: [String!]!) { entities(refs: $refs) {
          name owner { name parent { name } members { profile { displayName } } } } }`,
        variables: { refs },
      },
      caller,
    );
    expect(answer.status).toBe(200);
    const data = body(answer).data.entities;
    expect(data).toHaveLength(TEAMS);
    expect(data[7].owner.members[0].profile.displayName).toBe('User 7');
    expect(data[7].owner.parent.name).toBe('eng');
    // entities, owners, then members and parents: one call per level.
    expect(byRefs.mock.calls.length).toBeLessThanOrEqual(3);
    expect(byRefs.mock.calls[0][0].entityRefs).toHaveLength(TEAMS);
  });

  it('refuses over-deep, over-costly and fragment-bomb queries without reading the catalog', async () => {
    const { gateway, byRefs, queryEntities } = makeGateway(org());
    let nested = 'name';
    for (let i = 0; i < 13; i++) nested = `owner { ${nested} }`;
    const deep = await gateway.run(
      { query: `{ entity(ref: "component:svc-1") { ${nested} } }` },
      caller,
    );
    expect(deep.status).toBe(400);
    expect(body(deep).errors[0].extensions.code).toBe('QUERY_TOO_DEEP');

    const aliases = Array.from(
      { length: 60 },
      (_, i) =>
        `a${i}: viewer { owned(first: 200) { items { name owner { name } } } }`,
    ).join(' ');
    const costly = await gateway.run({ query: `{ ${aliases} }` }, caller);
    expect(body(costly).errors[0].extensions.code).toBe('QUERY_TOO_COSTLY');

    const bomb = [
      '{ viewer { user { ...F0 } } }',
      ...Array.from(
        { length: 11 },
        (_, i) =>
          `fragment F${i} on Entity { name ${
            i < 10
              ? `a: memberOf { ...F${i + 1} } b: memberOf { ...F${i + 1} }`
              : ''
          } }`,
      ),
    ].join('\n');
    const bombed = await gateway.run({ query: bomb }, caller);
    expect(body(bombed).errors[0].extensions.code).toBe('QUERY_TOO_COSTLY');

    const cyclic = await gateway.run(
      { query: '{ viewer { user { ...A } } } fragment A on Entity { ...A }' },
      caller,
    );
    expect(body(cyclic).errors[0].extensions.code).toBe(
      'GRAPHQL_VALIDATION_FAILED',
    );
    expect(byRefs).not.toHaveBeenCalled();
    expect(queryEntities).not.toHaveBeenCalled();
  });

  it('answers fragment chains of 30 and 40 fragments under an empty list within 200 ms, without reading the catalog', async () => {
    // Under a list that returns nothing, each fragment spreads the next twice, at the same level (so no depth
    // limit is near): 2^n paths once expanded. The hand-written walk this replaced followed every path (the
    // items of an empty list weigh nothing, so it never reached its cost limit): 30 fragments held the event
    // loop for minutes.
    const { gateway, byRefs, queryEntities } = makeGateway(org());
    const chain = (root: string, n: number) =>
      [
        root,
        ...Array.from(
          { length: n },
          (_, i) =>
            `fragment F${i} on Entity { name ${
              i < n - 1 ? `...F${i + 1} ...F${i + 1}` : ''
            } }`,
        ),
      ].join('\n');
    for (const root of [
      '{ entities(refs: []) { ...F0 } }',
      '{ viewer { owned(first: 0) { items { ...F0 } } } }',
    ]) {
      for (const n of [30, 40]) {
        const started = performance.now();
        const answer = await gateway.run({ query: chain(root, n) }, caller);
        const ms = performance.now() - started;
        expect(answer.status).toBe(400);
        expect(body(answer).errors[0].extensions.code).toBe('QUERY_TOO_COSTLY');
        expect(ms).toBeLessThan(200);
      }
    }
    expect(byRefs).not.toHaveBeenCalled();
    expect(queryEntities).not.toHaveBeenCalled();
  });

  it('refuses requests that are not GraphQL with a clear 400', async () => {
    const { gateway } = makeGateway(org());
    for (const request of [
      {},
      { query: 42 },
      { query: '{ viewer { userRef } }', variables: [1] },
      { query: '{ viewer { userRef } }', operationName: 7 },
      { query: 'x'.repeat(20001) },
    ]) {
      const answer = await gateway.run(request, caller);
      expect(answer.status).toBe(400);
      expect(body(answer).errors[0].extensions.code).toMatch(
        /BAD_REQUEST|QUERY_TOO_LONG/,
      );
    }
  });

  it('names errors in the request itself (an unknown operation, a variable of the wrong type) BAD_USER_INPUT, not an internal error', async () => {
    const { gateway } = makeGateway(org());
    for (const request of [
      { query: '{ viewer { userRef } }', operationName: 'nope' },
      {
        query: 'query Q($ref: String!) { entity(ref: $ref) { name } }',
        variables: { ref: 42 },
      },
      {
        query: 'query Q($ref: String!) { entity(ref: $ref) { name } }',
        variables: {},
      },
    ]) {
      const answer = await gateway.run(request, caller);
      const { errors } = body(answer);
      expect(errors).toHaveLength(1);
      expect(errors[0].extensions.code).toBe('BAD_USER_INPUT');
    }
  });

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
