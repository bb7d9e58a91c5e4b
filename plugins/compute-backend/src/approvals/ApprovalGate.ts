import type {
  ApprovalReason,
  ApprovalRequest,
} from '@atrium/plugin-compute-common';
import type { ApprovalRuleContext } from '@atrium/plugin-compute-node';
import type { NewApprovalRequest } from './ApprovalStore';

/**
 * What the action pipelines (ComputeActions, ComputeCreation) ask of approvals: whether a change needs a second
 * person (every rule's reasons; none when approvals are off), and storing the request when it does (audited,
 * the approvers notified).
 */
export interface ApprovalGate {
  evaluate(context: ApprovalRuleContext): Promise<ApprovalReason[]>;
  request(
    request: Omit<NewApprovalRequest, 'requestedAt' | 'expiresAt'>,
    changes: {
      before?: Record<string, unknown>;
      after?: Record<string, unknown>;
    },
  ): Promise<ApprovalRequest>;
}

/**
 * How an action runs: `apply` changes the App at once (a direct call, or an approved request being applied);
 * `gated` stores a request for approval instead when a rule asks for one; `check` stops before writing and says
 * whether approval would be needed (nothing is written, not even the audit of a refusal).
 */
export type ActionMode = 'apply' | 'gated' | 'check';
