import { createBackendModule } from '@backstage/backend-plugin-api';
import { computeServiceRef } from '@atrium/plugin-compute-node';
import { graphqlSchemaExtensionPoint } from '@atrium/plugin-graphql-node';
import { computeSchema } from './schema';

/** Adds `Entity.compute` to the gateway, read through the compute service with the caller's credentials. */
export const graphqlModuleCompute = createBackendModule({
  pluginId: 'graphql',
  moduleId: 'compute',
  register(env) {
    env.registerInit({
      deps: {
        schema: graphqlSchemaExtensionPoint,
        compute: computeServiceRef,
      },
      async init({ schema, compute }) {
        schema.addSchema(computeSchema(compute));
      },
    });
  },
});
