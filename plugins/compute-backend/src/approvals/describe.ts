import type { ApprovalRequest } from '@atrium/plugin-compute-common';

/** A request's change in a few words, e.g. `deploy 2.5.0 to payments-gateway in sim-eu-west`. */
export function describeChange(
  request: Pick<ApprovalRequest, 'action' | 'app' | 'change'>,
): string {
  const { action, change } = request;
  const where = `${request.app.name} in ${request.app.cluster}`;
  switch (action) {
    case 'deploy':
      return `deploy ${String(change.version)} to ${where}`;
    case 'rollback':
      return `roll ${where} back to revision ${String(change.revision)}`;
    case 'scale':
      return `scale ${where} to ${String(change.replicas)} replicas`;
    case 'scaler':
      return `set the Scaler bounds of ${where} to ${String(
        change.minReplicas,
      )}–${String(change.maxReplicas)}`;
    case 'restart':
      return `restart ${where}`;
    case 'create-app':
      return `create App ${request.app.name} (${String(change.tier)}) in ${
        request.app.namespace
      }`;
    default:
      return `${action} ${where}`;
  }
}
