import type {
  ApprovalCheck,
  CreateAppOutcome,
} from '@atrium/plugin-compute-common';
import type { Credentials } from '../service/ownerCheck';
import type { CreatePlan } from '../request/createAppRequest';
import type { ActionMode, ApprovalGate } from './ApprovalGate';

/**
 * Creating an App, once every check passed: a check answers whether it would need approval; a gated creation
 * that needs approval is stored as a request (a dry run never is). Undefined: go on and create.
 */
export async function gateCreation(
  gate: ApprovalGate | undefined,
  mode: ActionMode,
  plan: CreatePlan,
  context: {
    body: unknown;
    teamRef: string;
    namespace: string;
    actor: string;
    credentials: Credentials;
  },
): Promise<CreateAppOutcome | ApprovalCheck | undefined> {
  if (mode === 'apply' || (mode === 'gated' && plan.dryRun)) return undefined;
  const change = context.body as Record<string, unknown>;
  const reasons = gate
    ? await gate.evaluate({
        action: 'create-app',
        change,
        tier: plan.tier,
        entityRef: plan.componentRef,
        team: context.teamRef,
        credentials: context.credentials,
        now: new Date(),
      })
    : [];
  if (mode === 'check') return { needsApproval: reasons.length > 0, reasons };
  if (!gate || reasons.length === 0) return undefined;
  const approval = await gate.request(
    {
      action: 'create-app',
      app: {
        cluster: plan.clusters[0],
        namespace: context.namespace,
        name: plan.name,
      },
      entityRef: plan.componentRef,
      team: context.teamRef,
      change,
      reasons,
      requestedBy: context.actor,
    },
    { after: { tier: plan.tier, replicas: plan.replicas } },
  );
  return { approval };
}
