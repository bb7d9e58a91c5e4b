/**
 * Atrium's personal Home for backend plugins: `homeServiceRef`, the home backend's reads on behalf of a user.
 *
 * @packageDocumentation
 */
import type { BackstageCredentials } from '@backstage/backend-plugin-api';
import { HomeLayoutClient, type Checklist } from '@atrium/plugin-home-common';
import {
  OnBehalfClient,
  createPluginCallsServiceRef,
  type PluginCallDeps,
} from '@atrium/plugin-identity-node';

type On = { credentials: BackstageCredentials };

/** The reads other plugins make of the home backend, on behalf of a caller. */
export interface HomeService {
  getChecklist(options: On): Promise<Checklist>;
}

/**
 * Calls the home backend over HTTP with a token made for the caller, like Backstage's catalog service (reused
 * for the caller's next reads, answers uncompressed: identity-node's `OnBehalfClient`).
 */
export class HttpHomeService implements HomeService {
  private readonly calls: OnBehalfClient<HomeLayoutClient>;

  constructor(...deps: PluginCallDeps) {
    this.calls = new OnBehalfClient('home', HomeLayoutClient, ...deps);
  }

  async getChecklist({ credentials }: On) {
    return this.calls.client.getChecklist(await this.calls.as(credentials));
  }
}

/** The home service for backend plugins. */
export const homeServiceRef = createPluginCallsServiceRef<HomeService>(
  'atrium.home',
  HttpHomeService,
);
