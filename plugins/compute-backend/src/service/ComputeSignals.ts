import type { LoggerService } from '@backstage/backend-plugin-api';
import type { Entity } from '@backstage/catalog-model';
import type { SignalsService } from '@backstage/plugin-signals-node';
import { VISIBILITY_ANNOTATION } from '@atrium/plugin-identity-node';
import {
  computeSignalChannel,
  type ComputeActionSignal,
  type ComputeAuditRecord,
} from '@atrium/plugin-compute-common';
import { ownerRef } from './ownership';

type Recipients = Parameters<SignalsService['publish']>[0]['recipients'];

/**
 * Announces an applied owner action on the component's signal channel (`computeSignalChannel`), so every Compute
 * tab and team card showing it refetches at once, on whichever replica its browser is connected to (Backstage's
 * signals travel over its events service).
 *
 * Only who may see the component hears of it: that is everyone signed in, except for a component annotated
 * `atrium.dev/visibility` (owners-only), which only its owners and the platform admins see. Backstage's signals
 * deliver a `user` signal to the connections whose ownership refs include one of the recipients, so the owning
 * group's ref reaches its members (directly or through child groups, as Atrium's ownership refs include parent
 * groups) and each admin group's ref its admins.
 */
export class ComputeSignals {
  constructor(
    private readonly deps: {
      signals: SignalsService;
      logger: LoggerService;
      /** The platform-admin group refs (`atrium.identity.platformAdmins`), normalised. */
      platformAdmins: string[];
    },
  ) {}

  /**
   * Publishes one signal for a succeeded action. Never throws: the action is applied and audited already, and
   * the pages it would have refreshed still poll; a failure is logged.
   */
  async actionApplied(
    record: ComputeAuditRecord,
    component: Entity | undefined,
  ): Promise<void> {
    const message: ComputeActionSignal = {
      type: 'action',
      action: record.action,
      entityRef: record.entityRef,
      cluster: record.cluster,
      namespace: record.namespace,
      app: record.app,
      actor: record.actor,
      auditId: record.id,
      occurredAt: record.occurredAt,
    };
    try {
      await this.deps.signals.publish<ComputeActionSignal>({
        recipients: this.recipients(component),
        channel: computeSignalChannel(record.entityRef),
        message,
      });
    } catch (error) {
      this.deps.logger.warn(
        `Could not publish the signal of ${record.action} ${record.cluster}/${record.namespace}/${record.app} (audit ${record.id}); pages showing it will see the change at their next poll: ${error}`,
      );
    }
  }

  /** Who may see the component, as signal recipients. */
  recipients(component: Entity | undefined): Recipients {
    const annotations = component?.metadata.annotations ?? {};
    // Any value of the annotation restricts: the catalog hides an entity only for `owners`, but a signal sent to
    // fewer people than may see the component costs a poll interval, one sent to more leaks who did what.
    if (component && !Object.hasOwn(annotations, VISIBILITY_ANNOTATION)) {
      return { type: 'broadcast' };
    }
    // The owners as the catalog's ownership rule sees them (ownedBy relations), and spec.owner in case the
    // relations are not stitched yet. Ownership refs are compared as written, and Atrium's are lower case.
    const owners = (component?.relations ?? [])
      .filter(r => r.type === 'ownedBy')
      .map(r => r.targetRef);
    const owner = ownerRef(component);
    const refs = [
      ...owners,
      ...(owner ? [owner] : []),
      ...this.deps.platformAdmins,
    ];
    return {
      type: 'user',
      entityRef: [
        ...new Set(refs.flatMap(r => [r, r.toLocaleLowerCase('en-US')])),
      ],
    };
  }
}
