import type { LoggerService } from '@backstage/backend-plugin-api';
import type { Entity } from '@backstage/catalog-model';
import type { SignalsService } from '@backstage/plugin-signals-node';
import {
  computeSignalChannel,
  type ComputeActionSignal,
  type ComputeAuditRecord,
} from '@atrium/plugin-compute-common';
import { VISIBILITY_ANNOTATION } from '@atrium/plugin-identity-node';
import { ownerRef } from './ownership';

type Recipients = Parameters<SignalsService['publish']>[0]['recipients'];

/**
 * Announces an applied owner action on the component's signal channel (`computeSignalChannel`), so the Compute
 * tabs and team cards showing it refetch at once, on whichever replica their browser is connected to (Backstage's
 * signals travel over its events service).
 *
 * Who hears it is who may see the component. A component everyone signed in may see: a broadcast. It reaches
 * signed-in users only, since Atrium refuses a WebSocket to the signals backend without a user token
 * (packages/backend/src/modules/signalsRoutes.ts; the plugin itself would take one for `user:default/guest` and
 * hand it every broadcast); and it tells them what the component's Activity shows them anyway (the actor
 * included). An owners-only component (`atrium.dev/visibility`), or one the caller could not read: a `user`
 * signal to its owners and the platform admins (who see every component). Backstage's signals deliver that to the
 * connections whose ownership refs include a recipient, so the owning group's ref reaches its members (directly
 * or through child groups: Atrium's ownership refs include parent groups) and each admin group's ref its admins.
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

  /** Everyone signed in for a component they may all see; otherwise its owners and the platform admins. */
  recipients(component: Entity | undefined): Recipients {
    // Any visibility annotation keeps the signal to the owners, whatever its value: the catalog's permission
    // condition compares the value in its search table, and a broadcast is not worth a second opinion on it.
    if (component && !component.metadata.annotations?.[VISIBILITY_ANNOTATION]) {
      return { type: 'broadcast' };
    }
    // The owners as the catalog's ownership rule sees them (ownedBy relations), and spec.owner in case the
    // relations are not stitched yet. Signals compare refs as written; entity refs are lower case throughout.
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
      entityRef: [...new Set(refs.map(r => r.toLocaleLowerCase('en-US')))],
    };
  }
}
