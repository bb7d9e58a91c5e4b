import { createBackendModule } from '@backstage/backend-plugin-api';
import { graphqlSchemaExtensionPoint } from '@atrium/plugin-graphql-node';
import { homeServiceRef } from '@atrium/plugin-home-node';
import { homeSchema } from './schema';

/** Adds `Viewer.checklist` to the gateway, read through the home service with the caller's credentials. */
export const graphqlModuleHome = createBackendModule({
  pluginId: 'graphql',
  moduleId: 'home',
  register(env) {
    env.registerInit({
      deps: { schema: graphqlSchemaExtensionPoint, home: homeServiceRef },
      async init({ schema, home }) {
        schema.addSchema(homeSchema(home));
      },
    });
  },
});
