import type { ComputeApprovalRule } from '@atrium/plugin-compute-node';

const percent = (share: number) => `${Math.round(share * 100)}%`;

/** How far `to` is from `from`, as a share of `from` (from 0, as a share of one replica: any change is a whole one). */
const moved = (from: number, to: number) =>
  Math.abs(to - from) / Math.max(from, 1);

/**
 * A scale that moves the replicas by more than `share` of the current number, or Scaler bounds that move the
 * minimum or the maximum by more than that, needs a second person.
 */
export function replicaShareRule(share: number): ComputeApprovalRule {
  return {
    id: 'replica-share',
    evaluate({ action, change, app, scaler }) {
      if (action === 'scale' && app) {
        const from = app.spec.replicas;
        const to = Number(change.replicas);
        if (Number.isFinite(to) && moved(from, to) > share) {
          return {
            rule: 'replica-share',
            message: `Scaling ${
              app.metadata.name
            } from ${from} to ${to} replicas changes it by more than ${percent(
              share,
            )}.`,
          };
        }
      }
      if (action === 'scaler' && scaler) {
        const bounds = [
          ['minimum', scaler.spec.minReplicas, Number(change.minReplicas)],
          ['maximum', scaler.spec.maxReplicas, Number(change.maxReplicas)],
        ] as const;
        for (const [which, from, to] of bounds) {
          if (Number.isFinite(to) && moved(from, to) > share) {
            return {
              rule: 'replica-share',
              message: `Moving the Scaler's ${which} from ${from} to ${to} replicas changes it by more than ${percent(
                share,
              )}.`,
            };
          }
        }
      }
      return undefined;
    },
  };
}
