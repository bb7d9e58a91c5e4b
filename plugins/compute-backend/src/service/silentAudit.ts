import type { ComputeAuditRecord } from '@atrium/plugin-compute-common';
import type { ComputeAuditEntry, ComputeAuditLog } from '../types';

/** The audit of a check (does this action need approval?): it writes nothing, not even a refusal. */
export const silentAudit: Pick<ComputeAuditLog, 'record'> = {
  async record(entry: ComputeAuditEntry): Promise<ComputeAuditRecord> {
    return { ...entry, id: 0, occurredAt: new Date().toISOString() };
  },
};
