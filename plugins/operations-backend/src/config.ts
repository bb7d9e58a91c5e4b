import type { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';

export interface OperationsConfig {
  prometheus?: { baseUrl: string; timeoutMs: number; rateWindow?: string };
  alertmanager?: { baseUrl: string; timeoutMs: number };
  dashboardUrlTemplate?: string;
  /** How long a caller's catalog answer is kept for reads, in ms; 0 asks the catalog on every read. */
  catalogTtlMs: number;
  alerts: {
    componentLabel: string;
    pollSeconds: number;
    retentionDays: number;
  };
  /** How often the new-service funnel's first alert rules are looked for in Prometheus, in seconds. */
  funnel: { firstAlertRuleSeconds: number };
}

export const DEFAULT_TIMEOUT_MS = 5000;
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;
/** A PromQL duration: `30s`, `5m`, `1h30m`. */
export const PROM_DURATION = /^(\d+(ms|s|m|h|d|w|y))+$/;

export function readOperationsConfig(config: Config): OperationsConfig {
  const root = config.getOptionalConfig('operations');
  const url = (key: string) => {
    const value = root?.getOptionalString(key);
    if (value === undefined || value === '') return undefined;
    if (!/^https?:\/\/[^/]/.test(value)) {
      throw new InputError(
        `operations.${key} must be an http(s) URL, got ${JSON.stringify(
          value,
        )}`,
      );
    }
    return value.replace(/\/+$/, '');
  };
  const positive = (key: string, fallback: number, max = Infinity) => {
    const value = root?.getOptionalNumber(key) ?? fallback;
    if (!(value > 0) || value > max) {
      throw new InputError(
        `operations.${key} must be a number above 0${
          Number.isFinite(max) ? ` and at most ${max}` : ''
        }, got ${value}`,
      );
    }
    return value;
  };

  const promUrl = url('prometheus.baseUrl');
  const rateWindow = root?.getOptionalString('prometheus.rateWindow');
  if (rateWindow !== undefined && !PROM_DURATION.test(rateWindow)) {
    throw new InputError(
      `operations.prometheus.rateWindow must be a Prometheus duration like 5m, got ${JSON.stringify(
        rateWindow,
      )}`,
    );
  }
  const amUrl = url('alertmanager.baseUrl');
  const componentLabel =
    root?.getOptionalString('alerts.componentLabel') ?? 'component';
  if (!LABEL_NAME.test(componentLabel)) {
    throw new InputError(
      `operations.alerts.componentLabel must be a label name, got ${JSON.stringify(
        componentLabel,
      )}`,
    );
  }
  const catalogTtlMs = root?.getOptionalNumber('catalogTtlMs') ?? 5000;
  if (!(catalogTtlMs >= 0 && catalogTtlMs <= 60_000)) {
    throw new InputError(
      `operations.catalogTtlMs must be from 0 (off) to 60000 milliseconds, got ${catalogTtlMs}`,
    );
  }
  return {
    catalogTtlMs,
    prometheus: promUrl
      ? {
          baseUrl: promUrl,
          timeoutMs: positive('prometheus.timeoutMs', DEFAULT_TIMEOUT_MS),
          rateWindow,
        }
      : undefined,
    alertmanager: amUrl
      ? {
          baseUrl: amUrl,
          timeoutMs: positive('alertmanager.timeoutMs', DEFAULT_TIMEOUT_MS),
        }
      : undefined,
    dashboardUrlTemplate:
      root?.getOptionalString('dashboards.urlTemplate') || undefined,
    alerts: {
      componentLabel,
      pollSeconds: positive('alerts.pollSeconds', 30, 3600),
      retentionDays: positive('alerts.retentionDays', 30, 3650),
    },
    funnel: {
      firstAlertRuleSeconds: positive(
        'funnel.firstAlertRuleSeconds',
        300,
        86_400,
      ),
    },
  };
}
