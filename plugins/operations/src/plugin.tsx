import {
  ApiBlueprint,
  createFrontendPlugin,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/frontend-plugin-api';
import {
  EntityCardBlueprint,
  EntityContentBlueprint,
} from '@backstage/plugin-catalog-react/alpha';
import { OperationsClient } from '@atrium/plugin-operations-common';
import { operationsApiRef } from './api';

/** `api:operations`: the operations backend's client. */
export const operationsApi = ApiBlueprint.make({
  params: defineParams =>
    defineParams({
      api: operationsApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new OperationsClient({ discoveryApi, fetchApi }),
    }),
});

/** Where the Operations tab is under an entity's page (`/catalog/:namespace/:kind/:name/operations`). */
export const OPERATIONS_TAB_PATH = 'operations';

/** `entity-content:operations`: the Operations tab on component pages (metrics and alerts). */
export const operationsEntityContent = EntityContentBlueprint.make({
  params: {
    path: OPERATIONS_TAB_PATH,
    title: 'Operations',
    filter: { kind: 'component' },
    loader: () =>
      import('./components/OperationsTab').then(m => <m.OperationsTab />),
  },
});

/** `entity-card:operations/alerts`: a component's alerts, for its overview (nothing where alerts are not set up). */
export const operationsAlertsEntityCard = EntityCardBlueprint.make({
  name: 'alerts',
  params: {
    filter: { kind: 'component' },
    loader: () =>
      import('./components/AlertsCard').then(m => (
        <m.AlertsCard hideUnlessConfigured />
      )),
  },
});

/** Atrium operations: the Operations tab and the alerts card. */
export default createFrontendPlugin({
  pluginId: 'operations',
  extensions: [
    operationsApi,
    operationsEntityContent,
    operationsAlertsEntityCard,
  ],
});
