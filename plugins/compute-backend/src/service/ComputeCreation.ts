import { stringifyEntityRef, type Entity } from '@backstage/catalog-model';
import {
  ConflictError,
  InputError,
  NotAllowedError,
  NotFoundError,
} from '@backstage/errors';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import type { CallerCatalog } from '@atrium/plugin-catalog-reads-node';
import {
  LABELS,
  type App,
  type ApprovalCheck,
  type ComputeAuditRecord,
  type CreateAppOutcome,
  type CreateAppResponse,
  type CreatedObject,
  type Scaler,
} from '@atrium/plugin-compute-common';
import type { ActionMode, ApprovalGate } from '../approvals/ApprovalGate';
import { gateCreation } from '../approvals/creationGate';
import type { KubeCluster } from '../cluster/KubeCluster';
import { computeAppCreatePermission } from '../permissions';
import {
  parseCreateRequest,
  type CreatePlan,
} from '../request/createAppRequest';
import { manifestsOf } from './manifests';
import type { Credentials, OwnerActionDeps } from './ownerCheck';
import { ownerTeam } from './ownership';
import { checkQuota } from './quota';
import { checkNames } from './targets';
import type { ComputeCreationService, ImageRegistry } from '../types';

/** What is created in one cluster. */
interface Target {
  cluster: KubeCluster;
  namespace: string;
  app: App;
  scaler?: Scaler;
}

/**
 * Self-service creation of an App (and its Scaler) for a team, on the clusters the caller chooses, in the team's
 * namespace on each. In this order:
 * 1. checks the request (400 with what is wrong);
 * 2. asks the permission framework for `compute.app.create` on the team's Group (its members, directly or
 *    through a child team, and platform admins; 403 otherwise, audited as denied);
 * 3. on every chosen cluster, before anything is written: the team's namespace, no App or Scaler of that name
 *    (409), the tier's quota for the replicas (400 naming tier, cluster, resource, requested and free);
 * 4. a dry run stops here and answers the objects it would create;
 * 5. records a `started` audit line per cluster, then creates the App and Scaler cluster by cluster; when a
 *    write fails, deletes what it created on the clusters before and answers the error; settles the records.
 */
export class ComputeCreation implements ComputeCreationService {
  constructor(
    private readonly deps: OwnerActionDeps & {
      catalog: Pick<CallerCatalog, 'getEntityByRef'>;
      registry: ImageRegistry;
      /** Approvals; without it every creation happens at once. */
      approvals?: ApprovalGate;
    },
  ) {}

  /** Whether the caller may create Apps for the team `group:default/<team>` (and so undo them). */
  async mayCreateFor(teamRef: string, credentials: Credentials) {
    const [decision] = await this.deps.permissions.authorize(
      [{ permission: computeAppCreatePermission, resourceRef: teamRef }],
      { credentials },
    );
    return decision.result === AuthorizeResult.ALLOW;
  }

  /** Creates at once (a direct call, or an approved request being applied). */
  async create(
    teamName: { namespace: string; name: string },
    body: unknown,
    credentials: Credentials,
  ): Promise<CreateAppResponse> {
    return (await this.run(
      teamName,
      body,
      credentials,
      'apply',
    )) as CreateAppResponse;
  }

  /** Creates, or stores a request for approval when a rule asks for one (a dry run never does). */
  async perform(
    teamName: { namespace: string; name: string },
    body: unknown,
    credentials: Credentials,
  ): Promise<CreateAppOutcome> {
    return (await this.run(
      teamName,
      body,
      credentials,
      'gated',
    )) as CreateAppOutcome;
  }

  /** Whether creating this App would need approval, and why; writes nothing. */
  async checkApproval(
    teamName: { namespace: string; name: string },
    body: unknown,
    credentials: Credentials,
  ): Promise<ApprovalCheck> {
    return (await this.run(
      teamName,
      body,
      credentials,
      'check',
    )) as ApprovalCheck;
  }

  private async run(
    teamName: { namespace: string; name: string },
    body: unknown,
    credentials: Credentials,
    mode: ActionMode,
  ): Promise<CreateAppOutcome | ApprovalCheck> {
    checkNames(teamName.namespace, teamName.name);
    const plan = parseCreateRequest(
      body,
      this.deps.clusters.clusters.map(c => c.name),
    );
    const team = await this.team(teamName, credentials);
    const teamRef = stringifyEntityRef(team);
    const actor = credentials.principal.userEntityRef;
    const base = {
      actor,
      action: 'create' as const,
      entityRef: plan.componentRef,
      app: plan.name,
    };
    if (!(await this.mayCreateFor(teamRef, credentials))) {
      const message = `${actor} may not create Apps for ${teamRef}: only its members and platform admins may`;
      if (!plan.dryRun && mode !== 'check') {
        for (const cluster of plan.clusters) {
          await this.deps.audit.record({
            ...base,
            cluster,
            namespace: team.metadata.name,
            result: 'denied',
            message,
          });
        }
      }
      throw new NotAllowedError(message);
    }
    const component = await this.deps.catalog.getEntityByRef(
      plan.componentRef,
      credentials,
      { fresh: true },
    );
    const owner = ownerTeam(component);
    if (component && owner !== team.metadata.name) {
      throw new InputError(
        `${plan.componentRef} is owned by ${
          owner ?? 'no group'
        }, not by ${teamRef}; an App runs its owning team's component`,
      );
    }
    if (plan.tag && !(await this.deps.registry.hasTag(plan.image, plan.tag))) {
      throw new InputError(
        `${plan.image} has no tag ${plan.tag} in the registry`,
      );
    }
    // Every cluster is checked before any is written: over quota or taken on one means nothing anywhere.
    const targets: Target[] = [];
    for (const name of plan.clusters) {
      targets.push(await this.check(plan, this.deps.clusters.get(name), team));
    }
    const gated = await gateCreation(this.deps.approvals, mode, plan, {
      body,
      teamRef,
      namespace: team.metadata.name,
      actor,
      credentials,
    });
    if (gated) return gated;
    if (plan.dryRun) {
      this.deps.logger.info(
        `${actor} dry run: create ${
          plan.name
        } for ${teamRef} on ${plan.clusters.join(', ')}`,
      );
      return {
        dryRun: true,
        apps: targets.map(t => created(t.cluster, t.app)),
        scalers: targets.flatMap(t =>
          t.scaler ? [created(t.cluster, t.scaler)] : [],
        ),
        manifests: targets.flatMap(t =>
          t.scaler ? [t.app, t.scaler] : [t.app],
        ),
      };
    }
    return this.write(plan, targets, base, component);
  }

  private async write(
    plan: CreatePlan,
    targets: Target[],
    base: { actor: string; action: 'create'; entityRef: string; app: string },
    component: Entity | undefined,
  ): Promise<CreateAppResponse> {
    const after = {
      image: plan.image,
      version: targets[0].app.spec.version,
      replicas: plan.replicas,
      tier: plan.tier,
      cpu: plan.resources.cpu,
      memory: plan.resources.memory,
      ...(plan.scaler ?? {}),
    };
    // Audit first: a creation the audit cannot record is not made.
    const records: ComputeAuditRecord[] = [];
    for (const t of targets) {
      records.push(
        await this.deps.audit.record({
          ...base,
          cluster: t.cluster.name,
          namespace: t.namespace,
          before: {},
          after,
          result: 'started',
        }),
      );
    }
    const apps: CreatedObject[] = [];
    const scalers: CreatedObject[] = [];
    const done: Target[] = [];
    let current: Target | undefined;
    try {
      for (const t of targets) {
        current = t;
        const app = await t.cluster.create('apps', t.app);
        apps.push(created(t.cluster, app));
        done.push(t);
        if (t.scaler) {
          const scaler = await t.cluster.create('scalers', t.scaler);
          scalers.push(created(t.cluster, scaler));
        }
      }
    } catch (error) {
      const message = (error as Error).message;
      const undone = await this.undo(done);
      for (const [i, t] of targets.entries()) {
        const why =
          t === current
            ? message
            : `not created: creating it in ${
                current?.cluster.name
              } failed (${message})${
                done.includes(t) ? `; ${undone.get(t) ?? 'undone'}` : ''
              }`;
        await this.deps.audit.settle(records[i], 'failed', why);
      }
      throw error;
    }
    for (const record of records) {
      const settled = await this.deps.audit.settle(record, 'succeeded');
      await this.deps.signals.actionApplied(settled, component);
    }
    this.deps.logger.info(
      `${base.actor} created ${plan.name} (${
        plan.componentRef
      }) on ${plan.clusters.join(', ')}`,
    );
    return { dryRun: false, apps, scalers };
  }

  /** Deletes what a failed creation made (Scaler, then App), and says per cluster how that went. */
  private async undo(done: Target[]) {
    const outcome = new Map<Target, string>();
    for (const t of done.reverse()) {
      const steps: Array<['apps' | 'scalers', string]> = [
        ['scalers', t.app.metadata.name],
        ['apps', t.app.metadata.name],
      ];
      const left: string[] = [];
      for (const [plural, name] of steps) {
        if (plural === 'scalers' && !t.scaler) continue;
        try {
          await t.cluster.delete(plural, t.namespace, name);
        } catch (error) {
          if (!(error instanceof NotFoundError)) {
            left.push(`${plural} ${name}: ${(error as Error).message}`);
          }
        }
      }
      if (left.length) {
        this.deps.logger.error(
          `Could not undo the creation of ${t.app.metadata.name} in ${
            t.cluster.name
          }/${t.namespace}: ${left.join('; ')}`,
        );
      }
      outcome.set(
        t,
        left.length ? `undoing it left ${left.join('; ')}` : 'deleted again',
      );
    }
    return outcome;
  }

  /** One cluster's part, checked: the team's namespace, the name free, the quota. */
  private async check(
    plan: CreatePlan,
    cluster: KubeCluster,
    team: Entity,
  ): Promise<Target> {
    const teamName = team.metadata.name;
    const namespaces = (
      await cluster.listNamespaces(`${LABELS.team}=${teamName}`)
    )
      .map(ns => ns.metadata!.name!)
      .sort();
    // The team's namespace is the one named after it; a team with several and none so named gets the first.
    const namespace = namespaces.includes(teamName) ? teamName : namespaces[0];
    if (!namespace) {
      throw new InputError(
        `${stringifyEntityRef(team)} has no namespace in cluster ${
          cluster.name
        } (none has the ${LABELS.team}=${teamName} label)`,
      );
    }
    for (const plural of ['apps', 'scalers'] as const) {
      const existing = await cluster
        .get(plural, namespace, plan.name)
        .catch(error => {
          if (error instanceof NotFoundError) return undefined;
          throw error;
        });
      if (existing) {
        throw new ConflictError(
          `${plural === 'apps' ? 'An App' : 'A Scaler'} named ${
            plan.name
          } already exists in ${namespace} on cluster ${cluster.name}`,
        );
      }
    }
    const { app, scaler } = manifestsOf(plan, namespace, teamName);
    const replicas = Math.max(plan.replicas, plan.scaler?.minReplicas ?? 0);
    await checkQuota(
      cluster,
      { ...app, spec: { ...app.spec, replicas: 0 } },
      replicas,
    );
    return { cluster, namespace, app, scaler };
  }

  private async team(
    ref: { namespace: string; name: string },
    credentials: Credentials,
  ): Promise<Entity> {
    const entity = await this.deps.catalog.getEntityByRef(
      stringifyEntityRef({ kind: 'group', ...ref }),
      credentials,
      { fresh: true },
    );
    if (!entity) {
      throw new NotFoundError(
        `No group ${ref.namespace}/${ref.name} in the catalog`,
      );
    }
    return entity;
  }
}

function created(cluster: KubeCluster, object: App | Scaler): CreatedObject {
  return {
    cluster: cluster.name,
    namespace: object.metadata.namespace!,
    name: object.metadata.name,
    resourceVersion: object.metadata.resourceVersion ?? '',
  };
}
