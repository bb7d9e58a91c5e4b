import { createBackendModule } from '@backstage/backend-plugin-api';
import { operationsServiceRef } from '@atrium/plugin-operations-node';
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
        operations: operationsServiceRef,
      },
      async init({ timeline, operations }) {
        timeline.addSource(alertsSource({ operations }));
      },
    });
  },
});
