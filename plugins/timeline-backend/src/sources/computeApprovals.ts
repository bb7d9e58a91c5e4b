import type { ComputeAuditRecord } from '@atrium/plugin-compute-common';

const show = (value: unknown) =>
  value === undefined || value === null ? '–' : String(value);

/** The change a request for approval asked for, in a few words: `deploying 2.5.0 to payments-gateway in sim-eu-west`. */
function asked(record: ComputeAuditRecord): string {
  const where = `${record.app} in ${record.cluster}`;
  const after = record.after ?? {};
  switch (record.action) {
    case 'deploy':
      return `deploying ${show(after.version)} to ${where}`;
    case 'rollback':
      return `rolling ${where} back to revision ${show(after.revision)}`;
    case 'scale':
      return `scaling ${where} to ${show(after.replicas)} replicas`;
    case 'scaler':
      return `setting the scaler bounds of ${where} to ${show(
        after.minReplicas,
      )}–${show(after.maxReplicas)}`;
    case 'restart':
      return `restarting ${where}`;
    case 'create':
      return `creating ${where}`;
    default:
      return `${String(record.action)} on ${where}`;
  }
}

/**
 * The title of a step of a request for approval on the timeline, e.g. `Approval requested for deploying 2.5.0
 * to payments-gateway in sim-eu-west`; the record's message (the reasons, the comment, why applying failed) is
 * its detail.
 */
export function approvalTitle(
  record: ComputeAuditRecord & {
    approval: NonNullable<ComputeAuditRecord['approval']>;
  },
): string {
  const what = asked(record);
  switch (record.approval.event) {
    case 'requested':
      return `Approval requested for ${what}`;
    case 'approved':
      return `Approved ${what}`;
    case 'rejected':
      return `Rejected ${what}`;
    case 'expired':
      return `Request for ${what} expired without a decision`;
    case 'failed':
      return `Approved ${what}, but applying it failed`;
    default:
      return `Request for ${what}: ${String(record.approval.event)}`;
  }
}
