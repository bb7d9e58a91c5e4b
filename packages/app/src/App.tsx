import { createApp } from '@backstage/frontend-defaults';
import { navModule } from './modules/nav';
import { homeModule } from './modules/home';
import { themeModule } from './modules/theme';
import { signInModule } from './modules/signin';
import {
  catalogListModule,
  catalogPrefetchModule,
  graphqlAppModule,
} from '@atrium/plugin-graphql';

// Plugins in package.json are discovered through `app.packages: all`; these modules are Atrium's own.
export default createApp({
  features: [
    navModule,
    homeModule,
    themeModule,
    signInModule,
    graphqlAppModule,
    // The catalog client, with entities read ahead when a link to their page is pointed at.
    catalogPrefetchModule,
    // Atrium's catalog list (filters with counts, server-side paging, rendered on the server) as `page:catalog`.
    catalogListModule,
  ],
});
