import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { CallerCatalog } from '@atrium/plugin-catalog-reads-node';
import { adoptionEventsServiceRef } from '@atrium/plugin-adoption-node';
import { AlertmanagerClient } from './alertmanager/AlertmanagerClient';
import { AlertStore } from './alerts/AlertStore';
import { readOperationsConfig } from './config';
import { catalogAnnotatedComponents } from './funnel/catalogComponents';
import { FirstAlertRuleRecorder } from './funnel/FirstAlertRuleRecorder';
import { FirstAlertRuleStore } from './funnel/FirstAlertRuleStore';
import { PrometheusClient } from './prometheus/PrometheusClient';
import { createRouter } from './router';
import { atriumMetrics } from './selfMetrics';
import { DefaultOperationsService } from './service/DefaultOperationsService';

/**
 * Atrium operations: a component's metrics from Prometheus and its alerts from Alertmanager (with those that
 * resolved, recorded by a poll of Alertmanager every `operations.alerts.pollSeconds`), silences by its owners
 * under `operations.alert.silence` and the auditor, Atrium's own metrics for Prometheus, and the new-service
 * funnel's last step for adoption: each annotated component's first alert rule in Prometheus (a task every
 * `operations.funnel.firstAlertRuleSeconds`). Served at `/api/operations`.
 */
export const operationsPlugin = createBackendPlugin({
  pluginId: 'operations',
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
        auditor: coreServices.auditor,
        auth: coreServices.auth,
        userInfo: coreServices.userInfo,
        catalog: catalogServiceRef,
        adoptionEvents: adoptionEventsServiceRef,
      },
      async init({
        config,
        logger,
        database,
        scheduler,
        httpRouter,
        httpAuth,
        permissions,
        auditor,
        auth,
        userInfo,
        catalog,
        adoptionEvents,
      }) {
        const ops = readOperationsConfig(config);
        const store = await AlertStore.create(await database.getClient(), {
          componentLabel: ops.alerts.componentLabel,
        });
        const prometheus =
          ops.prometheus && new PrometheusClient(ops.prometheus);
        const alertmanager =
          ops.alertmanager && new AlertmanagerClient(ops.alertmanager);
        const service = new DefaultOperationsService({
          config: ops,
          // Every read starts from the component as the caller sees it; the timeline and Home read alerts for
          // the same few components again and again, so the answer is kept a few seconds per caller.
          catalog: new CallerCatalog(catalog, {
            auth,
            userInfo,
            ttlMs: ops.catalogTtlMs,
          }),
          permissions,
          store,
          logger,
          prometheus,
          alertmanager,
        });
        logger.info(
          `Operations: Prometheus ${
            ops.prometheus?.baseUrl ?? 'not configured'
          }, Alertmanager ${ops.alertmanager?.baseUrl ?? 'not configured'}`,
        );

        if (alertmanager) {
          let failing = false;
          await scheduler.scheduleTask({
            id: 'operations-alerts-poll',
            frequency: { seconds: ops.alerts.pollSeconds },
            timeout: { seconds: Math.max(30, ops.alerts.pollSeconds * 2) },
            initialDelay: { seconds: 1 },
            scope: 'global',
            fn: async () => {
              try {
                const { fired, resolved } = await service.poll();
                if (failing) logger.info('Alertmanager answers again');
                failing = false;
                if (fired || resolved) {
                  logger.debug(
                    `Alerts: ${fired} fired, ${resolved} resolved since the last poll`,
                  );
                }
              } catch (error) {
                // Once per outage, not at every poll.
                if (!failing) {
                  logger.warn(
                    `Alerts not recorded: ${(error as Error).message}`,
                  );
                }
                failing = true;
              }
            },
          });
        }

        if (prometheus) {
          const recorder = new FirstAlertRuleRecorder({
            rules: prometheus,
            catalog: catalogAnnotatedComponents(catalog, auth),
            ledger: await FirstAlertRuleStore.create(
              await database.getClient(),
            ),
            adoption: adoptionEvents,
            logger,
            componentLabel: ops.alerts.componentLabel,
          });
          const { firstAlertRuleRuns, firstAlertRulesRecorded } =
            atriumMetrics();
          const seconds = ops.funnel.firstAlertRuleSeconds;
          await scheduler.scheduleTask({
            id: 'operations-first-alert-rules',
            frequency: { seconds },
            timeout: { seconds: Math.max(60, seconds * 2) },
            initialDelay: { seconds: Math.min(seconds, 10) },
            // One replica at a time; the ledger in the database keeps a component from being recorded twice.
            scope: 'global',
            fn: async () => {
              const { outcome, recorded } = await recorder.run();
              firstAlertRuleRuns.inc({ outcome });
              firstAlertRulesRecorded.inc(recorded.length);
            },
          });
        }

        // Prometheus scrapes /metrics without a Backstage token: Backstage tokens are short-lived and minted by
        // the backend, which Prometheus cannot do. The route shows counts and timings only.
        httpRouter.addAuthPolicy({
          path: '/metrics',
          allow: 'unauthenticated',
        });
        httpRouter.use(
          createRouter({
            httpAuth,
            auditor,
            service,
            registry: atriumMetrics().registry,
          }),
        );
      },
    });
  },
});
