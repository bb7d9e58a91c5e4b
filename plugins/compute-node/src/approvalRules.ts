import {
  createExtensionPoint,
  type BackstageCredentials,
} from '@backstage/backend-plugin-api';
import type {
  App,
  ApprovalAction,
  ApprovalReason,
  Scaler,
  Tier,
} from '@atrium/plugin-compute-common';

/** What a rule sees of one action, before anything is written. */
export interface ApprovalRuleContext {
  action: ApprovalAction;
  /** The request body, as sent (for `create-app`, the CreateAppRequest). */
  change: Record<string, unknown>;
  /** The App as it is now; absent for `create-app`. */
  app?: App;
  /** The App's Scaler as it is now, where it has one. */
  scaler?: Scaler;
  /** The App's tier, or the tier asked for a new App. */
  tier: Tier;
  /** The catalog Component the App belongs to. */
  entityRef: string;
  /** The owning team's group ref. */
  team: string;
  /** The caller's credentials, for reads on their behalf (alerts). */
  credentials: BackstageCredentials;
  now: Date;
}

/**
 * One rule that may ask for a second person: it answers a reason (a sentence for people) when the action needs
 * approval, or nothing. The built-in rules (reserved tier, critical alert, freeze window, replica share) are
 * rules of this kind; a module adds others through `computeApprovalRulesExtensionPoint`.
 */
export interface ComputeApprovalRule {
  /** A name for logs, e.g. `reserved-tier`. */
  id: string;
  evaluate(
    context: ApprovalRuleContext,
  ): Promise<ApprovalReason | undefined> | ApprovalReason | undefined;
}

export interface ComputeApprovalRulesExtensionPoint {
  /** Adds a rule; every rule is asked, and any reason makes the action need approval. */
  addRule(rule: ComputeApprovalRule): void;
}

/** Lets a module of the compute plugin add rules that decide when an action needs approval. */
export const computeApprovalRulesExtensionPoint =
  createExtensionPoint<ComputeApprovalRulesExtensionPoint>({
    id: 'compute.approval-rules',
  });
