import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { CatalogChangeLog } from './ChangeLog';
import { createChangeFeedRouter } from './router';

/**
 * The catalog's change feed (see CatalogChangeLog for why triggers on the catalog's own table): installed once
 * the catalog has migrated its database, pruned hourly, read through `catalogChangeFeedServiceRef`.
 */
export const catalogModuleChangeFeed = createBackendModule({
  pluginId: 'catalog',
  moduleId: 'atrium-change-feed',
  register(reg) {
    reg.registerInit({
      deps: {
        // A module gets its plugin's database: this is the catalog's own.
        database: coreServices.database,
        httpRouter: coreServices.httpRouter,
        httpAuth: coreServices.httpAuth,
        lifecycle: coreServices.lifecycle,
        scheduler: coreServices.scheduler,
        logger: coreServices.logger,
      },
      async init({
        database,
        httpRouter,
        httpAuth,
        lifecycle,
        scheduler,
        logger,
      }) {
        const log = new CatalogChangeLog(await database.getClient());
        // Modules start before their plugin, so the catalog's tables exist only from its startup on.
        lifecycle.addStartupHook(async () => {
          await log.install();
          logger.info('Catalog change feed installed');
        });
        await scheduler.scheduleTask({
          id: 'atrium-catalog-change-feed-prune',
          frequency: { hours: 1 },
          timeout: { minutes: 5 },
          initialDelay: { minutes: 5 },
          scope: 'global',
          fn: async () => {
            await log.prune();
          },
        });
        httpRouter.use(createChangeFeedRouter({ log, httpAuth }));
      },
    });
  },
});
