import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { OperationsClient } from '@atrium/plugin-operations-common';
import { timelineSourcesExtensionPoint } from '@atrium/plugin-timeline-node';
import { alertsSource } from './source';

/** Adds a component's alerts firing and resolving (plugins/operations-backend) to its timeline. */
export const timelineModuleAlerts = createBackendModule({
  pluginId: 'timeline',
  moduleId: 'alerts',
  register(env) {
    env.registerInit({
      deps: {
        timeline: timelineSourcesExtensionPoint,
        auth: coreServices.auth,
        discovery: coreServices.discovery,
      },
      async init({ timeline, auth, discovery }) {
        timeline.addSource(
          alertsSource({
            auth,
            operations: new OperationsClient({ discoveryApi: discovery }),
          }),
        );
      },
    });
  },
});
