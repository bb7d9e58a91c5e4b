import { mockServices } from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import type { GraphqlSchemaContribution } from '@atrium/plugin-graphql-node';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { ResponseCache } from '../cache/ResponseCache';
import { CatalogVersions } from '../cache/versions';
import { DEFAULT_LIMITS, type GatewayLimits } from '../config';
import { Gateway } from '../Gateway';
import { coreSchema } from '../schema/core';

/** Teams in the test org, each with one member and one component. */
export const TEAMS = 30;

/** The test org: TEAMS teams under `eng`, each with a user and a service (svc-0 described by `description`). */
export function org(description = 'v1'): Entity[] {
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

/** u0, a member of team-0, as the gateway gets them. */
export const caller = {
  credentials: {
    $$type: '@backstage/BackstageCredentials' as const,
    principal: { type: 'user' as const, userEntityRef: 'user:default/u0' },
  },
  ownershipEntityRefs: ['user:default/u0', 'group:default/team-0'],
};

/**
 * A gateway over Backstage's in-memory catalog mock (named so; the real catalog with its permissions is in
 * tests/graphql.test.ts), its catalog calls counted, with a response cache on a shared store if asked.
 */
export function makeGateway(
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
      limits: { ...DEFAULT_LIMITS, ...shared.limits },
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

/** The JSON of an answer. */
export const body = (answer: { body: string }) => JSON.parse(answer.body);
