import type { ComponentWorkloads } from '@atrium/plugin-compute-common';
import type { GatewayContext } from '@atrium/plugin-graphql-node';
import type { Entity } from '@backstage/catalog-model';
import { COMPUTE_MAX_AGE_SECONDS, computeSchema } from './schema';

const entity = (kind: string, name: string): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind,
  metadata: { name, namespace: 'default' },
  spec: {},
});

const workloads = (ref: string, ready: number): ComponentWorkloads =>
  ({
    entityRef: ref,
    clusters: [
      {
        cluster: { name: 'eu' },
        ok: true,
        apps: [
          {
            cluster: 'eu',
            namespace: 'team-a',
            name: ref.split('/')[1],
            status: { phase: 'Running', readyReplicas: ready },
            spec: { replicas: 2, tier: 'standard', version: '1.0.0' },
          },
        ],
      },
    ],
  } as any);

function context(): GatewayContext & { maxAges: number[] } {
  const maxAges: number[] = [];
  return {
    credentials: { principal: { userEntityRef: 'user:default/a' } } as any,
    ownershipEntityRefs: [],
    entities: {} as any,
    cache: {
      maxAge: (s: number) => maxAges.push(s),
      dependsOn: () => {},
      dependsOnOwned: () => {},
    } as any,
    maxAges,
  };
}

describe('Entity.compute in the gateway', () => {
  it('reads every component a query shows in one batched compute call, and nothing for other kinds', async () => {
    const calls: string[][] = [];
    const compute = {
      getComponentsWorkloads: jest.fn(async (refs: string[]) => {
        calls.push(refs);
        return refs.map(r =>
          r.endsWith('/gone') ? null : workloads(r, r.endsWith('/b') ? 1 : 2),
        );
      }),
    };
    const resolve = (computeSchema(compute).resolvers as any).Entity.compute;
    const ctx = context();
    const results = await Promise.all(
      [
        entity('Component', 'a'),
        entity('Component', 'b'),
        entity('Component', 'gone'),
        entity('Group', 'team-a'),
      ].map(e => resolve(e, {}, ctx)),
    );
    expect(calls).toEqual([
      ['component:default/a', 'component:default/b', 'component:default/gone'],
    ]);
    expect(results[0]).toMatchObject({
      apps: 1,
      readyReplicas: 2,
      healthy: true,
    });
    expect(results[1]).toMatchObject({
      apps: 1,
      readyReplicas: 1,
      healthy: false,
    });
    expect(results[2]).toBeNull();
    expect(results[3]).toBeNull();
    // Workloads change without the catalog knowing: the answer is kept briefly.
    expect(ctx.maxAges).toContain(COMPUTE_MAX_AGE_SECONDS);

    // Another request is another batch.
    await resolve(entity('Component', 'a'), {}, context());
    expect(calls).toHaveLength(2);
  });
});
