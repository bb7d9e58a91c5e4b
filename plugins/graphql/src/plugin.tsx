import {
  createFrontendModule,
  createFrontendPlugin,
} from '@backstage/frontend-plugin-api';
import { AppRootWrapperBlueprint } from '@backstage/plugin-app-react';
import { EntityCardBlueprint } from '@backstage/plugin-catalog-react/alpha';
import { AtriumApolloRoot } from './AtriumApolloRoot';

/** `entity-card:graphql/overview`: the overview read through the gateway, first on every entity's page. */
export const entityOverviewCard = EntityCardBlueprint.make({
  name: 'overview',
  params: {
    type: 'content',
    loader: () =>
      import('./EntityOverviewCard').then(m => <m.EntityOverviewCard />),
  },
});

/** Atrium's GraphQL gateway in the app: the entity overview card. */
export default createFrontendPlugin({
  pluginId: 'graphql',
  extensions: [entityOverviewCard],
});

/** `app-root-wrapper:app/apollo`: the Apollo Client and the session cookie, around the whole app. */
export const graphqlAppModule = createFrontendModule({
  pluginId: 'app',
  extensions: [
    AppRootWrapperBlueprint.make({
      name: 'apollo',
      params: { component: AtriumApolloRoot },
    }),
  ],
});
