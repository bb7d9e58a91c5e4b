import type { LoggerService } from '@backstage/backend-plugin-api';
import { parseEntityRef } from '@backstage/catalog-model';
import type { NotificationService } from '@backstage/plugin-notifications-node';
import type { ApprovalRequest } from '@atrium/plugin-compute-common';
import { entityRefName } from '@atrium/plugin-catalog-reads-node';
import { describeChange } from './describe';

/** The component's Compute tab, where the request shows. */
export function computeTabLink(entityRef: string): string {
  const ref = parseEntityRef(entityRef);
  return `/catalog/${ref.namespace}/${ref.kind.toLocaleLowerCase('en-US')}/${
    ref.name
  }/compute`;
}

/**
 * Tells people about requests for approval through Backstage's notifications: the owning team (without the
 * requester) of a new request, the requester of its outcome. People are named as the portal names them (their
 * display name from the catalog), not by their entity ref. A notification that cannot be sent is logged; it
 * never undoes the step it tells of.
 */
export class ApprovalNotifier {
  constructor(
    private readonly deps: {
      notifications: Pick<NotificationService, 'send'>;
      logger: LoggerService;
      /** Display names by user ref (catalog-reads-node's `displayNamesOf`); a ref missing keeps its name part. */
      displayNames: (refs: string[]) => Promise<Map<string, string>>;
    },
  ) {}

  async requested(request: ApprovalRequest) {
    const names = await this.names([request.requestedBy]);
    await this.send(request, {
      recipients: {
        type: 'entity',
        entityRef: request.team,
        excludeEntityRef: request.requestedBy,
      },
      title: `Approval needed: ${describeChange(request)}`,
      description: `${names(
        request.requestedBy,
      )} asks for approval. ${request.reasons.map(r => r.message).join(' ')}`,
      severity: 'high',
    });
  }

  async decided(request: ApprovalRequest) {
    const what = describeChange(request);
    const names = await this.names(
      request.decidedBy ? [request.decidedBy] : [],
    );
    const by = request.decidedBy ? ` by ${names(request.decidedBy)}` : '';
    const outcome: Record<ApprovalRequest['status'], string> = {
      pending: `Still waiting: ${what}`,
      approved: `Approved${by} and applied: ${what}`,
      rejected: `Rejected${by}: ${what}`,
      expired: `Expired without a decision: ${what}`,
      failed: `Approved${by}, but applying failed: ${what}`,
    };
    const detail = [request.comment, request.result].filter(Boolean).join(' ');
    await this.send(request, {
      recipients: { type: 'entity', entityRef: request.requestedBy },
      title: outcome[request.status],
      description: detail || undefined,
      severity: request.status === 'approved' ? 'normal' : 'high',
    });
  }

  /** Looks the people up; when the catalog cannot answer, each is called by the name part of their ref. */
  private async names(refs: string[]): Promise<(ref: string) => string> {
    let found = new Map<string, string>();
    try {
      if (refs.length > 0) found = await this.deps.displayNames(refs);
    } catch (error) {
      this.deps.logger.warn(`Compute approvals: names not read: ${error}`);
    }
    return ref => found.get(ref) ?? entityRefName(ref);
  }

  private async send(
    request: ApprovalRequest,
    n: {
      recipients: Parameters<NotificationService['send']>[0]['recipients'];
      title: string;
      description?: string;
      severity: 'normal' | 'high';
    },
  ) {
    try {
      await this.deps.notifications.send({
        recipients: n.recipients,
        payload: {
          title: n.title,
          description: n.description,
          link: computeTabLink(request.entityRef),
          severity: n.severity,
          topic: 'compute-approvals',
          // One notification per request and step: a repeat updates it rather than adding another.
          scope: `compute-approval:${request.id}:${request.status}`,
        },
      });
    } catch (error) {
      this.deps.logger.warn(
        `Compute approval ${request.id}: notification not sent: ${error}`,
      );
    }
  }
}
