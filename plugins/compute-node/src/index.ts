/**
 * Atrium compute for other backend plugins (the GraphQL gateway, Home): a service that reads workloads and
 * quotas with the caller's credentials, so the compute backend still applies its permissions.
 *
 * @packageDocumentation
 */
export {
  computeServiceRef,
  HttpComputeService,
  type ComputeService,
} from './service';
export {
  computeApprovalRulesExtensionPoint,
  type ComputeApprovalRule,
  type ComputeApprovalRulesExtensionPoint,
  type ApprovalRuleContext,
} from './approvalRules';
