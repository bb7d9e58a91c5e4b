import type { Config } from '@backstage/config';
import { readDurationFromConfig } from '@backstage/config';
import { InputError } from '@backstage/errors';
import { durationToMilliseconds, type HumanDuration } from '@backstage/types';
import { CronExpressionParser } from 'cron-parser';
import { DateTime, IANAZone } from 'luxon';

/** A change freeze: a fixed span (start to end), or one that recurs (a cron expression and a duration). */
export type FreezeWindow = { name: string; timeZone: string } & (
  | { kind: 'span'; start: DateTime; end: DateTime }
  | { kind: 'recurring'; cron: string; durationMs: number }
);

export interface ApprovalsConfig {
  enabled: boolean;
  /** How long a request waits for a decision before it expires. */
  expiresAfterMs: number;
  /** How often the expiry task runs (one replica per run). */
  expiryCheckInterval: HumanDuration;
  /** A change of replicas (or of a Scaler's bounds) by more than this share of the current value needs approval. */
  replicaShare: number;
  rules: {
    reservedTier: boolean;
    criticalAlert: boolean;
    freezeWindows: boolean;
    replicaShare: boolean;
  };
  freezeWindows: FreezeWindow[];
}

export const DEFAULT_EXPIRES_AFTER: HumanDuration = { hours: 24 };
export const DEFAULT_EXPIRY_CHECK_INTERVAL: HumanDuration = { minutes: 1 };
export const DEFAULT_REPLICA_SHARE = 0.5;

const duration = (config: Config, key: string, fallback: HumanDuration) =>
  config.has(key) ? readDurationFromConfig(config, { key }) : fallback;

/** Reads `compute.approvals`; off unless `enabled`, and every rule on unless turned off. */
export function readApprovalsConfig(root: Config): ApprovalsConfig {
  const config = root.getOptionalConfig('compute.approvals');
  const rules = config?.getOptionalConfig('rules');
  const rule = (key: string) => rules?.getOptionalBoolean(key) ?? true;
  const replicaShare =
    config?.getOptionalNumber('replicaShare') ?? DEFAULT_REPLICA_SHARE;
  if (!(replicaShare > 0)) {
    throw new InputError(
      `compute.approvals.replicaShare must be above 0, not ${replicaShare}`,
    );
  }
  const expiresAfterMs = durationToMilliseconds(
    config
      ? duration(config, 'expiresAfter', DEFAULT_EXPIRES_AFTER)
      : DEFAULT_EXPIRES_AFTER,
  );
  if (!(expiresAfterMs >= 1000)) {
    throw new InputError('compute.approvals.expiresAfter must be 1s or more');
  }
  return {
    enabled: config?.getOptionalBoolean('enabled') ?? false,
    expiresAfterMs,
    expiryCheckInterval: config
      ? duration(config, 'expiryCheckInterval', DEFAULT_EXPIRY_CHECK_INTERVAL)
      : DEFAULT_EXPIRY_CHECK_INTERVAL,
    replicaShare,
    rules: {
      reservedTier: rule('reservedTier'),
      criticalAlert: rule('criticalAlert'),
      freezeWindows: rule('freezeWindows'),
      replicaShare: rule('replicaShare'),
    },
    freezeWindows: (config?.getOptionalConfigArray('freezeWindows') ?? []).map(
      readFreezeWindow,
    ),
  };
}

function readFreezeWindow(config: Config): FreezeWindow {
  const name = config.getString('name');
  const where = `compute.approvals.freezeWindows '${name}'`;
  const timeZone = config.getOptionalString('timeZone') ?? 'UTC';
  if (!IANAZone.isValidZone(timeZone)) {
    throw new InputError(`${where}: unknown time zone ${timeZone}`);
  }
  const cron = config.getOptionalString('cron');
  if (cron !== undefined) {
    if (config.has('start') || config.has('end')) {
      throw new InputError(
        `${where}: give start and end, or cron and duration`,
      );
    }
    try {
      CronExpressionParser.parse(cron, { tz: timeZone });
    } catch (error) {
      throw new InputError(`${where}: ${(error as Error).message}`);
    }
    const durationMs = durationToMilliseconds(
      readDurationFromConfig(config, { key: 'duration' }),
    );
    if (!(durationMs > 0)) {
      throw new InputError(`${where}: duration must be above 0`);
    }
    return { name, timeZone, kind: 'recurring', cron, durationMs };
  }
  const at = (key: string) => {
    const value = DateTime.fromISO(config.getString(key), { zone: timeZone });
    if (!value.isValid) {
      throw new InputError(
        `${where}: ${key} is not an ISO 8601 date and time (${value.invalidExplanation})`,
      );
    }
    return value;
  };
  const start = at('start');
  const end = at('end');
  if (end <= start) throw new InputError(`${where}: end is not after start`);
  return { name, timeZone, kind: 'span', start, end };
}
