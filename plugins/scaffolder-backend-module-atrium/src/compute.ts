import type {
  AuthService,
  BackstageCredentials,
  DiscoveryService,
} from '@backstage/backend-plugin-api';
import type { CompoundEntityRef } from '@backstage/catalog-model';
import {
  ComputeClient,
  type AppRef,
  type AppView,
  type ApprovalCheck,
  type CreateAppRequest,
  type CreateAppResponse,
  type ImageTags,
} from '@atrium/plugin-compute-common';
import type { ComputeService } from '@atrium/plugin-compute-node';
import {
  OnBehalfTokens,
  uncompressedFetchApi,
} from '@atrium/plugin-identity-node';

type On = { credentials: BackstageCredentials };

/** Whether compute answered `status` (a ResponseError) or threw Backstage's error of that name. */
const answered = (error: unknown, status: number, name: string) =>
  (error as { response?: { status?: number } })?.response?.status === status ||
  (error as Error)?.name === name;

export const isNotFound = (error: unknown) =>
  answered(error, 404, 'NotFoundError');

/** A 409: the App changed since it was read (a rollout's status moves its resourceVersion). */
export const isConflict = (error: unknown) =>
  answered(error, 409, 'ConflictError');

/**
 * What the actions need of compute, always with the initiator's credentials (compute applies its own rules:
 * team membership, quota, names): creating and deleting Apps through compute-node's `ComputeService`, and the
 * image tags, the deploy and the App's state through compute-common's client (the service has no such calls).
 */
export class SelfServiceCompute {
  private readonly client: ComputeClient;
  private readonly tokens: OnBehalfTokens;

  constructor(
    private readonly service: ComputeService,
    auth: AuthService,
    discovery: DiscoveryService,
  ) {
    this.tokens = new OnBehalfTokens(auth, 'compute');
    this.client = new ComputeClient({
      discoveryApi: discovery,
      fetchApi: uncompressedFetchApi,
    });
  }

  createApp(
    team: CompoundEntityRef,
    request: CreateAppRequest,
    options: On,
  ): Promise<CreateAppResponse> {
    return this.service.createApp(team, request, options);
  }

  /** Whether creating this App would need approval, and why; creates nothing. */
  async checkCreateApp(
    team: CompoundEntityRef,
    request: CreateAppRequest,
    options: On,
  ): Promise<ApprovalCheck> {
    return this.client.checkCreateApp(
      team,
      request,
      await this.tokens.token(options.credentials),
    );
  }

  /** Deletes an App and its Scaler; an App already gone is not an error. */
  async deleteApp(app: AppRef, options: On): Promise<void> {
    try {
      await this.service.deleteApp(
        app.cluster,
        app.namespace,
        app.name,
        options,
      );
    } catch (error) {
      if (!isNotFound(error)) throw error;
    }
  }

  async getApp(app: AppRef, options: On): Promise<AppView> {
    return this.client.getApp(
      app,
      await this.tokens.token(options.credentials),
    );
  }

  async getImageTags(app: AppRef, options: On): Promise<ImageTags> {
    return this.client.getImageTags(
      app,
      await this.tokens.token(options.credentials),
    );
  }

  async deploy(
    app: AppRef,
    request: { resourceVersion: string; version: string },
    options: On,
  ) {
    return this.client.deploy(
      app,
      request,
      await this.tokens.token(options.credentials),
    );
  }
}
