import type {
  BackstageCredentials,
  BackstageUserPrincipal,
  LoggerService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import type { CallerCatalog } from '@atrium/plugin-catalog-reads-node';
import type { CompoundEntityRef } from '@backstage/catalog-model';
import type { OperationsConfig } from '../config';
import type { AlertmanagerClient } from '../alertmanager/AlertmanagerClient';
import type { AlertStore } from '../alerts/AlertStore';
import type { PrometheusClient } from '../prometheus/PrometheusClient';
import type { SilenceRequest } from '../request/silenceRequest';
import { OperationsAlerts } from './alerts';
import { OperationsEntities } from './entities';
import { OperationsMetrics } from './metrics';
import { OperationsSilences } from './silences';
import type { OperationsService } from './types';

/**
 * The operations service of the plugin: metrics (`metrics.ts`), alerts (`alerts.ts`) and silences
 * (`silences.ts`), each on the components as the caller sees them in the catalog (`entities.ts`).
 */
export class DefaultOperationsService implements OperationsService {
  private readonly metricsPart: OperationsMetrics;
  private readonly alertsPart: OperationsAlerts;
  private readonly silencesPart: OperationsSilences;

  constructor(deps: {
    config: OperationsConfig;
    /** The catalog read with the caller's credentials, its answers kept a few seconds per caller. */
    catalog: Pick<CallerCatalog, 'getEntityByRef' | 'getEntitiesByRefs'>;
    permissions: PermissionsService;
    store: AlertStore;
    logger: LoggerService;
    prometheus?: PrometheusClient;
    alertmanager?: AlertmanagerClient;
  }) {
    const { config, catalog, permissions, store, logger } = deps;
    const entities = new OperationsEntities({
      catalog,
      componentLabel: config.alerts.componentLabel,
    });
    this.metricsPart = new OperationsMetrics({
      entities,
      config,
      prometheus: deps.prometheus,
    });
    this.alertsPart = new OperationsAlerts({
      entities,
      config,
      store,
      alertmanager: deps.alertmanager,
    });
    this.silencesPart = new OperationsSilences({
      entities,
      permissions,
      logger,
      alertmanager: deps.alertmanager,
    });
  }

  metrics(
    ref: CompoundEntityRef,
    query: Record<string, unknown>,
    credentials: BackstageCredentials,
  ) {
    return this.metricsPart.metrics(ref, query, credentials);
  }

  alerts(
    ref: CompoundEntityRef,
    credentials: BackstageCredentials,
    now?: Date,
  ) {
    return this.alertsPart.alerts(ref, credentials, now);
  }

  silence(
    ref: CompoundEntityRef,
    request: SilenceRequest,
    credentials: BackstageCredentials<BackstageUserPrincipal>,
    now?: Date,
  ) {
    return this.silencesPart.silence(ref, request, credentials, now);
  }

  alertEvents(
    entityRef: string,
    range: { from: Date; to: Date },
    credentials: BackstageCredentials,
  ) {
    return this.alertsPart.alertEvents(entityRef, range, credentials);
  }

  activeAlerts(entityRefs: string[], credentials: BackstageCredentials) {
    return this.alertsPart.activeAlerts(entityRefs, credentials);
  }

  poll(now?: Date) {
    return this.alertsPart.poll(now);
  }
}
