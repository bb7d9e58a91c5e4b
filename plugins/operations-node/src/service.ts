import type { BackstageCredentials } from '@backstage/backend-plugin-api';
import type { CompoundEntityRef } from '@backstage/catalog-model';
import {
  OperationsClient,
  type ActiveAlertsResponse,
  type AlertEvent,
} from '@atrium/plugin-operations-common';
import {
  OnBehalfClient,
  createPluginCallsServiceRef,
  type PluginCallDeps,
} from '@atrium/plugin-identity-node';

type On = { credentials: BackstageCredentials; signal?: AbortSignal };

/** The reads other plugins make of operations, on behalf of a caller (the operations backend checks what they may see). */
export interface OperationsService {
  /** The alerts firing now for many entities (up to 100) in one read, in the order asked (Home's open alerts). */
  getActiveAlerts(
    entityRefs: string[],
    options: On,
  ): Promise<ActiveAlertsResponse>;
  /** A component's alerts firing and resolving as Atrium recorded them, in a range of at most 31 days (the timeline). */
  getAlertEvents(
    entity: CompoundEntityRef,
    range: { from: Date; to: Date },
    options: On,
  ): Promise<AlertEvent[]>;
}

/** Calls the operations backend over HTTP with a token made for the caller, like Backstage's catalog service. */
export class HttpOperationsService implements OperationsService {
  private readonly calls: OnBehalfClient<OperationsClient>;

  constructor(...deps: PluginCallDeps) {
    this.calls = new OnBehalfClient('operations', OperationsClient, ...deps);
  }

  async getActiveAlerts(entityRefs: string[], { credentials, signal }: On) {
    const { token } = await this.calls.as(credentials);
    return this.calls.client.getActiveAlerts({ entityRefs }, { token, signal });
  }

  async getAlertEvents(
    entity: CompoundEntityRef,
    range: { from: Date; to: Date },
    { credentials, signal }: On,
  ) {
    const { token } = await this.calls.as(credentials);
    return this.calls.client.getAlertEvents(entity, range, { token, signal });
  }
}

/** The operations service for backend plugins. */
export const operationsServiceRef =
  createPluginCallsServiceRef<OperationsService>(
    'atrium.operations',
    HttpOperationsService,
  );
