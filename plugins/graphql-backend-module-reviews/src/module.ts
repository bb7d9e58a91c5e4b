import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { graphqlSchemaExtensionPoint } from '@atrium/plugin-graphql-node';
import { ReviewsClient } from '@atrium/plugin-reviews-common';
import { reviewsSchema } from './schema';

/**
 * Adds `Viewer.reviews` to the gateway, read from the reviews backend over HTTP with a token made for the
 * viewer (as Backstage's catalog service does), so the reviews backend reads the viewer's User entity with
 * their own credentials; the viewer's own GitHub token (the `x-github-token` header of their GraphQL request,
 * from their GitHub sign-in) goes along when there is one.
 */
export const graphqlModuleReviews = createBackendModule({
  pluginId: 'graphql',
  moduleId: 'reviews',
  register(env) {
    env.registerInit({
      deps: {
        schema: graphqlSchemaExtensionPoint,
        auth: coreServices.auth,
        discovery: coreServices.discovery,
      },
      async init({ schema, auth, discovery }) {
        const client = new ReviewsClient({ discoveryApi: discovery });
        schema.addSchema(
          reviewsSchema({
            async getMyReviews(credentials, githubToken) {
              const { token } = await auth.getPluginRequestToken({
                onBehalfOf: credentials,
                targetPluginId: 'reviews',
              });
              return client.getMyReviews({ token, githubToken });
            },
          }),
        );
      },
    });
  },
});
