import { createApiRef } from '@backstage/frontend-plugin-api';
import type { HomeLayoutApi } from '@atrium/plugin-home-common';

/** The home backend's client: the user's Home layout, their teams' defaults and the global default. */
export const homeLayoutApiRef = createApiRef<HomeLayoutApi>().with({
  id: 'plugin.home.layout',
  pluginId: 'home',
});
