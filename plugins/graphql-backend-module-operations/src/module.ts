import { createBackendModule } from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { graphqlSchemaExtensionPoint } from '@atrium/plugin-graphql-node';
import { operationsServiceRef } from '@atrium/plugin-operations-node';
import { openAlertsSchema } from './schema';

/**
 * Adds `Viewer.openAlerts` to the gateway: the viewer's services from the catalog (as Home lists them), and their
 * alerts from the operations service (operations-node: the operations backend called on the viewer's behalf, so
 * it reads those entities with the viewer's own credentials).
 */
export const graphqlModuleOperations = createBackendModule({
  pluginId: 'graphql',
  moduleId: 'operations',
  register(env) {
    env.registerInit({
      deps: {
        schema: graphqlSchemaExtensionPoint,
        catalog: catalogServiceRef,
        operations: operationsServiceRef,
      },
      async init({ schema, catalog, operations }) {
        schema.addSchema(
          openAlertsSchema({
            catalog,
            source: {
              getActiveAlerts: (entityRefs, credentials) =>
                operations.getActiveAlerts(entityRefs, { credentials }),
            },
          }),
        );
      },
    });
  },
});
