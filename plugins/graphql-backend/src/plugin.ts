import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { catalogChangeFeedServiceRef } from '@atrium/plugin-catalog-change-feed-node';
import {
  graphqlSchemaExtensionPoint,
  type GraphqlSchemaContribution,
} from '@atrium/plugin-graphql-node';
import { CatalogChangeWatcher } from './cache/CatalogChangeWatcher';
import { ResponseCache } from './cache/ResponseCache';
import { CatalogVersions } from './cache/versions';
import { readGatewayConfig } from './config';
import { Gateway } from './Gateway';
import { createRouter } from './router';
import { coreSchema } from './schema/core';
import { catalogListSchema } from './schema/catalogList';
import { CursorCodec } from './schema/catalogList/cursor';
import { StarredEntities } from './schema/catalogList/starred';

/**
 * Atrium's GraphQL gateway at `/api/graphql`: the viewer, catalog entities with their relations, the catalog
 * list (filtered, sorted, paged, with facet counts), and what
 * other plugins add through `graphqlSchemaExtensionPoint` (compute, through its module), in one round trip.
 * Every read goes out with the caller's credentials; answers are cached per user in the cache service and
 * dropped when the entities behind them change.
 */
export const graphqlPlugin = createBackendPlugin({
  pluginId: 'graphql',
  register(env) {
    const contributions: GraphqlSchemaContribution[] = [];
    env.registerExtensionPoint(graphqlSchemaExtensionPoint, {
      addSchema(contribution) {
        contributions.push(contribution);
      },
    });
    env.registerInit({
      deps: {
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        httpRouter: coreServices.httpRouter,
        httpAuth: coreServices.httpAuth,
        userInfo: coreServices.userInfo,
        auth: coreServices.auth,
        discovery: coreServices.discovery,
        cache: coreServices.cache,
        scheduler: coreServices.scheduler,
        catalog: catalogServiceRef,
        catalogChanges: catalogChangeFeedServiceRef,
      },
      async init({
        config,
        logger,
        httpRouter,
        httpAuth,
        userInfo,
        auth,
        discovery,
        cache,
        scheduler,
        catalog,
        catalogChanges,
      }) {
        const settings = readGatewayConfig(config);
        const { ttlSeconds, changePollSeconds, enabled } =
          settings.responseCache;
        // Versions outlive every answer made from them.
        const versions = new CatalogVersions(
          cache,
          Math.max(2 * ttlSeconds, 3600) * 1000,
        );
        const gateway = new Gateway(
          [
            coreSchema({ catalog }),
            catalogListSchema({
              catalog,
              cursors: new CursorCodec(settings.catalogList.cursorSecret),
            }),
            ...contributions,
          ],
          {
            catalog,
            limits: settings.limits,
            logger,
            starred: new StarredEntities({ discovery, auth }),
            responseCache: enabled
              ? {
                  cache: new ResponseCache(cache, versions),
                  versions,
                  ttlSeconds,
                }
              : undefined,
          },
        );
        if (enabled) {
          const watcher = new CatalogChangeWatcher({
            catalog,
            auth,
            versions,
            logger,
            // What changed since the last scan, from the catalog's change feed: a scan costs what changed.
            feed: catalogChanges,
          });
          await scheduler.scheduleTask({
            id: 'graphql-catalog-changes',
            frequency: { seconds: changePollSeconds },
            timeout: { minutes: 5 },
            initialDelay: { seconds: 1 },
            // Every replica scans, rather than one at a time: the watcher keeps what it saw and its feed cursor
            // in memory, so a global task hopping between replicas left the one that took over comparing with
            // nothing (a removal since the other's last scan went unrecorded, and owners' tokens untouched) or
            // with what it saw many scans ago; and with a cache per process (no Redis), only the replica that
            // ran it dropped stale answers. Writes are idempotent (the same etags; kind and owner tokens touched
            // once more), and a scan reads only what the feed names.
            scope: 'local',
            fn: async () => {
              const changed = await watcher.scan();
              if (changed > 0) {
                logger.debug(
                  `GraphQL response cache: ${changed} entities changed`,
                );
              }
            },
          });
        }
        logger.info(
          `GraphQL gateway: ${
            contributions.length + 1
          } schema part(s), response cache ${
            enabled ? `on (${ttlSeconds} s)` : 'off'
          }`,
        );
        httpRouter.use(createRouter({ gateway, httpAuth, userInfo }));
      },
    });
  },
});
