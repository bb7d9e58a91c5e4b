import { randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import type {
  ApprovalRequest,
  ApprovalStatus,
} from '@atrium/plugin-compute-common';

const TABLE = 'compute_approvals';

/** What a new request holds before the store gives it an id and its status. */
export type NewApprovalRequest = Omit<
  ApprovalRequest,
  'id' | 'status' | 'decidedBy' | 'decidedAt' | 'comment' | 'result'
>;

/**
 * Requests for approval in the compute plugin's database (its migrations create the table, with
 * ComputeAuditStore's). A decision is written once: every change of status is conditional on `pending`, so two
 * approvers (or an approver and the expiry task, on two replicas) cannot both decide one request.
 */
export class ApprovalStore {
  constructor(private readonly knex: Knex) {}

  async create(request: NewApprovalRequest): Promise<ApprovalRequest> {
    const stored: ApprovalRequest = {
      ...request,
      id: randomUUID(),
      status: 'pending',
    };
    await this.knex(TABLE).insert({
      id: stored.id,
      action: stored.action,
      cluster: stored.app.cluster,
      namespace: stored.app.namespace,
      app: stored.app.name,
      entity_ref: stored.entityRef,
      team: stored.team,
      change: JSON.stringify(stored.change),
      resource_version: stored.resourceVersion ?? null,
      reasons: JSON.stringify(stored.reasons),
      requested_by: stored.requestedBy,
      requested_at: new Date(stored.requestedAt),
      expires_at: new Date(stored.expiresAt),
      status: stored.status,
    });
    return stored;
  }

  async get(id: string): Promise<ApprovalRequest | undefined> {
    const row = await this.knex(TABLE).where({ id }).first();
    return row ? toRequest(row) : undefined;
  }

  /** Pending requests, oldest first (at most `limit`). */
  async listPending(limit = 500): Promise<ApprovalRequest[]> {
    const rows = await this.knex(TABLE)
      .where({ status: 'pending' })
      .orderBy('requested_at', 'asc')
      .limit(limit);
    return rows.map(toRequest);
  }

  /** A requester's requests, newest first (at most `limit`). */
  async listByRequester(
    requestedBy: string,
    limit = 200,
  ): Promise<ApprovalRequest[]> {
    const rows = await this.knex(TABLE)
      .where({ requested_by: requestedBy })
      .orderBy('requested_at', 'desc')
      .limit(limit);
    return rows.map(toRequest);
  }

  /**
   * Moves a pending request to a decided status; undefined when it was no longer pending (decided or expired
   * meanwhile). `from` lets a claimed request (approved, being applied) end as failed.
   */
  async decide(
    id: string,
    status: Exclude<ApprovalStatus, 'pending'>,
    fields: { decidedBy?: string; comment?: string; result?: string },
    options: { from?: ApprovalStatus; now?: Date } = {},
  ): Promise<ApprovalRequest | undefined> {
    const now = options.now ?? new Date();
    const update: Record<string, unknown> = { status };
    if (fields.decidedBy !== undefined) {
      update.decided_by = fields.decidedBy;
      update.decided_at = now;
    }
    if (fields.comment !== undefined) update.comment = fields.comment;
    if (fields.result !== undefined) update.result = fields.result;
    const changed = await this.knex(TABLE)
      .where({ id, status: options.from ?? 'pending' })
      .update(update);
    return changed === 1 ? this.get(id) : undefined;
  }

  /**
   * The pending requests whose time ran out at `now`. Compared here rather than in SQL: SQLite (through knex)
   * and PostgreSQL store the timestamps differently, and pending requests are few.
   */
  async listExpired(now: Date): Promise<ApprovalRequest[]> {
    return (await this.listPending(10_000)).filter(
      r => Date.parse(r.expiresAt) <= now.getTime(),
    );
  }
}

/** Timestamps come back as Date (PostgreSQL), or as milliseconds (SQLite through knex). */
function iso(value: unknown): string {
  if (value instanceof Date) return value.toISOString();
  const n = Number(value);
  return new Date(Number.isFinite(n) ? n : String(value)).toISOString();
}

function toRequest(row: any): ApprovalRequest {
  return {
    id: row.id,
    action: row.action,
    app: { cluster: row.cluster, namespace: row.namespace, name: row.app },
    entityRef: row.entity_ref,
    team: row.team,
    change: JSON.parse(row.change),
    ...(row.resource_version ? { resourceVersion: row.resource_version } : {}),
    reasons: JSON.parse(row.reasons),
    requestedBy: row.requested_by,
    requestedAt: iso(row.requested_at),
    expiresAt: iso(row.expires_at),
    status: row.status,
    ...(row.decided_by ? { decidedBy: row.decided_by } : {}),
    ...(row.decided_at ? { decidedAt: iso(row.decided_at) } : {}),
    ...(row.comment ? { comment: row.comment } : {}),
    ...(row.result ? { result: row.result } : {}),
  };
}
