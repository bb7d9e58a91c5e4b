import type { LoggerService } from '@backstage/backend-plugin-api';
import type { ComputeApprovalRule } from '@atrium/plugin-compute-node';
import type { OperationsService } from '@atrium/plugin-operations-node';

/**
 * A critical alert firing on the service (active, not silenced): a change now needs a second person. Alerts
 * are read as the caller (operations applies what they may see); when alerts are not configured or cannot be
 * read, the rule says nothing, and the failure is logged.
 */
export function criticalAlertRule(options: {
  operations: Pick<OperationsService, 'getActiveAlerts'>;
  logger: LoggerService;
}): ComputeApprovalRule {
  return {
    id: 'critical-alert',
    async evaluate({ entityRef, credentials }) {
      let answer;
      try {
        answer = await options.operations.getActiveAlerts([entityRef], {
          credentials,
        });
      } catch (error) {
        options.logger.warn(
          `Approval rule critical-alert: the alerts of ${entityRef} could not be read: ${error}`,
        );
        return undefined;
      }
      if (!answer.configured) return undefined;
      const critical = (answer.items[0]?.alerts ?? []).filter(
        a =>
          a.severity === 'critical' &&
          a.state !== 'suppressed' &&
          a.silencedBy.length === 0,
      );
      if (critical.length === 0) return undefined;
      const names = [...new Set(critical.map(a => a.name))];
      return {
        rule: 'critical-alert',
        message:
          names.length === 1
            ? `A critical alert, ${names[0]}, is firing on ${entityRef}.`
            : `Critical alerts are firing on ${entityRef}: ${names.join(
                ', ',
              )}.`,
      };
    },
  };
}
