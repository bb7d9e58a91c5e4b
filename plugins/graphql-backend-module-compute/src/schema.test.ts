import type { ComponentWorkloads } from '@atrium/plugin-compute-common';
import type { GatewayContext } from '@atrium/plugin-graphql-node';
import type { Entity } from '@backstage/catalog-model';
import {
  COMPUTE_MAX_AGE_SECONDS,
  computeSchema,
  revisionKind,
  summarize,
} from './schema';

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
    headers: {},
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

describe('recent rollouts of a component', () => {
  it('lists the revisions of all its Apps in every cluster that answered, newest first', () => {
    const app = (name: string, revisions: object[]) => ({
      cluster: 'x',
      namespace: 'team-a',
      name,
      spec: { replicas: 1 },
      status: { phase: 'Running', readyReplicas: 1, revisions },
    });
    const summary = summarize({
      entityRef: 'component:default/a',
      clusters: [
        {
          cluster: { name: 'eu' },
          ok: true,
          apps: [
            app('a', [
              {
                revision: 1,
                version: '1.0.0',
                image: 'r/a:1.0.0',
                createdAt: '2026-11-20T10:00:00Z',
                changeCause: 'deploy 1.0.0',
              },
              {
                revision: 2,
                version: '1.1.0',
                image: 'r/a:1.1.0',
                createdAt: '2026-11-27T10:00:00Z',
                changeCause: 'deploy 1.1.0',
              },
              {
                revision: 3,
                version: '1.0.0',
                image: 'r/a:1.0.0',
                createdAt: '2026-11-28T09:00:00Z',
                changeCause: 'rollback to 1',
              },
            ]),
          ],
        },
        {
          cluster: { name: 'us' },
          ok: true,
          apps: [
            app('a', [
              {
                revision: 7,
                version: '1.1.0',
                image: 'r/a:1.1.0',
                createdAt: '2026-11-28T08:00:00Z',
                changeCause: 'restart',
              },
            ]),
          ],
        },
        {
          cluster: { name: 'down' },
          ok: false,
          error: { reason: 'Timeout', message: 'slow' },
        },
      ],
    } as any);
    const resolve = (computeSchema({} as any).resolvers as any).ComputeSummary
      .recentRevisions;
    expect(
      resolve(summary, { first: 3 }).map((r: any) => [r.id, r.kind]),
    ).toEqual([
      ['eu/team-a/a#3', 'rollback'],
      ['us/team-a/a#7', 'restart'],
      ['eu/team-a/a#2', 'deploy'],
    ]);
    expect(resolve(summary, {})).toHaveLength(4);
    expect(revisionKind(undefined)).toBe('other');
  });
});

describe("another team's Apps named by a component", () => {
  it('are not counted in its brief, and are listed as left out with the reason', () => {
    const reason =
      "namespace team-payments belongs to group:default/team-payments, not to this component's owner group:default/team-fleet";
    const summary = summarize({
      ...workloads('component:default/fleet-gateway', 2),
      excluded: [
        {
          cluster: 'eu',
          namespace: 'team-payments',
          name: 'payments-gateway',
          reason,
        },
      ],
    });
    expect(summary.apps).toBe(1);
    expect(summary.clusters[0].apps.map(a => a.name)).toEqual([
      'fleet-gateway',
    ]);
    expect(summary.excluded).toEqual([
      {
        id: 'eu/team-payments/payments-gateway',
        cluster: 'eu',
        namespace: 'team-payments',
        name: 'payments-gateway',
        reason,
      },
    ]);
  });
});
