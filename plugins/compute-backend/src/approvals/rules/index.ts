import type { LoggerService } from '@backstage/backend-plugin-api';
import type { ComputeApprovalRule } from '@atrium/plugin-compute-node';
import type { OperationsService } from '@atrium/plugin-operations-node';
import type { ApprovalsConfig } from '../config';
import { criticalAlertRule } from './criticalAlert';
import { freezeWindowRule } from './freezeWindow';
import { replicaShareRule } from './replicaShare';
import { reservedTierRule } from './reservedTier';

/** The built-in rules that `compute.approvals.rules` leaves on. */
export function builtInRules(
  config: ApprovalsConfig,
  deps: {
    operations: Pick<OperationsService, 'getActiveAlerts'>;
    logger: LoggerService;
  },
): ComputeApprovalRule[] {
  const rules: ComputeApprovalRule[] = [];
  if (config.rules.reservedTier) rules.push(reservedTierRule);
  if (config.rules.criticalAlert) rules.push(criticalAlertRule(deps));
  if (config.rules.freezeWindows && config.freezeWindows.length > 0) {
    rules.push(freezeWindowRule(config.freezeWindows));
  }
  if (config.rules.replicaShare) {
    rules.push(replicaShareRule(config.replicaShare));
  }
  return rules;
}
