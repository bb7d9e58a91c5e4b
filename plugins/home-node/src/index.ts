/**
 * Atrium's personal Home for backend plugins: `homeServiceRef`, the home backend's reads on behalf of a user.
 *
 * @packageDocumentation
 */
import {
  coreServices,
  createServiceFactory,
  createServiceRef,
  type AuthService,
  type BackstageCredentials,
  type DiscoveryService,
} from '@backstage/backend-plugin-api';
import { HomeLayoutClient, type Checklist } from '@atrium/plugin-home-common';

type On = { credentials: BackstageCredentials };

/** The reads other plugins make of the home backend, on behalf of a caller. */
export interface HomeService {
  getChecklist(options: On): Promise<Checklist>;
}

/** Calls the home backend over HTTP with a token made for the caller, like Backstage's catalog service. */
export class HttpHomeService implements HomeService {
  private readonly client: HomeLayoutClient;

  constructor(private readonly auth: AuthService, discovery: DiscoveryService) {
    this.client = new HomeLayoutClient({ discoveryApi: discovery });
  }

  async getChecklist({ credentials }: On) {
    const { token } = await this.auth.getPluginRequestToken({
      onBehalfOf: credentials,
      targetPluginId: 'home',
    });
    return this.client.getChecklist({ token });
  }
}

/** The home service for backend plugins. */
export const homeServiceRef = createServiceRef<HomeService>({
  id: 'atrium.home',
  defaultFactory: async service =>
    createServiceFactory({
      service,
      deps: { auth: coreServices.auth, discovery: coreServices.discovery },
      factory: ({ auth, discovery }) => new HttpHomeService(auth, discovery),
    }),
});
