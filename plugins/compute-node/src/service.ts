import type { BackstageCredentials } from '@backstage/backend-plugin-api';
import {
  ComputeClient,
  type ActivityPage,
  type ApprovalDecision,
  type ApprovalList,
  type ApprovalRequest,
  type ComponentWorkloads,
  type CreateAppRequest,
  type CreateAppResponse,
  type TeamQuota,
  type TeamWorkloads,
} from '@atrium/plugin-compute-common';
import type { CompoundEntityRef } from '@backstage/catalog-model';
import {
  OnBehalfClient,
  createPluginCallsServiceRef,
  type PluginCallDeps,
} from '@atrium/plugin-identity-node';

type On = { credentials: BackstageCredentials };

/** The reads other plugins make of compute, and the creation of Apps, on behalf of a caller. */
export interface ComputeService {
  getComponentWorkloads(
    component: CompoundEntityRef,
    options: On,
  ): Promise<ComponentWorkloads>;
  /** Many components' workloads in one read, in the order asked; null where the caller may not see one. */
  getComponentsWorkloads(
    entityRefs: string[],
    options: On,
  ): Promise<Array<ComponentWorkloads | null>>;
  getComponentActivity(
    component: CompoundEntityRef,
    page: { limit?: number; before?: number },
    options: On,
  ): Promise<ActivityPage>;
  getTeamWorkloads(
    team: CompoundEntityRef,
    options: On,
  ): Promise<TeamWorkloads>;
  getTeamQuota(team: CompoundEntityRef, options: On): Promise<TeamQuota>;
  /**
   * Creates an App (and its Scaler) for a team, as the caller: compute checks that the caller may create for
   * the team (`compute.app.create`), the quota on every cluster, and audits it. `team` is the Group's ref.
   */
  createApp(
    team: CompoundEntityRef | string,
    request: CreateAppRequest,
    options: On,
  ): Promise<CreateAppResponse>;
  /** Deletes an App and its Scaler, as the caller (the App's owners and platform admins may). */
  deleteApp(
    cluster: string,
    namespace: string,
    app: string,
    options: On,
  ): Promise<void>;
  /**
   * Requests for approval of compute actions, as the caller: `awaiting: 'me'` those the caller may decide,
   * `requestedBy: 'me'` their own (Home's "awaiting my approval").
   */
  listApprovals(
    query: { awaiting?: 'me'; requestedBy?: 'me' },
    options: On,
  ): Promise<ApprovalList>;
  getApproval(id: string, options: On): Promise<ApprovalRequest>;
  /** Approves as the caller (another member of the owning team, or a platform admin); the change is applied. */
  approve(id: string, options: On): Promise<ApprovalDecision>;
  reject(
    id: string,
    body: { comment?: string },
    options: On,
  ): Promise<ApprovalDecision>;
}

/**
 * Calls the compute backend over HTTP with a token made for the caller, like Backstage's catalog service; the
 * token is reused for the caller's next reads and answers come uncompressed (identity-node's `pluginCalls.ts`
 * says why: both showed in a CPU profile of the timeline under load).
 */
export class HttpComputeService implements ComputeService {
  private readonly calls: OnBehalfClient<ComputeClient>;

  constructor(...deps: PluginCallDeps) {
    this.calls = new OnBehalfClient('compute', ComputeClient, ...deps);
  }

  async getComponentWorkloads(component: CompoundEntityRef, options: On) {
    return this.calls.client.getComponentWorkloads(
      component,
      await this.token(options),
    );
  }

  async getComponentsWorkloads(entityRefs: string[], options: On) {
    return this.calls.client.getComponentsWorkloads(
      entityRefs,
      await this.token(options),
    );
  }

  async getComponentActivity(
    component: CompoundEntityRef,
    page: { limit?: number; before?: number },
    options: On,
  ) {
    return this.calls.client.getComponentActivity(
      component,
      page,
      await this.token(options),
    );
  }

  async getTeamWorkloads(team: CompoundEntityRef, options: On) {
    return this.calls.client.getTeamWorkloads(team, await this.token(options));
  }

  async getTeamQuota(team: CompoundEntityRef, options: On) {
    return this.calls.client.getTeamQuota(team, await this.token(options));
  }

  async createApp(
    team: CompoundEntityRef | string,
    request: CreateAppRequest,
    options: On,
  ) {
    return this.calls.client.createApp(
      team,
      request,
      await this.token(options),
    );
  }

  async deleteApp(
    cluster: string,
    namespace: string,
    app: string,
    options: On,
  ) {
    return this.calls.client.deleteApp(
      cluster,
      namespace,
      app,
      await this.token(options),
    );
  }

  async listApprovals(
    query: { awaiting?: 'me'; requestedBy?: 'me' },
    options: On,
  ) {
    return this.calls.client.listApprovals(query, await this.token(options));
  }

  async getApproval(id: string, options: On) {
    return this.calls.client.getApproval(id, await this.token(options));
  }

  async approve(id: string, options: On) {
    return this.calls.client.approve(id, await this.token(options));
  }

  async reject(id: string, body: { comment?: string }, options: On) {
    return this.calls.client.reject(id, body, await this.token(options));
  }

  private token({ credentials }: On) {
    return this.calls.as(credentials);
  }
}

/** The compute service for backend plugins. */
export const computeServiceRef = createPluginCallsServiceRef<ComputeService>(
  'atrium.compute',
  HttpComputeService,
);
