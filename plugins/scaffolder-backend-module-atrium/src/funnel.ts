import type { LoggerService } from '@backstage/backend-plugin-api';
import type { AdoptionEventsService } from '@atrium/plugin-adoption-node';

/** What the funnel needs of an action's context. */
export interface FunnelContext {
  task: { id: string };
  templateInfo?: { entityRef?: string };
  user?: { ref?: string };
  isDryRun?: boolean;
}

/**
 * The steps of the new-service funnel, as adoption events (Insights reads `template.run` and `funnel.app-ready`).
 * The last, `funnel.first-alert-rule`, is recorded by operations when it finds the new component's first alerting
 * rule in Prometheus; Insights joins it to the run through the component's ref on the Ready step.
 */
export const FUNNEL_EVENTS = {
  started: 'funnel.template-started',
  repositoryCreated: 'funnel.repository-created',
  appReady: 'funnel.app-ready',
  run: 'template.run',
} as const;

/**
 * The new-service funnel, recorded for adoption Insights: a run started (its first Atrium step), its repository
 * created, its Apps Ready, and the run's outcome (`template.run`, stamped with the run's start so Insights
 * measures from the start to the first Ready App). Each event carries the task id; the Ready step also the new
 * component's ref (as context.entityRef: the run's create-app step names it). Dry runs record nothing. Recording is on the side of the run: a failure is logged, never
 * thrown. The start is held in memory, like the run journal: a run is followed by the replica that runs it.
 */
export class SelfServiceFunnel {
  private readonly starts = new Map<
    string,
    { at: string; templateRef: string; user: string; component?: string }
  >();

  constructor(
    private readonly events: AdoptionEventsService,
    private readonly logger: LoggerService,
  ) {}

  /** The run's first Atrium step: records the start once per task. */
  async started(ctx: FunnelContext): Promise<void> {
    const run = this.runOf(ctx);
    if (!run || this.starts.has(ctx.task.id)) return;
    this.starts.set(ctx.task.id, run);
    await this.record(ctx, FUNNEL_EVENTS.started, run.at);
  }

  async repositoryCreated(ctx: FunnelContext, repository: string) {
    await this.started(ctx);
    await this.record(ctx, FUNNEL_EVENTS.repositoryCreated, undefined, {
      repository,
    });
  }

  /** The run's Apps were created for `componentRef`, the new service's catalog Component. */
  componentCreated(ctx: FunnelContext, componentRef: string) {
    const run = this.starts.get(ctx.task.id);
    if (run) run.component = componentRef;
  }

  /**
   * The Apps are Ready: the end of a run that succeeded (Insights joins it to the run by task id). It carries the
   * component's ref, which joins the run to the component's first alert rule (recorded by operations).
   */
  async appReady(ctx: FunnelContext) {
    await this.started(ctx);
    await this.record(
      ctx,
      FUNNEL_EVENTS.appReady,
      undefined,
      {},
      this.starts.get(ctx.task.id)?.component,
    );
    await this.finished(ctx, 'succeeded');
  }

  /** The run's outcome, once: `succeeded` after its Apps are Ready, `failed` from the undo step. */
  async finished(
    ctx: FunnelContext,
    outcome: 'succeeded' | 'failed',
    failedStep?: string,
  ) {
    await this.started(ctx);
    const run = this.starts.get(ctx.task.id);
    if (!run) return;
    this.starts.delete(ctx.task.id);
    await this.record(ctx, FUNNEL_EVENTS.run, run.at, {
      outcome,
      ...(failedStep ? { failedStep } : {}),
    });
  }

  private runOf(ctx: FunnelContext) {
    if (ctx.isDryRun || !ctx.user?.ref) return undefined;
    return {
      at: new Date().toISOString(),
      templateRef: ctx.templateInfo?.entityRef ?? 'unknown',
      user: ctx.user.ref,
    };
  }

  private async record(
    ctx: FunnelContext,
    action: string,
    timestamp: string | undefined,
    attributes: Record<string, string> = {},
    entityRef?: string,
  ) {
    const run = this.starts.get(ctx.task.id) ?? this.runOf(ctx);
    if (!run) return;
    try {
      await this.events.record(
        [
          {
            action,
            subject: run.templateRef,
            context: {
              pluginId: 'scaffolder',
              ...(entityRef ? { entityRef } : {}),
            },
            attributes: {
              templateRef: run.templateRef,
              taskId: ctx.task.id,
              ...attributes,
            },
            ...(timestamp ? { timestamp } : {}),
          },
        ],
        { userEntityRef: run.user },
      );
    } catch (error) {
      this.logger.warn(
        `Could not record ${action} of task ${ctx.task.id} for adoption Insights: ${error}`,
      );
    }
  }
}
