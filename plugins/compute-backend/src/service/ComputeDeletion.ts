import type { AppRef } from '@atrium/plugin-compute-common';
import {
  authorizeOwnerAction,
  type Credentials,
  type OwnerActionDeps,
} from './ownerCheck';
import { scalerFor } from './ownership';
import type { ComputeAppViews, ComputeDeletionService } from '../types';

/**
 * Deleting an App and its Scaler: the owners' action that undoes a creation (a self-service run that failed
 * after creating it). The same checks as every owner action (ownerCheck.ts); an App whose component the catalog
 * does not know yet may be deleted by who may create Apps for the namespace's team. Audited first (`started`),
 * then the Scaler and the App are deleted, then the record is settled.
 */
export class ComputeDeletion implements ComputeDeletionService {
  constructor(
    private readonly deps: OwnerActionDeps & {
      reader: ComputeAppViews;
      /** Whether the caller may create Apps for a team (ComputeCreation.mayCreateFor). */
      mayCreateFor: (
        teamRef: string,
        credentials: Credentials,
      ) => Promise<boolean>;
    },
  ) {}

  async delete(ref: AppRef, credentials: Credentials): Promise<void> {
    const { cluster, app, entity, base } = await authorizeOwnerAction(
      this.deps,
      'delete',
      ref,
      credentials,
      {
        forTeam: team =>
          this.deps.mayCreateFor(`group:default/${team}`, credentials),
      },
    );
    const scaler = scalerFor(
      await cluster.list('scalers', { namespace: ref.namespace }),
      app,
    );
    const before = {
      image: app.spec.image,
      version: app.spec.version,
      replicas: app.spec.replicas,
      tier: app.spec.tier,
      ...(scaler
        ? {
            scaler: scaler.metadata.name,
            minReplicas: scaler.spec.minReplicas,
            maxReplicas: scaler.spec.maxReplicas,
          }
        : {}),
    };
    const started = await this.deps.audit.record({
      ...base,
      before,
      after: {},
      result: 'started',
    });
    try {
      if (scaler) {
        await cluster.delete('scalers', ref.namespace, scaler.metadata.name);
      }
      await cluster.delete('apps', ref.namespace, ref.name);
    } catch (error) {
      await this.deps.audit.settle(started, 'failed', (error as Error).message);
      throw error;
    }
    const record = await this.deps.audit.settle(started, 'succeeded');
    this.deps.logger.info(
      `${base.actor} deleted ${cluster.name}/${ref.namespace}/${ref.name}${
        scaler ? ` and its Scaler ${scaler.metadata.name}` : ''
      }`,
    );
    await this.deps.signals.actionApplied(record, entity);
  }
}
