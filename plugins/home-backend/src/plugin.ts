import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { readIdentityConfig } from '@atrium/plugin-identity-node';
import { FirstWeekChecklist, readChecklistConfig } from './Checklist';
import { HomeLayouts } from './HomeLayouts';
import { LayoutStore } from './LayoutStore';
import { createRouter } from './router';

/**
 * Atrium's personal Home on the server: each user's widget layout, saved per user, a team's default for its
 * members and the platform admins' default for everyone, and the first-week checklist with each user's
 * progress. Served at `/api/home`.
 */
export const homePlugin = createBackendPlugin({
  pluginId: 'home',
  register(env) {
    env.registerInit({
      deps: {
        config: coreServices.rootConfig,
        database: coreServices.database,
        httpRouter: coreServices.httpRouter,
        httpAuth: coreServices.httpAuth,
        userInfo: coreServices.userInfo,
        auditor: coreServices.auditor,
        catalog: catalogServiceRef,
      },
      async init({
        config,
        database,
        httpRouter,
        httpAuth,
        userInfo,
        auditor,
        catalog,
      }) {
        const knex = await database.getClient();
        const store = await LayoutStore.create(knex);
        const checklist = new FirstWeekChecklist(
          knex,
          readChecklistConfig(config),
        );
        const layouts = new HomeLayouts({
          store,
          catalog,
          userInfo,
          identity: readIdentityConfig(config),
        });
        httpRouter.use(createRouter({ httpAuth, auditor, layouts, checklist }));
      },
    });
  },
});
