import { createApiRef } from '@backstage/frontend-plugin-api';
import type { OperationsApi } from '@atrium/plugin-operations-common';

/** The operations backend's client, as the frontend uses it. */
export const operationsApiRef = createApiRef<OperationsApi>().with({
  id: 'plugin.operations.api',
  pluginId: 'operations',
});
