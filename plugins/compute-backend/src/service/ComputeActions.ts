import type {
  LoggerService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { InputError, NotFoundError } from '@backstage/errors';
import {
  ANNOTATIONS,
  CHANGE_CAUSE_ANNOTATION,
  LIMITS,
  TAG_PATTERN,
  UNDEPLOYED_VERSION,
  formatChangeCause,
  type ActionResponse,
  type App,
  type AppRef,
  type ChangeCause,
  type ComputeActionType,
  type DeployRequest,
  type RestartRequest,
  type RollbackRequest,
  type Scaler,
  type ScaleRequest,
  type ScalerRequest,
} from '@atrium/plugin-compute-common';
import type { ComputeAuditStore } from '../audit/ComputeAuditStore';
import type { ClusterSet } from '../cluster/ClusterSet';
import type { KubeCluster } from '../cluster/KubeCluster';
import type { ComputeReader } from './ComputeReader';
import type { ComputeSignals } from './ComputeSignals';
import type { ImageRegistry } from './imageRegistry';
import { authorizeOwnerAction, type Credentials } from './ownerCheck';
import { scalerFor } from './ownership';
import { checkQuota } from './quota';
import { checkResourceVersion, wholeNumber } from './validation';

export type { ImageRegistry } from './imageRegistry';

type Changes = {
  before: Record<string, unknown>;
  after: Record<string, unknown>;
};

/**
 * An owner's actions on an App. Each one, in this order:
 * 1. finds the App and the catalog Component its label names;
 * 2. asks the permission framework for `atrium.entity.operate` on that Component (owning team or admin);
 * 3. checks the caller saw the current resourceVersion, and validates the change (quota, tag, revision);
 * 4. writes the App (or Scaler) with that resourceVersion, so a concurrent change gives 409;
 * 5. records who, what, before and after, and the result, whatever happened after step 1;
 * 6. once applied and recorded, announces it on the component's signal channel (ComputeSignals).
 */
export class ComputeActions {
  constructor(
    private readonly deps: {
      clusters: ClusterSet;
      reader: ComputeReader;
      permissions: PermissionsService;
      audit: ComputeAuditStore;
      registry: ImageRegistry;
      signals: ComputeSignals;
      logger: LoggerService;
    },
  ) {}

  scale(ref: AppRef, body: ScaleRequest, credentials: Credentials) {
    return this.act(
      'scale',
      ref,
      body.resourceVersion,
      credentials,
      async ({ app, cluster }) => {
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
    );
  }

  setScalerBounds(ref: AppRef, body: ScalerRequest, credentials: Credentials) {
    return this.act(
      'scaler',
      ref,
      undefined,
      credentials,
      async ({ app, cluster }) => {
        const scaler = await findScaler(cluster, app);
        if (!scaler) {
          throw new NotFoundError(`No Scaler targets ${app.metadata.name}`);
        }
        checkResourceVersion(
          scaler.metadata.resourceVersion,
          body.resourceVersion,
          `Scaler ${scaler.metadata.name}`,
        );
        const min = wholeNumber(
          body.minReplicas,
          'minReplicas',
          1,
          LIMITS.maxReplicas,
        );
        const max = wholeNumber(
          body.maxReplicas,
          'maxReplicas',
          1,
          LIMITS.maxReplicas,
        );
        if (min > max) {
          throw new InputError(
            `minReplicas (${min}) is above maxReplicas (${max})`,
          );
        }
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
    );
  }

  restart(ref: AppRef, body: RestartRequest, credentials: Credentials) {
    return this.act(
      'restart',
      ref,
      body.resourceVersion,
      credentials,
      async ({ app }) => {
        const restartedAt = new Date().toISOString();
        const before = { restartedAt: app.spec.restartedAt ?? null };
        app.spec.restartedAt = restartedAt;
        setChangeCause(app, { kind: 'restart' });
        return { write: app, changes: { before, after: { restartedAt } } };
      },
    );
  }

  deploy(ref: AppRef, body: DeployRequest, credentials: Credentials) {
    return this.act(
      'deploy',
      ref,
      body.resourceVersion,
      credentials,
      async ({ app, cluster }) => {
        const version = body.version;
        if (typeof version !== 'string' || !TAG_PATTERN.test(version)) {
          throw new InputError(
            `${JSON.stringify(
              String(version).slice(0, 130),
            )} is not an image tag`,
          );
        }
        if (version === app.spec.version) {
          throw new InputError(`${app.metadata.name} already runs ${version}`);
        }
        if (!(await this.deps.registry.hasTag(app.spec.image, version))) {
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
    );
  }

  rollback(ref: AppRef, body: RollbackRequest, credentials: Credentials) {
    return this.act(
      'rollback',
      ref,
      body.resourceVersion,
      credentials,
      async ({ app }) => {
        const revision = wholeNumber(
          body.revision,
          'revision',
          1,
          Number.MAX_SAFE_INTEGER,
        );
        const target = app.status?.revisions?.find(
          r => r.revision === revision,
        );
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
    );
  }

  private async act(
    action: ComputeActionType,
    ref: AppRef,
    resourceVersion: string | undefined,
    credentials: Credentials,
    change: (ctx: {
      app: App;
      cluster: KubeCluster;
    }) => Promise<{ write: App | Scaler; changes: Changes }>,
  ): Promise<ActionResponse> {
    const { cluster, app, entity, base } = await authorizeOwnerAction(
      this.deps,
      action,
      ref,
      credentials,
    );
    const { actor } = base;
    let planned: { write: App | Scaler; changes: Changes };
    try {
      if (resourceVersion !== undefined || action !== 'scaler') {
        checkResourceVersion(
          app.metadata.resourceVersion,
          resourceVersion,
          `App ${ref.name}`,
        );
      }
      planned = await change({ app, cluster });
    } catch (error) {
      await this.deps.audit.record({
        ...base,
        result: 'failed',
        message: (error as Error).message,
      });
      throw error;
    }
    // Recorded before the cluster is written, then settled: a change the audit cannot record is not made (the
    // database down refuses the action), and one made while the database went away stays on record as started.
    const { changes } = planned;
    const started = await this.deps.audit.record({
      ...base,
      ...changes,
      result: 'started',
    });
    try {
      if (planned.write.kind === 'App') {
        await cluster.replace('apps', planned.write as App);
      } else {
        await cluster.replace('scalers', planned.write as Scaler);
      }
    } catch (error) {
      await this.deps.audit.settle(started, 'failed', (error as Error).message);
      throw error;
    }
    const record = await this.deps.audit.settle(started, 'succeeded');
    this.deps.logger.info(
      `${actor} ${action} ${cluster.name}/${ref.namespace}/${
        ref.name
      }: ${JSON.stringify(changes)}`,
    );
    try {
      const fresh = await cluster.get('apps', ref.namespace, ref.name);
      return {
        record,
        app: await this.deps.reader.view(cluster, fresh, true),
      };
    } finally {
      // After the view, which waits for this replica's cache to hold the write, so that a page refetching on the
      // signal here reads the change; and even when that read fails, since the action is applied.
      await this.deps.signals.actionApplied(record, entity);
    }
  }
}

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

async function findScaler(cluster: KubeCluster, app: App) {
  const scalers = await cluster.list('scalers', {
    namespace: app.metadata.namespace,
  });
  return scalerFor(scalers, app);
}
