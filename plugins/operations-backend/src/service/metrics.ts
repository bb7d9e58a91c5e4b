import type { BackstageCredentials } from '@backstage/backend-plugin-api';
import {
  stringifyEntityRef,
  type CompoundEntityRef,
} from '@backstage/catalog-model';
import { ServiceUnavailableError } from '@backstage/errors';
import {
  METRIC_UNITS,
  type MetricResult,
  type MetricsResponse,
} from '@atrium/plugin-operations-common';
import type { OperationsConfig } from '../config';
import {
  PrometheusQueryError,
  type PrometheusClient,
} from '../prometheus/PrometheusClient';
import {
  dashboardUrl,
  parseWindow,
  queriesFor,
  rateWindow,
  selectorFor,
} from '../prometheus/queries';
import type { OperationsEntities } from './entities';
import { HOW_TO } from './howTo';

/** A component's charts from Prometheus: one range query per metric, each failing on its own. */
export class OperationsMetrics {
  constructor(
    private readonly deps: {
      entities: OperationsEntities;
      config: OperationsConfig;
      prometheus?: PrometheusClient;
    },
  ) {}

  async metrics(
    ref: CompoundEntityRef,
    query: Record<string, unknown>,
    credentials: BackstageCredentials,
  ): Promise<MetricsResponse> {
    const window = parseWindow(query);
    const entity = await this.deps.entities.entity(ref, credentials);
    const entityRef = stringifyEntityRef(entity);
    const prometheus = this.deps.prometheus;
    if (!prometheus) {
      return { configured: false, entityRef, howTo: HOW_TO.prometheus };
    }
    const selector = selectorFor(entity);
    const queries = queriesFor(
      entity,
      rateWindow(window.step, this.deps.config.prometheus?.rateWindow),
    );
    const metrics = await Promise.all(
      queries.map(async ({ metric, query: q }): Promise<MetricResult> => {
        const unit = METRIC_UNITS[metric];
        try {
          const series = await prometheus.queryRange(q, window);
          if (series.length > 1) {
            return {
              ok: false,
              metric,
              unit,
              query: q,
              reason: 'BadQuery',
              message: `The query gives ${series.length} series; a chart needs one (aggregate it, e.g. with sum(...))`,
            };
          }
          return {
            ok: true,
            metric,
            unit,
            query: q,
            points: series[0]?.points ?? [],
          };
        } catch (error) {
          const e =
            error instanceof PrometheusQueryError
              ? error
              : new PrometheusQueryError('Error', String(error));
          return {
            ok: false,
            metric,
            unit,
            query: q,
            reason: e.reason,
            message: e.message,
          };
        }
      }),
    );
    // Prometheus down is one error for the whole answer, not seven.
    const failures = metrics.filter(m => !m.ok) as Array<
      MetricResult & { ok: false }
    >;
    if (
      failures.length === metrics.length &&
      failures.every(f => f.reason === 'Unavailable' || f.reason === 'Timeout')
    ) {
      throw new ServiceUnavailableError(failures[0].message);
    }
    return {
      configured: true,
      entityRef,
      selector,
      ...window,
      dashboardUrl: dashboardUrl(
        this.deps.config.dashboardUrlTemplate,
        entity,
        window,
      ),
      metrics,
    };
  }
}
