import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { CallerCatalog } from '@atrium/plugin-catalog-reads-node';
import { catalogChangeFeedServiceRef } from '@atrium/plugin-catalog-change-feed-node';
import { computeServiceRef } from '@atrium/plugin-compute-node';
import {
  timelineSourcesExtensionPoint,
  type TimelineSource,
} from '@atrium/plugin-timeline-node';
import { createRouter } from './router';
import { Timeline } from './Timeline';
import { computeSource } from './sources/compute';
import {
  CatalogChangeRecorder,
  catalogSource,
} from './sources/CatalogChangeRecorder';

/**
 * Atrium's service timeline, at `/api/timeline`: one chronological view per entity of its deploys, rollbacks
 * and restarts, scaling and other audited actions (from compute), its catalog changes (recorded by a scheduled
 * pass over what the catalog's change feed names), and whatever modules add through `timelineSourcesExtensionPoint` (alerts).
 */
export const timelinePlugin = createBackendPlugin({
  pluginId: 'timeline',
  register(env) {
    const added: TimelineSource[] = [];
    env.registerExtensionPoint(timelineSourcesExtensionPoint, {
      addSource(source) {
        added.push(source);
      },
    });
    env.registerInit({
      deps: {
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        database: coreServices.database,
        scheduler: coreServices.scheduler,
        httpRouter: coreServices.httpRouter,
        httpAuth: coreServices.httpAuth,
        auth: coreServices.auth,
        userInfo: coreServices.userInfo,
        catalog: catalogServiceRef,
        catalogChanges: catalogChangeFeedServiceRef,
        compute: computeServiceRef,
      },
      async init({
        config,
        logger,
        database,
        scheduler,
        httpRouter,
        httpAuth,
        auth,
        userInfo,
        catalog,
        catalogChanges,
        compute,
      }) {
        const pollSeconds =
          config.getOptionalNumber('timeline.catalogPollSeconds') ?? 60;
        const retentionDays =
          config.getOptionalNumber('timeline.catalogRetentionDays') ?? 90;
        const timeoutMs =
          config.getOptionalNumber('timeline.sourceTimeoutMs') ?? 3000;
        if (!(pollSeconds >= 1)) {
          throw new Error('timeline.catalogPollSeconds must be at least 1');
        }
        if (!(retentionDays >= 1)) {
          throw new Error('timeline.catalogRetentionDays must be at least 1');
        }
        if (!(timeoutMs >= 100)) {
          throw new Error('timeline.sourceTimeoutMs must be at least 100');
        }
        const catalogTtlMs =
          config.getOptionalNumber('timeline.catalogTtlMs') ?? 5000;
        if (!(catalogTtlMs >= 0 && catalogTtlMs <= 60_000)) {
          throw new Error(
            'timeline.catalogTtlMs must be from 0 (off) to 60000 milliseconds',
          );
        }

        const recorder = await CatalogChangeRecorder.create({
          knex: await database.getClient(),
          catalog,
          auth,
          // What changed since the last pass, from the catalog's change feed: a pass costs what changed.
          feed: catalogChanges,
          logger,
          retentionDays,
        });
        await scheduler.scheduleTask({
          id: 'timeline-catalog-changes',
          frequency: { seconds: pollSeconds },
          timeout: { minutes: 10 },
          initialDelay: { seconds: Math.min(pollSeconds, 5) },
          scope: 'global',
          fn: async () => {
            const pass = await recorder.pass();
            if (pass.baseline) {
              logger.info('Timeline: catalog baseline recorded');
            } else if (pass.registered + pass.changed + pass.removed > 0) {
              logger.debug(
                `Timeline: catalog ${pass.registered} registered, ${pass.changed} changed, ${pass.removed} removed`,
              );
            }
          },
        });

        const timeline = new Timeline(
          [computeSource(compute), catalogSource(recorder), ...added],
          { timeoutMs },
        );
        logger.info(`Timeline sources: ${timeline.sourceIds.join(', ')}`);
        // The entity each request starts from, the catalog's answer kept a few seconds per caller.
        const entities = new CallerCatalog(catalog, {
          auth,
          userInfo,
          ttlMs: catalogTtlMs,
        });
        httpRouter.use(createRouter({ httpAuth, catalog: entities, timeline }));
      },
    });
  },
});
