import type {
  ActionOutcome,
  ActionResponse,
  App,
  AppRef,
  ApprovalCheck,
  DeployRequest,
  RestartRequest,
  RollbackRequest,
  Scaler,
  ScaleRequest,
  ScalerRequest,
} from '@atrium/plugin-compute-common';
import type { ApprovalGate, ActionMode } from '../approvals/ApprovalGate';
import {
  authorizeOwnerAction,
  type Credentials,
  type OwnerActionDeps,
} from './ownerCheck';
import { ACTION_PLANS, type AppAction, type Planned } from './actionPlans';
import { checkResourceVersion } from './validation';
import { silentAudit } from './silentAudit';
import type {
  ComputeActionService,
  ComputeAppViews,
  ComputeAuditLog,
  ImageRegistry,
} from '../types';

/**
 * An owner's actions on an App. Each one, in this order:
 * 1. finds the App and the catalog Component its label names;
 * 2. asks the permission framework for `atrium.entity.operate` on that Component (owning team or admin);
 * 3. checks the caller saw the current resourceVersion, and validates the change (quota, tag, revision);
 * 4. (gated) asks the approval rules; when one asks for a second person, stores a request for approval
 *    (audited) and stops there;
 * 5. writes the App (or Scaler) with that resourceVersion, so a concurrent change gives 409;
 * 6. records who, what, before and after, and the result, whatever happened after step 1;
 * 7. once applied and recorded, announces it on the component's signal channel (ComputeSignals).
 * A check runs steps 1 to 4 and writes nothing, not even the audit of a refusal.
 */
export class ComputeActions implements ComputeActionService {
  constructor(
    private readonly deps: OwnerActionDeps & {
      reader: ComputeAppViews;
      registry: ImageRegistry;
      /** Approvals; without it every action applies at once. */
      approvals?: ApprovalGate;
    },
  ) {}

  scale(ref: AppRef, body: ScaleRequest, credentials: Credentials) {
    return this.apply('scale', ref, body, credentials);
  }

  setScalerBounds(ref: AppRef, body: ScalerRequest, credentials: Credentials) {
    return this.apply('scaler', ref, body, credentials);
  }

  restart(ref: AppRef, body: RestartRequest, credentials: Credentials) {
    return this.apply('restart', ref, body, credentials);
  }

  deploy(ref: AppRef, body: DeployRequest, credentials: Credentials) {
    return this.apply('deploy', ref, body, credentials);
  }

  rollback(ref: AppRef, body: RollbackRequest, credentials: Credentials) {
    return this.apply('rollback', ref, body, credentials);
  }

  /** Applies an action at once (no approval asked): the path of a direct call and of an approved request. */
  async apply(
    action: AppAction,
    ref: AppRef,
    body: object,
    credentials: Credentials,
  ): Promise<ActionResponse> {
    return (await this.act(
      action,
      ref,
      body,
      credentials,
      'apply',
    )) as ActionResponse;
  }

  /** An action as the API takes it: applied, or stored as a request for approval when a rule asks for one. */
  async perform(
    action: AppAction,
    ref: AppRef,
    body: object,
    credentials: Credentials,
  ): Promise<ActionOutcome> {
    return (await this.act(
      action,
      ref,
      body,
      credentials,
      'gated',
    )) as ActionOutcome;
  }

  /** Whether the action, as it stands, would need approval, and why; writes nothing. */
  async check(
    action: AppAction,
    ref: AppRef,
    body: object,
    credentials: Credentials,
  ): Promise<ApprovalCheck> {
    return (await this.act(
      action,
      ref,
      body,
      credentials,
      'check',
    )) as ApprovalCheck;
  }

  private async act(
    action: AppAction,
    ref: AppRef,
    request: object,
    credentials: Credentials,
    mode: ActionMode,
  ): Promise<ActionOutcome | ApprovalCheck> {
    const body = request as Record<string, unknown>;
    const plan = ACTION_PLANS[action](body);
    const audit: Pick<ComputeAuditLog, 'record'> =
      mode === 'check' ? silentAudit : this.deps.audit;
    const { cluster, app, entity, base, team } = await authorizeOwnerAction(
      { ...this.deps, audit },
      action,
      ref,
      credentials,
    );
    const { actor } = base;
    const before = structuredClone(app);
    let planned: Planned;
    // A check compares no resourceVersion (see ActionPlan.change): the action itself still refuses a stale one.
    const checkOnly = mode === 'check';
    try {
      if (
        !checkOnly &&
        (plan.resourceVersion !== undefined || action !== 'scaler')
      ) {
        checkResourceVersion(
          app.metadata.resourceVersion,
          plan.resourceVersion,
          `App ${ref.name}`,
        );
      }
      planned = await plan.change({
        app,
        cluster,
        registry: this.deps.registry,
        checkOnly,
      });
    } catch (error) {
      await audit.record({
        ...base,
        result: 'failed',
        message: (error as Error).message,
      });
      throw error;
    }
    const { changes } = planned;
    if (mode !== 'apply' && this.deps.approvals) {
      const reasons = await this.deps.approvals.evaluate({
        action,
        change: body,
        app: before,
        scaler: action === 'scaler' ? scalerBefore(planned) : undefined,
        tier: before.spec.tier,
        entityRef: base.entityRef,
        team: `group:default/${team}`,
        credentials,
        now: new Date(),
      });
      if (mode === 'check') {
        return { needsApproval: reasons.length > 0, reasons };
      }
      if (reasons.length > 0) {
        const approval = await this.deps.approvals.request(
          {
            action,
            app: {
              cluster: cluster.name,
              namespace: ref.namespace,
              name: ref.name,
            },
            entityRef: base.entityRef,
            team: `group:default/${team}`,
            change: body,
            resourceVersion:
              typeof body.resourceVersion === 'string'
                ? body.resourceVersion
                : undefined,
            reasons,
            requestedBy: actor,
          },
          changes,
        );
        return { approval };
      }
    } else if (mode === 'check') {
      return { needsApproval: false, reasons: [] };
    }
    // Recorded before the cluster is written, then settled: a change the audit cannot record is not made (the
    // database down refuses the action), and one made while the database went away stays on record as started.
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

/** The Scaler as it was before a change of its bounds (the plan changes it in place). */
function scalerBefore({ write, changes }: Planned): Scaler {
  const scaler = structuredClone(write) as Scaler;
  scaler.spec.minReplicas = Number(changes.before.minReplicas);
  scaler.spec.maxReplicas = Number(changes.before.maxReplicas);
  return scaler;
}
