import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { CatalogTeams } from './catalog/CatalogTeams';
import { readAdoptionConfig } from './config';
import { createRouter } from './router';
import { DefaultAdoptionService } from './service/DefaultAdoptionService';
import { EventStore, migrateAdoption } from './store/EventStore';
import { InsightsQueries } from './store/InsightsQueries';
import { NpsStore } from './store/NpsStore';

/**
 * Atrium adoption analytics and NPS, at `/api/adoption`: usage events from the app (`POST /events`) and from
 * backend plugins (`adoptionEventsServiceRef`), Insights for platform admins and `adoption.readers`, and the
 * quarterly NPS survey for everyone signed in. Events older than `adoption.retention` are purged by a global
 * scheduled task.
 */
export const adoptionPlugin = createBackendPlugin({
  pluginId: 'adoption',
  register(env) {
    env.registerInit({
      deps: {
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        database: coreServices.database,
        scheduler: coreServices.scheduler,
        httpRouter: coreServices.httpRouter,
        httpAuth: coreServices.httpAuth,
        permissions: coreServices.permissions,
        auth: coreServices.auth,
        catalog: catalogServiceRef,
      },
      async init({
        config,
        logger,
        database,
        scheduler,
        httpRouter,
        httpAuth,
        permissions,
        auth,
        catalog,
      }) {
        const adoption = readAdoptionConfig(config);
        const knex = await database.getClient();
        await migrateAdoption(knex);
        const service = new DefaultAdoptionService({
          config: adoption,
          events: new EventStore(knex, logger),
          queries: new InsightsQueries(knex),
          npsStore: new NpsStore(knex),
          teams: new CatalogTeams(catalog, auth),
          logger,
        });
        logger.info(
          `Adoption: user ids ${
            adoption.pseudonymizeSecret ? 'pseudonymized' : 'stored as refs'
          }, events kept ${adoption.retention.toISO()}, NPS survey ${
            adoption.nps.enabled ? 'on' : 'off'
          }`,
        );

        await scheduler.scheduleTask({
          ...adoption.retentionSchedule,
          id: 'adoption-retention',
          scope: 'global',
          fn: async () => {
            const removed = await service.purge();
            if (removed > 0) {
              logger.info(
                `Adoption: removed ${removed} events older than ${adoption.retention.toISO()}`,
              );
            }
          },
        });

        httpRouter.use(createRouter({ httpAuth, permissions, service }));
      },
    });
  },
});
