import type {
  BackstageCredentials,
  LoggerService,
} from '@backstage/backend-plugin-api';
import { parseEntityRef } from '@backstage/catalog-model';
import {
  ConflictError,
  NotAllowedError,
  NotFoundError,
} from '@backstage/errors';
import type {
  ActionResponse,
  ApprovalDecision,
  ApprovalRequest,
  CreateAppResponse,
} from '@atrium/plugin-compute-common';
import type { CallerCatalog } from '@atrium/plugin-catalog-reads-node';
import type {
  ComputeActionService,
  ComputeApprovalService,
  ComputeAuditLog,
  ComputeCreationService,
} from '../types';
import type { Credentials } from '../service/ownerCheck';
import type { AppAction } from '../service/actionPlans';
import type { ApprovalAccess } from './access';
import { recordApprovalStep } from './approvalAudit';
import type { ApprovalStore } from './ApprovalStore';
import type { ApprovalNotifier } from './notifications';

/**
 * Requests for approval after they are made: who sees them, approving (the change applied through the same
 * path as a direct action, as the approver, against the resourceVersion the requester saw), rejecting, and
 * expiry. Every step is audited and told to the requester.
 */
export class ApprovalService implements ComputeApprovalService {
  constructor(
    private readonly deps: {
      store: ApprovalStore;
      access: ApprovalAccess;
      catalog: Pick<CallerCatalog, 'getEntityByRef'>;
      actions: Pick<ComputeActionService, 'apply'>;
      creation: Pick<ComputeCreationService, 'create'>;
      audit: Pick<ComputeAuditLog, 'record'>;
      notifier: Pick<ApprovalNotifier, 'decided'>;
      logger: LoggerService;
      now?: () => Date;
    },
  ) {}

  private now() {
    return this.deps.now?.() ?? new Date();
  }

  /** `awaiting: 'me'`: pending requests the caller may decide; `requestedBy: 'me'`: the caller's own. */
  async list(
    query: { awaiting?: 'me'; requestedBy?: 'me' },
    credentials: BackstageCredentials,
  ): Promise<ApprovalRequest[]> {
    const caller = await this.deps.access.caller(credentials);
    const now = this.now().getTime();
    const lists: ApprovalRequest[][] = [];
    if (query.requestedBy === 'me') {
      lists.push(await this.deps.store.listByRequester(caller.userEntityRef));
    }
    if (query.awaiting === 'me') {
      const pending = await this.deps.store.listPending();
      lists.push(
        pending.filter(
          r =>
            r.requestedBy !== caller.userEntityRef &&
            Date.parse(r.expiresAt) > now &&
            this.deps.access.mayDecide(caller, r),
        ),
      );
    }
    const seen = new Set<string>();
    return lists.flat().filter(r => !seen.has(r.id) && !!seen.add(r.id));
  }

  /** One request, for whoever may see its component (else 404, as for the App). */
  async get(
    id: string,
    credentials: BackstageCredentials,
  ): Promise<ApprovalRequest> {
    const request = await this.deps.store.get(id);
    const visible =
      request &&
      (await this.deps.catalog.getEntityByRef(request.entityRef, credentials));
    if (!request || !visible) {
      throw new NotFoundError(`No request for approval ${id}`);
    }
    return request;
  }

  async approve(
    id: string,
    credentials: Credentials,
  ): Promise<ApprovalDecision> {
    const { request, actor } = await this.decidable(id, credentials);
    if (!(await this.deps.access.requesterMay(request))) {
      const message = `${request.requestedBy} may no longer make this change, so it cannot be approved.`;
      await this.fail(request, actor, message, 'pending');
      throw new NotAllowedError(message);
    }
    // Claimed first: of two approvers (or an approver and the expiry) only one goes on.
    const claimed = await this.deps.store.decide(id, 'approved', {
      decidedBy: actor,
    });
    if (!claimed) throw this.alreadyDecided(id);
    let result: ActionResponse | CreateAppResponse;
    try {
      result = await this.apply(claimed, credentials);
    } catch (error) {
      const message = (error as Error).message;
      await this.fail(claimed, actor, message, 'approved');
      if (error instanceof ConflictError) {
        throw new ConflictError(
          `${message} The request is marked failed; make it again against the App as it is now.`,
        );
      }
      throw error;
    }
    const approval =
      (await this.deps.store.decide(
        id,
        'approved',
        { result: 'Applied.' },
        { from: 'approved' },
      )) ?? claimed;
    await recordApprovalStep(this.deps.audit, approval, {
      event: 'approved',
      actor,
      message: `Approved and applied (requested by ${approval.requestedBy})`,
    });
    await this.deps.notifier.decided(approval);
    return { approval, result };
  }

  async reject(
    id: string,
    comment: string | undefined,
    credentials: Credentials,
  ): Promise<ApprovalDecision> {
    const { actor } = await this.decidable(id, credentials);
    const approval = await this.deps.store.decide(id, 'rejected', {
      decidedBy: actor,
      comment,
    });
    if (!approval) throw this.alreadyDecided(id);
    await recordApprovalStep(this.deps.audit, approval, {
      event: 'rejected',
      actor,
      message: comment
        ? `Rejected (requested by ${approval.requestedBy}): ${comment}`
        : `Rejected (requested by ${approval.requestedBy})`,
    });
    await this.deps.notifier.decided(approval);
    return { approval };
  }

  /** Marks the pending requests whose time ran out as expired (the scheduled task); says how many. */
  async expire(now = this.now()): Promise<number> {
    let count = 0;
    for (const request of await this.deps.store.listExpired(now)) {
      if (await this.expireOne(request)) count++;
    }
    return count;
  }

  private async expireOne(request: ApprovalRequest) {
    const expired = await this.deps.store.decide(request.id, 'expired', {
      result: 'No decision before it expired.',
    });
    if (!expired) return false;
    await recordApprovalStep(this.deps.audit, expired, {
      event: 'expired',
      actor: expired.requestedBy,
      message: `Expired without a decision at ${expired.expiresAt}`,
    });
    await this.deps.notifier.decided(expired);
    return true;
  }

  /** The checks before any decision: the request exists and is visible, pending, in time, and the caller may decide. */
  private async decidable(id: string, credentials: Credentials) {
    const request = await this.get(id, credentials);
    const actor = credentials.principal.userEntityRef;
    if (request.status !== 'pending') throw this.alreadyDecided(id, request);
    if (Date.parse(request.expiresAt) <= this.now().getTime()) {
      await this.expireOne(request);
      throw new ConflictError(
        `The request for approval ${id} expired at ${request.expiresAt}; make it again`,
      );
    }
    if (request.requestedBy === actor) {
      throw new NotAllowedError(
        'Nobody approves or rejects their own request: another member of the team or a platform admin decides it',
      );
    }
    const caller = await this.deps.access.caller(credentials);
    if (!this.deps.access.mayDecide(caller, request)) {
      throw new NotAllowedError(
        `${actor} may not decide this request: only the members of ${request.team} and platform admins may`,
      );
    }
    return { request, actor };
  }

  private alreadyDecided(id: string, request?: ApprovalRequest) {
    return new ConflictError(
      request
        ? `The request for approval ${id} is already ${request.status}`
        : `The request for approval ${id} was decided meanwhile`,
    );
  }

  private apply(request: ApprovalRequest, credentials: Credentials) {
    if (request.action === 'create-app') {
      const team = parseEntityRef(request.team);
      return this.deps.creation.create(
        { namespace: team.namespace, name: team.name },
        request.change,
        credentials,
      );
    }
    return this.deps.actions.apply(
      request.action as AppAction,
      request.app,
      request.change,
      credentials,
    );
  }

  private async fail(
    request: ApprovalRequest,
    actor: string,
    message: string,
    from: 'pending' | 'approved',
  ) {
    const failed =
      (await this.deps.store.decide(
        request.id,
        'failed',
        {
          result: message,
          ...(from === 'pending' ? { decidedBy: actor } : {}),
        },
        { from },
      )) ?? request;
    await recordApprovalStep(this.deps.audit, failed, {
      event: 'failed',
      actor,
      message: `Approved, but applying failed: ${message}`,
    });
    await this.deps.notifier.decided(failed);
  }
}
