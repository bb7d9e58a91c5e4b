import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { graphqlSchemaExtensionPoint } from '@atrium/plugin-graphql-node';
import { OperationsClient } from '@atrium/plugin-operations-common';
import { openAlertsSchema } from './schema';

/**
 * Adds `Viewer.openAlerts` to the gateway: the viewer's services from the catalog (as Home lists them), and their
 * alerts from the operations backend over HTTP with a token made for the viewer, so the operations backend reads
 * those entities with the viewer's own credentials.
 */
export const graphqlModuleOperations = createBackendModule({
  pluginId: 'graphql',
  moduleId: 'operations',
  register(env) {
    env.registerInit({
      deps: {
        schema: graphqlSchemaExtensionPoint,
        auth: coreServices.auth,
        discovery: coreServices.discovery,
        catalog: catalogServiceRef,
      },
      async init({ schema, auth, discovery, catalog }) {
        const client = new OperationsClient({ discoveryApi: discovery });
        schema.addSchema(
          openAlertsSchema({
            catalog,
            source: {
              async getActiveAlerts(entityRefs, credentials) {
                const { token } = await auth.getPluginRequestToken({
                  onBehalfOf: credentials,
                  targetPluginId: 'operations',
                });
                return client.getActiveAlerts({ entityRefs }, { token });
              },
            },
          }),
        );
      },
    });
  },
});
