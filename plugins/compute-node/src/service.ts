import {
  coreServices,
  createServiceFactory,
  createServiceRef,
  type AuthService,
  type BackstageCredentials,
  type DiscoveryService,
} from '@backstage/backend-plugin-api';
import {
  ComputeClient,
  type ActivityPage,
  type ComponentWorkloads,
  type EntityName,
  type TeamQuota,
  type TeamWorkloads,
} from '@atrium/plugin-compute-common';

type On = { credentials: BackstageCredentials };

/** The reads other plugins make of compute, on behalf of a caller. */
export interface ComputeService {
  getComponentWorkloads(
    component: EntityName,
    options: On,
  ): Promise<ComponentWorkloads>;
  /** Many components' workloads in one read, in the order asked; null where the caller may not see one. */
  getComponentsWorkloads(
    entityRefs: string[],
    options: On,
  ): Promise<Array<ComponentWorkloads | null>>;
  getComponentActivity(
    component: EntityName,
    page: { limit?: number; before?: number },
    options: On,
  ): Promise<ActivityPage>;
  getTeamWorkloads(team: EntityName, options: On): Promise<TeamWorkloads>;
  getTeamQuota(team: EntityName, options: On): Promise<TeamQuota>;
}

/** How long a token made for a caller is used again for that caller's next reads (it lasts far longer). */
const TOKEN_REUSE_MS = 30_000;

/**
 * Calls the compute backend over HTTP with a token made for the caller, like Backstage's catalog service.
 *
 * Two costs of each call are avoided, as they showed in a CPU profile of the timeline under load (which
 * makes two reads per request): the token is made once per caller's credentials (the same request's
 * credentials object) and reused for a while, rather than signed again for each read; and the answer is asked
 * for without compression (`accept-encoding: identity`), which between two plugins, usually of the same
 * process, costs a gzip and a gunzip for nothing.
 */
export class HttpComputeService implements ComputeService {
  private readonly client: ComputeClient;
  private readonly tokens = new WeakMap<
    BackstageCredentials,
    { at: number; token: Promise<{ token: string }> }
  >();

  constructor(private readonly auth: AuthService, discovery: DiscoveryService) {
    this.client = new ComputeClient({
      discoveryApi: discovery,
      fetchApi: {
        fetch: (input, init) => {
          const headers = new Headers(init?.headers);
          headers.set('accept-encoding', 'identity');
          return fetch(input, { ...init, headers });
        },
      },
    });
  }

  async getComponentWorkloads(component: EntityName, options: On) {
    return this.client.getComponentWorkloads(
      component,
      await this.token(options),
    );
  }

  async getComponentsWorkloads(entityRefs: string[], options: On) {
    return this.client.getComponentsWorkloads(
      entityRefs,
      await this.token(options),
    );
  }

  async getComponentActivity(
    component: EntityName,
    page: { limit?: number; before?: number },
    options: On,
  ) {
    return this.client.getComponentActivity(
      component,
      page,
      await this.token(options),
    );
  }

  async getTeamWorkloads(team: EntityName, options: On) {
    return this.client.getTeamWorkloads(team, await this.token(options));
  }

  async getTeamQuota(team: EntityName, options: On) {
    return this.client.getTeamQuota(team, await this.token(options));
  }

  private async token({ credentials }: On) {
    const made = this.tokens.get(credentials);
    if (made && Date.now() - made.at < TOKEN_REUSE_MS) return made.token;
    const token = this.auth.getPluginRequestToken({
      onBehalfOf: credentials,
      targetPluginId: 'compute',
    });
    this.tokens.set(credentials, { at: Date.now(), token });
    // A token that could not be made is not kept.
    token.catch(() => this.tokens.delete(credentials));
    return token;
  }
}

/** The compute service for backend plugins. */
export const computeServiceRef = createServiceRef<ComputeService>({
  id: 'atrium.compute',
  defaultFactory: async service =>
    createServiceFactory({
      service,
      deps: { auth: coreServices.auth, discovery: coreServices.discovery },
      factory: ({ auth, discovery }) => new HttpComputeService(auth, discovery),
    }),
});
