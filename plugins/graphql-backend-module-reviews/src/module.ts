import { createBackendModule } from '@backstage/backend-plugin-api';
import { graphqlSchemaExtensionPoint } from '@atrium/plugin-graphql-node';
import { reviewsServiceRef } from '@atrium/plugin-reviews-node';
import { reviewsSchema } from './schema';

/**
 * Adds `Viewer.reviews` to the gateway, read through the reviews service (reviews-node: the reviews backend
 * called on the viewer's behalf, so it reads the viewer's User entity with their own credentials); the viewer's
 * own GitHub token (the `x-github-token` header of their GraphQL request,
 * from their GitHub sign-in) goes along when there is one.
 */
export const graphqlModuleReviews = createBackendModule({
  pluginId: 'graphql',
  moduleId: 'reviews',
  register(env) {
    env.registerInit({
      deps: {
        schema: graphqlSchemaExtensionPoint,
        reviews: reviewsServiceRef,
      },
      async init({ schema, reviews }) {
        schema.addSchema(
          reviewsSchema({
            getMyReviews: (credentials, githubToken) =>
              reviews.getMyReviews({ credentials, githubToken }),
          }),
        );
      },
    });
  },
});
