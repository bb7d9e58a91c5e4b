import type {
  AuthService,
  BackstageCredentials,
  DiscoveryService,
} from '@backstage/backend-plugin-api';
import type { CompoundEntityRef } from '@backstage/catalog-model';
import { ResponseError } from '@backstage/errors';
import {
  ComputeClient,
  type AppRef,
  type AppView,
  type ImageTags,
  type Tier,
} from '@atrium/plugin-compute-common';
import type { ComputeService } from '@atrium/plugin-compute-node';
import {
  OnBehalfTokens,
  uncompressedFetchApi,
} from '@atrium/plugin-identity-node';
import type { AppLocation } from './journal';

type On = { credentials: BackstageCredentials };
const enc = encodeURIComponent;

/** `POST /api/compute/teams/{namespace}/{name}/apps`: the body. */
export interface CreateAppsRequest {
  name: string;
  component: string;
  tier: Tier;
  clusters: string[];
  replicas: number;
  resources: { cpu: string; memory: string };
  image: string;
  scaler?: { minReplicas: number; maxReplicas: number };
  dryRun?: boolean;
}

/** ...and its answer (201, or 200 with `manifests` for a dry run). */
export interface CreateAppsResponse {
  dryRun: boolean;
  apps: Array<AppLocation & { resourceVersion?: string }>;
  scalers: Array<AppLocation & { resourceVersion?: string }>;
  manifests?: unknown[];
}

/** The writes compute-node's ComputeService offers other plugins (issue 18's contract). */
export interface ComputeWrites {
  createApp(
    team: CompoundEntityRef,
    request: CreateAppsRequest,
    options: On,
  ): Promise<CreateAppsResponse>;
  deleteApp(
    cluster: string,
    namespace: string,
    app: string,
    options: On,
  ): Promise<void>;
}

/**
 * What the actions need of compute, always with the initiator's credentials (compute applies its own rules:
 * team membership, quota): creating and deleting Apps through `ComputeService.createApp/deleteApp`, and the
 * image tags, the deploy and the App's state through compute-common's client.
 *
 * Where the compute service does not have createApp/deleteApp yet, the same routes are called over HTTP.
 */
export class SelfServiceCompute {
  private readonly client: ComputeClient;
  private readonly tokens: OnBehalfTokens;

  private readonly service: Partial<ComputeWrites>;

  constructor(
    service: ComputeService,
    auth: AuthService,
    private readonly discovery: DiscoveryService,
  ) {
    this.service = service as unknown as Partial<ComputeWrites>;
    this.tokens = new OnBehalfTokens(auth, 'compute');
    this.client = new ComputeClient({
      discoveryApi: discovery,
      fetchApi: uncompressedFetchApi,
    });
  }

  async createApp(
    team: CompoundEntityRef,
    request: CreateAppsRequest,
    options: On,
  ): Promise<CreateAppsResponse> {
    if (typeof this.service.createApp === 'function') {
      return this.service.createApp(team, request, options);
    }
    const res = await this.fetch(
      `/teams/${enc(team.namespace)}/${enc(team.name)}/apps`,
      options,
      { method: 'POST', body: JSON.stringify(request) },
    );
    return (await res.json()) as CreateAppsResponse;
  }

  /** Deletes an App; an App already gone is not an error. */
  async deleteApp(app: AppRef, options: On): Promise<void> {
    try {
      if (typeof this.service.deleteApp === 'function') {
        await this.service.deleteApp(
          app.cluster,
          app.namespace,
          app.name,
          options,
        );
        return;
      }
      await this.fetch(
        `/clusters/${enc(app.cluster)}/namespaces/${enc(
          app.namespace,
        )}/apps/${enc(app.name)}`,
        options,
        { method: 'DELETE' },
      );
    } catch (error) {
      if ((error as ResponseError)?.response?.status === 404) return;
      if ((error as Error)?.name === 'NotFoundError') return;
      throw error;
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

  private async fetch(path: string, options: On, init: RequestInit) {
    const { token } = await this.tokens.token(options.credentials);
    const res = await uncompressedFetchApi.fetch(
      `${await this.discovery.getBaseUrl('compute')}${path}`,
      {
        ...init,
        headers: {
          authorization: `Bearer ${token}`,
          'content-type': 'application/json',
        },
      },
    );
    if (!res.ok) throw await ResponseError.fromResponse(res);
    return res;
  }
}
