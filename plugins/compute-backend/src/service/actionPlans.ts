import { InputError, NotFoundError } from '@backstage/errors';
import {
  ANNOTATIONS,
  CHANGE_CAUSE_ANNOTATION,
  LIMITS,
  TAG_PATTERN,
  UNDEPLOYED_VERSION,
  formatChangeCause,
  type App,
  type ChangeCause,
  type DeployRequest,
  type RestartRequest,
  type RollbackRequest,
  type Scaler,
  type ScaleRequest,
  type ScalerRequest,
} from '@atrium/plugin-compute-common';
import type { KubeCluster } from '../cluster/KubeCluster';
import type { ImageRegistry } from './imageRegistry';
import { scalerFor } from './ownership';
import { scalerBounds } from '../request/scalerBounds';
import { checkQuota } from './quota';
import { checkResourceVersion, quotedValue, wholeNumber } from './validation';

export type Changes = {
  before: Record<string, unknown>;
  after: Record<string, unknown>;
};

/** What an action will write, and the fields it changes (for the audit). */
export interface Planned {
  write: App | Scaler;
  changes: Changes;
}

/** One owner action on an App: the resourceVersion the caller saw, and the change, validated (400) against the App. */
export interface ActionPlan {
  /** The App's resourceVersion the caller saw (the Scaler's is checked in the change itself). */
  resourceVersion: string | undefined;
  change(ctx: {
    app: App;
    cluster: KubeCluster;
    registry: ImageRegistry;
    /**
     * Only asking whether approval would be needed (an action's `/check`): the resourceVersions the caller saw are
     * not compared, since the answer does not depend on them and an App's status moves them during a rollout.
     */
    checkOnly?: boolean;
  }): Promise<Planned>;
}

/** The actions that change an existing App, by the name of their route. */
export type AppAction = 'scale' | 'scaler' | 'restart' | 'deploy' | 'rollback';
export const APP_ACTIONS: readonly AppAction[] = [
  'scale',
  'scaler',
  'restart',
  'deploy',
  'rollback',
];

/** Each action's plan, from its request body (validated by the plan itself). */
export const ACTION_PLANS: Record<AppAction, (body: any) => ActionPlan> = {
  scale: (body: ScaleRequest): ActionPlan => ({
    resourceVersion: body.resourceVersion,
    change: async ({ app, cluster }) => {
      const replicas = wholeNumber(
        body.replicas,
        'replicas',
        0,
        LIMITS.maxReplicas,
      );
      if (app.spec.version === UNDEPLOYED_VERSION && replicas > 0) {
        throw new InputError(
          `${app.metadata.name} has no version deployed yet; deploy a tag first (its first deploy gives it its replicas)`,
        );
      }
      const scaler = await findScaler(cluster, app);
      if (
        scaler &&
        (replicas < scaler.spec.minReplicas ||
          replicas > scaler.spec.maxReplicas)
      ) {
        throw new InputError(
          `Scaler ${scaler.metadata.name} keeps ${app.metadata.name} between ${scaler.spec.minReplicas} and ${scaler.spec.maxReplicas} replicas; change its bounds instead`,
        );
      }
      await checkQuota(cluster, app, replicas);
      const before = { replicas: app.spec.replicas };
      app.spec.replicas = replicas;
      return { write: app, changes: { before, after: { replicas } } };
    },
  }),

  scaler: (body: ScalerRequest): ActionPlan => ({
    resourceVersion: undefined,
    change: async ({ app, cluster, checkOnly }) => {
      const scaler = await findScaler(cluster, app);
      if (!scaler) {
        throw new NotFoundError(`No Scaler targets ${app.metadata.name}`);
      }
      if (!checkOnly) {
        checkResourceVersion(
          scaler.metadata.resourceVersion,
          body.resourceVersion,
          `Scaler ${scaler.metadata.name}`,
        );
      }
      const { minReplicas: min, maxReplicas: max } = scalerBounds(body, '');
      if (min > app.spec.replicas) await checkQuota(cluster, app, min);
      const before = {
        minReplicas: scaler.spec.minReplicas,
        maxReplicas: scaler.spec.maxReplicas,
      };
      scaler.spec.minReplicas = min;
      scaler.spec.maxReplicas = max;
      return {
        write: scaler,
        changes: { before, after: { minReplicas: min, maxReplicas: max } },
      };
    },
  }),

  restart: (body: RestartRequest): ActionPlan => ({
    resourceVersion: body.resourceVersion,
    change: async ({ app }) => {
      const restartedAt = new Date().toISOString();
      const before = { restartedAt: app.spec.restartedAt ?? null };
      app.spec.restartedAt = restartedAt;
      setChangeCause(app, { kind: 'restart' });
      return { write: app, changes: { before, after: { restartedAt } } };
    },
  }),

  deploy: (body: DeployRequest): ActionPlan => ({
    resourceVersion: body.resourceVersion,
    change: async ({ app, cluster, registry }) => {
      const version = body.version;
      if (typeof version !== 'string' || !TAG_PATTERN.test(version)) {
        throw new InputError(
          `${quotedValue(version, 130)} is not an image tag`,
        );
      }
      if (version === app.spec.version) {
        throw new InputError(`${app.metadata.name} already runs ${version}`);
      }
      if (!(await registry.hasTag(app.spec.image, version))) {
        throw new InputError(
          `${app.spec.image} has no tag ${version} in the registry`,
        );
      }
      const before: Record<string, unknown> = { version: app.spec.version };
      const after: Record<string, unknown> = { version };
      // The first deploy of an App created without a tag also gives it the replicas it was created for.
      const waiting =
        app.metadata.annotations?.[ANNOTATIONS.firstDeployReplicas];
      if (waiting !== undefined) {
        const replicas = Math.max(app.spec.replicas, Number(waiting) || 0);
        await checkQuota(cluster, app, replicas);
        before.replicas = app.spec.replicas;
        after.replicas = replicas;
        app.spec.replicas = replicas;
        delete app.metadata.annotations![ANNOTATIONS.firstDeployReplicas];
      }
      app.spec.version = version;
      setChangeCause(app, { kind: 'deploy', version });
      return { write: app, changes: { before, after } };
    },
  }),

  rollback: (body: RollbackRequest): ActionPlan => ({
    resourceVersion: body.resourceVersion,
    change: async ({ app }) => {
      const revision = wholeNumber(
        body.revision,
        'revision',
        1,
        Number.MAX_SAFE_INTEGER,
      );
      const target = app.status?.revisions?.find(r => r.revision === revision);
      if (!target) {
        throw new InputError(
          `${app.metadata.name} has no revision ${revision} in its history`,
        );
      }
      if (revision === app.status?.currentRevision) {
        throw new InputError(`Revision ${revision} is the one running`);
      }
      if (target.version === UNDEPLOYED_VERSION) {
        throw new InputError(
          `Revision ${revision} deployed nothing (the App was created without a tag); roll back to a deployed one`,
        );
      }
      const before = { version: app.spec.version, image: app.spec.image };
      app.spec.version = target.version;
      app.spec.image = target.image;
      setChangeCause(app, { kind: 'rollback', revision });
      return {
        write: app,
        changes: {
          before,
          after: { version: target.version, image: target.image, revision },
        },
      };
    },
  }),
};

/**
 * Tells the cluster (and later readers of the revision history) why the next revision exists, in the one
 * format that readers parse back with `parseChangeCause`.
 */
function setChangeCause(app: App, cause: ChangeCause) {
  app.metadata.annotations = {
    ...app.metadata.annotations,
    [CHANGE_CAUSE_ANNOTATION]: formatChangeCause(cause),
  };
}

export async function findScaler(cluster: KubeCluster, app: App) {
  const scalers = await cluster.list('scalers', {
    namespace: app.metadata.namespace,
  });
  return scalerFor(scalers, app);
}
