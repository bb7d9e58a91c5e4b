import { createApiRef } from '@backstage/frontend-plugin-api';
import type { ComputeApi } from '@atrium/plugin-compute-common';

/** The compute backend's client, as the frontend uses it. */
export const computeApiRef = createApiRef<ComputeApi>().with({
  id: 'plugin.compute.api',
  pluginId: 'compute',
});
