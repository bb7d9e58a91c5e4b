import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { signalsServiceRef } from '@backstage/plugin-signals-node';
import { readIdentityConfig } from '@atrium/plugin-identity-node';
import {
  CallerCatalog,
  displayNamesOf,
} from '@atrium/plugin-catalog-reads-node';
import { adoptionEventsServiceRef } from '@atrium/plugin-adoption-node';
import { notificationService } from '@backstage/plugin-notifications-node';
import {
  computeApprovalRulesExtensionPoint,
  type ComputeApprovalRule,
} from '@atrium/plugin-compute-node';
import { operationsServiceRef } from '@atrium/plugin-operations-node';
import { ApprovalAccess } from './approvals/access';
import { ApprovalRulesGate } from './approvals/ApprovalRulesGate';
import { ApprovalService } from './approvals/ApprovalService';
import { ApprovalStore } from './approvals/ApprovalStore';
import { readApprovalsConfig } from './approvals/config';
import { scheduleApprovalExpiry } from './approvals/expiry';
import { ApprovalNotifier } from './approvals/notifications';
import { builtInRules } from './approvals/rules';
import { ComputeAuditStore } from './audit/ComputeAuditStore';
import {
  readAuditRetentionDays,
  readAuditRetentionSchedule,
  scheduleAuditRetention,
} from './audit/retention';
import { ClusterSet } from './cluster/ClusterSet';
import { readComputeConfig } from './config';
import { createRegistry } from './registry';
import { createRouter } from './router';
import { ComputeActions } from './service/ComputeActions';
import { ComputeCreation } from './service/ComputeCreation';
import { ComputeDeletion } from './service/ComputeDeletion';
import { ComputeReader } from './service/ComputeReader';
import { ComputeRecords } from './service/ComputeRecords';
import { ComputeSignals } from './service/ComputeSignals';
import type { OwnerActionDeps } from './service/ownerCheck';

/**
 * Atrium compute: a component's Apps and Scalers across the configured Kubernetes clusters, its pods, events
 * and logs, its team's quotas, the owners' actions (scale, restart, deploy, roll back, Scaler bounds, delete)
 * under the ownership permission, and the self-service creation of a team's Apps (`compute.app.create`), all
 * under an audit, each applied one announced as a Backstage signal on the component's channel. Served at
 * `/api/compute`.
 */
export const computePlugin = createBackendPlugin({
  pluginId: 'compute',
  register(env) {
    // Modules add approval rules; the built-in ones (config: compute.approvals.rules) come first.
    const addedRules: ComputeApprovalRule[] = [];
    env.registerExtensionPoint(computeApprovalRulesExtensionPoint, {
      addRule(rule) {
        addedRules.push(rule);
      },
    });
    env.registerInit({
      deps: {
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        lifecycle: coreServices.lifecycle,
        database: coreServices.database,
        scheduler: coreServices.scheduler,
        httpRouter: coreServices.httpRouter,
        httpAuth: coreServices.httpAuth,
        permissions: coreServices.permissions,
        auth: coreServices.auth,
        userInfo: coreServices.userInfo,
        catalog: catalogServiceRef,
        signals: signalsServiceRef,
        adoptionEvents: adoptionEventsServiceRef,
        notifications: notificationService,
        operations: operationsServiceRef,
      },
      async init({
        config,
        logger,
        lifecycle,
        database,
        scheduler,
        httpRouter,
        httpAuth,
        permissions,
        auth,
        userInfo,
        catalog,
        signals,
        adoptionEvents,
        notifications,
        operations,
      }) {
        const computeConfig = readComputeConfig(config);
        const auditRetentionDays = readAuditRetentionDays(config);
        const auditRetentionSchedule = readAuditRetentionSchedule(config);
        const clusters = new ClusterSet(computeConfig, logger);
        // The reads come from each cluster's watch-fed cache: start the informers now, stop them on shutdown.
        clusters.start();
        lifecycle.addShutdownHook(() => clusters.stop());
        const registry = createRegistry(config, { logger });
        const audit = await ComputeAuditStore.create(
          await database.getClient(),
          {
            // Each settled action counts in adoption's Insights (compute actions by week and kind).
            onSettle: record =>
              adoptionEvents
                .record(
                  [
                    {
                      action: 'compute.action',
                      subject: record.app,
                      context: {
                        pluginId: 'compute',
                        entityRef: record.entityRef,
                      },
                      attributes: {
                        kind: record.action,
                        outcome: record.result,
                        cluster: record.cluster,
                      },
                    },
                  ],
                  { userEntityRef: record.actor },
                )
                .catch(error =>
                  logger.warn(
                    `Compute action not recorded for adoption: ${error}`,
                  ),
                ),
          },
        );
        await scheduleAuditRetention({
          scheduler,
          logger,
          store: audit,
          retentionDays: auditRetentionDays,
          schedule: auditRetentionSchedule,
        });
        const catalogReads = new CallerCatalog(catalog, {
          auth,
          userInfo,
          ttlMs: computeConfig.cache.catalogTtlMs,
        });
        const reader = new ComputeReader(clusters, catalogReads);
        const computeSignals = new ComputeSignals({
          signals,
          logger,
          platformAdmins: readIdentityConfig(config).platformAdmins,
        });
        const approvalsConfig = readApprovalsConfig(config);
        const approvalStore = new ApprovalStore(await database.getClient());
        const notifier = new ApprovalNotifier({
          notifications,
          logger,
          displayNames: async refs =>
            displayNamesOf(
              catalog,
              refs,
              await auth.getOwnServiceCredentials(),
            ),
        });
        const approvalGate = new ApprovalRulesGate({
          enabled: approvalsConfig.enabled,
          expiresAfterMs: approvalsConfig.expiresAfterMs,
          rules: [
            ...builtInRules(approvalsConfig, { operations, logger }),
            ...addedRules,
          ],
          store: approvalStore,
          audit,
          notifier,
          logger,
        });
        const ownerActionDeps: OwnerActionDeps = {
          clusters,
          permissions,
          audit,
          signals: computeSignals,
          logger,
        };
        const actions = new ComputeActions({
          ...ownerActionDeps,
          reader,
          registry,
          approvals: approvalGate,
        });
        const creation = new ComputeCreation({
          ...ownerActionDeps,
          catalog: catalogReads,
          registry,
          approvals: approvalGate,
        });
        const approvals = new ApprovalService({
          store: approvalStore,
          access: new ApprovalAccess({
            userInfo,
            catalog,
            auth,
            platformAdmins: readIdentityConfig(config).platformAdmins,
          }),
          catalog: catalogReads,
          actions,
          creation,
          audit,
          notifier,
          logger,
        });
        await scheduleApprovalExpiry({
          scheduler,
          logger,
          service: approvals,
          interval: approvalsConfig.expiryCheckInterval,
        });
        const deletion = new ComputeDeletion({
          ...ownerActionDeps,
          reader,
          mayCreateFor: (team, credentials) =>
            creation.mayCreateFor(team, credentials),
        });
        logger.info(
          `Compute: ${computeConfig.clusters.length} cluster(s): ${
            computeConfig.clusters
              .map(c => `${c.name} (${c.url})`)
              .join(', ') || 'none configured'
          }`,
        );
        httpRouter.use(
          createRouter({
            httpAuth,
            reader,
            records: new ComputeRecords({ reader, audit, registry }),
            actions,
            creation,
            deletion,
            approvals,
            clusters: clusters.clusters.map(c => c.info),
          }),
        );
      },
    });
  },
});
