/**
 * Context-dependent approvals of compute actions: when an action needs a second person (a reserved App, a
 * critical alert firing, a change freeze, a large change of replicas), it is stored as an ApprovalRequest that
 * another member of the owning team, or a platform admin, approves or rejects. The routes are under
 * `/api/compute` (`.../{action}/check`, `/teams/{ns}/{name}/apps/check`, `/approvals`).
 */
import type {
  ActionResponse,
  ComputeActionType,
  CreateAppResponse,
} from './api';
import type { AppRef } from './client';
import { CustomErrorBase } from '@backstage/errors';

/** The built-in rules; a module may add others (their names then appear as `rule` too). */
export type ApprovalRule =
  | 'reserved-tier'
  | 'critical-alert'
  | 'freeze-window'
  | 'replica-share';

export interface ApprovalReason {
  rule: ApprovalRule;
  /** A full sentence for people, e.g. "The change freeze 'year-end' runs until 2 Jan 09:00 UTC." */
  message: string;
}

/** Whether an action, as it stands, would need approval, and why (`POST .../check`; writes nothing). */
export interface ApprovalCheck {
  needsApproval: boolean;
  reasons: ApprovalReason[];
}

export type ApprovalStatus =
  | 'pending'
  | 'approved'
  | 'rejected'
  | 'expired'
  | 'failed';

/** The actions that may need approval. */
export type ApprovalAction = ComputeActionType | 'create-app';

export interface ApprovalRequest {
  id: string;
  action: ApprovalAction;
  /** The App the action changes; for `create-app`, the new App's name in the team's namespace (cluster: the first one asked for). */
  app: AppRef;
  /** The catalog Component the App belongs to. */
  entityRef: string;
  /** The owning team: a group entity ref. */
  team: string;
  /** The action's request body, exactly as sent. */
  change: Record<string, unknown>;
  /** The App's (or Scaler's) resourceVersion the requester saw; the change applies against it. */
  resourceVersion?: string;
  reasons: ApprovalReason[];
  /** The requester's user entity ref. */
  requestedBy: string;
  requestedAt: string;
  expiresAt: string;
  status: ApprovalStatus;
  /** Who approved or rejected it (a user entity ref). */
  decidedBy?: string;
  decidedAt?: string;
  /** The decider's comment (on a rejection). */
  comment?: string;
  /** What applying it said, e.g. the 409 message when the App had changed since. */
  result?: string;
}

/** What an action answers: applied (200), or stored as a request for approval (202). */
export type ActionOutcome = ActionResponse | { approval: ApprovalRequest };

/** What creating an App answers: created (201) or a dry run (200), or stored as a request for approval (202). */
export type CreateAppOutcome =
  | CreateAppResponse
  | { approval: ApprovalRequest };

/** `POST /approvals/{id}/approve`: the request (now approved) and what the action answered. */
export interface ApprovalDecision {
  approval: ApprovalRequest;
  /** The applied action's answer: ActionResponse, or CreateAppResponse for `create-app`. Absent on a rejection. */
  result?: ActionResponse | CreateAppResponse;
}

export interface ApprovalList {
  items: ApprovalRequest[];
}

/** Whether an outcome is a stored request for approval rather than an applied change. */
export const isApprovalOutcome = (
  outcome: object,
): outcome is { approval: ApprovalRequest } =>
  'approval' in outcome && !('record' in outcome);

/** A creation was stored as a request for approval (202) where the caller expected it made. */
export class ApprovalRequiredError extends CustomErrorBase {
  name = 'ApprovalRequiredError' as const;
  constructor(readonly approval: ApprovalRequest) {
    super(
      `Needs approval: ${approval.reasons
        .map(r => r.message)
        .join(' ')} Request ${approval.id} awaits a decision by ${
        approval.team
      }.`,
    );
  }
}
