import {
  parseChangeCause,
  type AppView,
  type ComponentWorkloads,
} from '@atrium/plugin-compute-common';
import type { ComputeService } from '@atrium/plugin-compute-node';
import type {
  GatewayContext,
  GraphqlSchemaContribution,
} from '@atrium/plugin-graphql-node';
import { stringifyEntityRef, type Entity } from '@backstage/catalog-model';
import DataLoader from 'dataloader';

/** Workloads change without the catalog knowing: an answer that shows them is kept this long at most. */
export const COMPUTE_MAX_AGE_SECONDS = 10;

const typeDefs = /* GraphQL */ `
  extend type Entity {
    "Components: their Apps across the clusters, in brief. Null for other kinds."
    compute: ComputeSummary
  }

  type ComputeSummary {
    "Apps across every cluster that answered."
    apps: Int!
    desiredReplicas: Int!
    readyReplicas: Int!
    "Every App that answered is Running with all its replicas ready, and every cluster answered."
    healthy: Boolean!
    clusters: [ComputeClusterSummary!]!
    "Apps its annotation or their own label name but left out: their namespace is not the component's owner's."
    excluded: [ComputeExcludedApp!]!
  }

  "An App left out of a component, and why (the rule the compute actions use)."
  type ComputeExcludedApp {
    "cluster/namespace/name"
    id: ID!
    cluster: String!
    namespace: String!
    name: String!
    reason: String!
  }

  extend type ComputeSummary {
    "The newest rollouts of the component's Apps across clusters (deploys, rollbacks, restarts), newest first."
    recentRevisions(first: Int = 5): [ComputeRevision!]!
  }

  "One rollout of an App: a revision the platform made."
  type ComputeRevision {
    "cluster/namespace/app#revision"
    id: ID!
    cluster: String!
    namespace: String!
    app: String!
    revision: Int!
    version: String!
    image: String!
    "ISO 8601."
    createdAt: String!
    "Why it was made, as the platform recorded it: deploy, restart, rollback to N."
    changeCause: String
    "deploy, rollback, restart or other, from the change cause."
    kind: String!
  }

  type ComputeClusterSummary {
    name: String!
    region: String
    ok: Boolean!
    "Why this cluster's part is missing (Timeout, Unreachable, Unauthorized, Forbidden, Error)."
    errorReason: String
    apps: [ComputeAppSummary!]!
  }

  type ComputeAppSummary {
    "cluster/namespace/name"
    id: ID!
    cluster: String!
    namespace: String!
    name: String!
    "Pending, Progressing, Running, Degraded or Failed."
    phase: String
    version: String
    tier: String
    replicas: Int!
    readyReplicas: Int!
  }
`;

function appSummary(cluster: string, app: AppView) {
  return {
    id: `${cluster}/${app.namespace}/${app.name}`,
    cluster,
    namespace: app.namespace,
    name: app.name,
    phase: app.status.phase ?? null,
    version: app.spec.version ?? null,
    tier: app.spec.tier ?? null,
    replicas: app.spec.replicas ?? 0,
    readyReplicas: app.status.readyReplicas ?? 0,
  };
}

/** What a revision's change cause says it was: deploy, rollback, restart or other. */
export function revisionKind(changeCause?: string): string {
  return parseChangeCause(changeCause).kind;
}

/** Every revision of the component's Apps in the clusters that answered, newest first. */
function revisionsOf(workloads: ComponentWorkloads) {
  return workloads.clusters
    .flatMap(c =>
      c.ok
        ? c.apps.flatMap(app =>
            (app.status.revisions ?? []).map(r => ({
              id: `${c.cluster.name}/${app.namespace}/${app.name}#${r.revision}`,
              cluster: c.cluster.name,
              namespace: app.namespace,
              app: app.name,
              revision: r.revision,
              version: r.version,
              image: r.image,
              createdAt: r.createdAt,
              changeCause: r.changeCause ?? null,
              kind: revisionKind(r.changeCause),
            })),
          )
        : [],
    )
    .sort(
      (a, b) =>
        Date.parse(b.createdAt) - Date.parse(a.createdAt) ||
        b.revision - a.revision,
    );
}

/** The brief of a component's workloads that Home and the overview show. */
export function summarize(workloads: ComponentWorkloads) {
  const clusters = workloads.clusters.map(c =>
    c.ok
      ? {
          name: c.cluster.name,
          region: c.cluster.region ?? null,
          ok: true,
          errorReason: null,
          apps: c.apps.map(a => appSummary(c.cluster.name, a)),
        }
      : {
          name: c.cluster.name,
          region: c.cluster.region ?? null,
          ok: false,
          errorReason: c.error.reason,
          apps: [],
        },
  );
  const apps = clusters.flatMap(c => c.apps);
  return {
    revisions: revisionsOf(workloads),
    apps: apps.length,
    desiredReplicas: apps.reduce((n, a) => n + a.replicas, 0),
    readyReplicas: apps.reduce((n, a) => n + a.readyReplicas, 0),
    healthy:
      clusters.every(c => c.ok) &&
      apps.every(a => a.phase === 'Running' && a.readyReplicas >= a.replicas),
    clusters,
    excluded: (workloads.excluded ?? []).map(e => ({
      id: `${e.cluster}/${e.namespace}/${e.name}`,
      ...e,
    })),
  };
}

/** Most components per batched compute read (the compute backend's own limit). */
const COMPUTE_BATCH = 100;

/**
 * One loader per gateway request: every `Entity.compute` a query asks for (Home's services, a list of
 * components) is read in one batch, one read of Apps per cluster for all of them.
 */
const loaders = new WeakMap<
  GatewayContext,
  DataLoader<string, ComponentWorkloads | null>
>();

function loaderFor(
  compute: Pick<ComputeService, 'getComponentsWorkloads'>,
  ctx: GatewayContext,
) {
  let loader = loaders.get(ctx);
  if (!loader) {
    loader = new DataLoader(
      refs =>
        compute.getComponentsWorkloads([...refs], {
          credentials: ctx.credentials,
        }),
      { maxBatchSize: COMPUTE_BATCH },
    );
    loaders.set(ctx, loader);
  }
  return loader;
}

export function computeSchema(
  compute: Pick<ComputeService, 'getComponentsWorkloads'>,
): GraphqlSchemaContribution {
  return {
    typeDefs,
    listSizes: {
      'ComputeSummary.recentRevisions': 50,
      'ComputeSummary.clusters': 10,
      'ComputeClusterSummary.apps': 20,
      'ComputeSummary.excluded': 20,
    },
    resolvers: {
      ComputeSummary: {
        recentRevisions: (
          summary: ReturnType<typeof summarize>,
          args: { first?: number },
        ) =>
          summary.revisions.slice(
            0,
            Math.max(0, Math.min(args.first ?? 5, 50)),
          ),
      },
      Entity: {
        compute: async (entity: Entity, _: unknown, ctx: GatewayContext) => {
          if (entity.kind.toLocaleLowerCase('en-US') !== 'component') {
            return null;
          }
          ctx.cache.maxAge(COMPUTE_MAX_AGE_SECONDS);
          // Null: gone from the catalog between the entity's read and this one, so nothing to show.
          const workloads = await loaderFor(compute, ctx).load(
            stringifyEntityRef(entity).toLocaleLowerCase('en-US'),
          );
          return workloads ? summarize(workloads) : null;
        },
      },
    },
  };
}
