import {
  PluginApiClient,
  type PluginApiClientOptions,
} from '@atrium/api-client';
import type { Checklist } from './checklist';
import type {
  EffectiveHomeLayout,
  HomeLayout,
  StoredHomeLayout,
} from './layout';

/** The home backend's API, as the frontend calls it. */
export interface HomeLayoutApi {
  /** The layout that applies to the caller, and where they may save one. */
  getEffectiveLayout(): Promise<EffectiveHomeLayout>;
  saveMyLayout(layout: HomeLayout): Promise<StoredHomeLayout>;
  /** Forgets the caller's own layout: their team's default (or the global one) applies again. */
  resetMyLayout(): Promise<void>;
  getGroupLayout(groupRef: string): Promise<StoredHomeLayout | null>;
  saveGroupLayout(
    groupRef: string,
    layout: HomeLayout,
  ): Promise<StoredHomeLayout>;
  deleteGroupLayout(groupRef: string): Promise<void>;
  getGlobalLayout(): Promise<StoredHomeLayout | null>;
  saveGlobalLayout(layout: HomeLayout): Promise<StoredHomeLayout>;
  deleteGlobalLayout(): Promise<void>;
  /** The first-week checklist with the caller's progress. */
  getChecklist(options?: HomeRequestOptions): Promise<Checklist>;
  /** Marks a step done or not done; answers the checklist as it now is. */
  setChecklistItem(itemId: string, done: boolean): Promise<Checklist>;
}

export interface HomeRequestOptions {
  /** A Backstage token, for callers whose fetch does not add one (backend plugins). */
  token?: string;
}

/** `group:default/team-a` → `/layouts/groups/default/team-a`. */
function groupPath(groupRef: string): string {
  const match = /^group:([^/]+)\/(.+)$/i.exec(groupRef);
  if (!match) {
    throw new Error(`Not a group ref: ${groupRef}`);
  }
  return `/layouts/groups/${encodeURIComponent(match[1])}/${encodeURIComponent(
    match[2],
  )}`;
}

/** A typed client of the home backend (`/api/home`), in the style of Backstage's CatalogClient. */
export class HomeLayoutClient extends PluginApiClient implements HomeLayoutApi {
  constructor(options: PluginApiClientOptions) {
    super('home', options);
  }

  getEffectiveLayout() {
    return this.call<EffectiveHomeLayout>('GET', '/layout');
  }

  saveMyLayout(layout: HomeLayout) {
    return this.call<StoredHomeLayout>('PUT', '/layout', layout);
  }

  async resetMyLayout() {
    await this.call('DELETE', '/layout');
  }

  async getGroupLayout(groupRef: string) {
    return (
      await this.call<{ layout: StoredHomeLayout | null }>(
        'GET',
        groupPath(groupRef),
      )
    ).layout;
  }

  saveGroupLayout(groupRef: string, layout: HomeLayout) {
    return this.call<StoredHomeLayout>('PUT', groupPath(groupRef), layout);
  }

  async deleteGroupLayout(groupRef: string) {
    await this.call('DELETE', groupPath(groupRef));
  }

  async getGlobalLayout() {
    return (
      await this.call<{ layout: StoredHomeLayout | null }>(
        'GET',
        '/layouts/global',
      )
    ).layout;
  }

  saveGlobalLayout(layout: HomeLayout) {
    return this.call<StoredHomeLayout>('PUT', '/layouts/global', layout);
  }

  async deleteGlobalLayout() {
    await this.call('DELETE', '/layouts/global');
  }

  getChecklist(options?: HomeRequestOptions) {
    return this.call<Checklist>('GET', '/checklist', undefined, options);
  }

  setChecklistItem(itemId: string, done: boolean) {
    return this.call<Checklist>(
      'PUT',
      `/checklist/${encodeURIComponent(itemId)}`,
      { done },
    );
  }

  private call<T>(
    method: string,
    path: string,
    body?: unknown,
    options?: HomeRequestOptions,
  ) {
    return this.request<T>({ method, path, body, token: options?.token });
  }
}
