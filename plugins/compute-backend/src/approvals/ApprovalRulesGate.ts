import type { LoggerService } from '@backstage/backend-plugin-api';
import type {
  ApprovalReason,
  ApprovalRequest,
} from '@atrium/plugin-compute-common';
import type {
  ApprovalRuleContext,
  ComputeApprovalRule,
} from '@atrium/plugin-compute-node';
import type { ComputeAuditLog } from '../types';
import type { ApprovalGate } from './ApprovalGate';
import type { ApprovalStore, NewApprovalRequest } from './ApprovalStore';
import type { ApprovalNotifier } from './notifications';
import { recordApprovalStep } from './approvalAudit';

/**
 * The approval gate of the action pipelines: asks every rule (the built-in ones and those modules added), and
 * stores a request, audits it and tells the owning team. With approvals off, no rule is asked.
 */
export class ApprovalRulesGate implements ApprovalGate {
  constructor(
    private readonly deps: {
      enabled: boolean;
      expiresAfterMs: number;
      rules: ComputeApprovalRule[];
      store: ApprovalStore;
      audit: Pick<ComputeAuditLog, 'record'>;
      notifier: Pick<ApprovalNotifier, 'requested'>;
      logger: LoggerService;
      now?: () => Date;
    },
  ) {}

  async evaluate(context: ApprovalRuleContext): Promise<ApprovalReason[]> {
    if (!this.deps.enabled) return [];
    const answers = await Promise.all(
      this.deps.rules.map(rule => rule.evaluate(context)),
    );
    return answers.filter((a): a is ApprovalReason => a !== undefined);
  }

  async request(
    request: Omit<NewApprovalRequest, 'requestedAt' | 'expiresAt'>,
    changes: {
      before?: Record<string, unknown>;
      after?: Record<string, unknown>;
    },
  ): Promise<ApprovalRequest> {
    const now = this.deps.now?.() ?? new Date();
    const stored = await this.deps.store.create({
      ...request,
      requestedAt: now.toISOString(),
      expiresAt: new Date(
        now.getTime() + this.deps.expiresAfterMs,
      ).toISOString(),
    });
    await recordApprovalStep(this.deps.audit, stored, {
      event: 'requested',
      actor: stored.requestedBy,
      message: `Approval requested: ${stored.reasons
        .map(r => r.message)
        .join(' ')}`,
      ...changes,
    });
    this.deps.logger.info(
      `${stored.requestedBy} asked for approval of ${stored.action} on ${stored.app.cluster}/${stored.app.namespace}/${stored.app.name} (request ${stored.id})`,
    );
    await this.deps.notifier.requested(stored);
    return stored;
  }
}
