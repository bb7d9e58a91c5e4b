import type {
  ApprovalAuditEvent,
  ApprovalRequest,
  ComputeAuditRecord,
} from '@atrium/plugin-compute-common';
import type { ComputeAuditLog } from '../types';

/**
 * Records one step of a request for approval in the compute audit (so it shows in the service's Activity and
 * on its timeline): who took the step, the change asked for, and a sentence on why.
 */
export function recordApprovalStep(
  audit: Pick<ComputeAuditLog, 'record'>,
  request: ApprovalRequest,
  step: {
    event: ApprovalAuditEvent;
    actor: string;
    message?: string;
    before?: Record<string, unknown>;
    after?: Record<string, unknown>;
  },
): Promise<ComputeAuditRecord> {
  return audit.record({
    actor: step.actor,
    action: request.action === 'create-app' ? 'create' : request.action,
    entityRef: request.entityRef,
    cluster: request.app.cluster,
    namespace: request.app.namespace,
    app: request.app.name,
    before: step.before,
    after: step.after ?? changeFields(request),
    result: step.event === 'failed' ? 'failed' : 'succeeded',
    message: step.message,
    approval: { id: request.id, event: step.event },
  });
}

/** The fields a request changes, without its resourceVersion (for the audit's `after`). */
function changeFields(request: ApprovalRequest): Record<string, unknown> {
  const { resourceVersion, dryRun, ...fields } = request.change;
  return fields;
}
