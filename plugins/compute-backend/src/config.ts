import path from 'node:path';
import type { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';
import { NAME_PATTERN, type ClusterInfo } from '@atrium/plugin-compute-common';

/** One cluster from `compute.clusters`, with how to reach it. */
export interface ClusterConfig extends ClusterInfo {
  url: string;
  auth:
    | { type: 'serviceAccountToken'; token: string }
    | { type: 'clientCertificate'; certData: string; keyData: string };
  caData?: string;
  /**
   * A file with the API server's CA bundle (PEM), as an absolute path. The Kubernetes client reads it at every
   * request, so it may appear after start-up (the embedded simulator writes its CA while the backend starts).
   */
  caFile?: string;
  skipTLSVerify: boolean;
}

export interface ComputeConfig {
  clusters: ClusterConfig[];
  /** How long one cluster may take to answer one request before it counts as down. */
  requestTimeoutMs: number;
  /** The watch-fed cache the reads come from. */
  cache: {
    heartbeatMs: number;
    watchTimeoutSeconds: number;
    /** How long compute reuses the catalog's answer to one caller about one entity; 0: never. */
    catalogTtlMs: number;
  };
}

export const DEFAULT_REQUEST_TIMEOUT_MS = 3000;
export const DEFAULT_HEARTBEAT_MS = 10_000;
export const DEFAULT_WATCH_TIMEOUT_SECONDS = 300;
export const DEFAULT_CATALOG_TTL_MS = 5000;

export function readComputeConfig(config: Config): ComputeConfig {
  const root = config.getOptionalConfig('compute');
  const clusters = (root?.getOptionalConfigArray('clusters') ?? []).map(
    readCluster,
  );
  const seen = new Set<string>();
  for (const c of clusters) {
    if (seen.has(c.name)) {
      throw new InputError(
        `compute.clusters: the name ${c.name} is used twice`,
      );
    }
    seen.add(c.name);
  }
  const cache = root?.getOptionalConfig('cache');
  const heartbeatMs =
    cache?.getOptionalNumber('heartbeatMs') ?? DEFAULT_HEARTBEAT_MS;
  const watchTimeoutSeconds =
    cache?.getOptionalNumber('watchTimeoutSeconds') ??
    DEFAULT_WATCH_TIMEOUT_SECONDS;
  if (!(heartbeatMs >= 100) || !(watchTimeoutSeconds >= 1)) {
    throw new InputError(
      'compute.cache: heartbeatMs must be at least 100 and watchTimeoutSeconds at least 1',
    );
  }
  const catalogTtlMs =
    cache?.getOptionalNumber('catalogTtlMs') ?? DEFAULT_CATALOG_TTL_MS;
  if (!(catalogTtlMs >= 0 && catalogTtlMs <= 60_000)) {
    throw new InputError(
      'compute.cache.catalogTtlMs must be from 0 (off) to 60000 milliseconds',
    );
  }
  return {
    clusters,
    requestTimeoutMs:
      root?.getOptionalNumber('requestTimeoutMs') ?? DEFAULT_REQUEST_TIMEOUT_MS,
    cache: {
      heartbeatMs,
      watchTimeoutSeconds: Math.round(watchTimeoutSeconds),
      catalogTtlMs,
    },
  };
}

function readCluster(c: Config): ClusterConfig {
  const name = c.getString('name');
  if (!NAME_PATTERN.test(name)) {
    throw new InputError(
      `compute.clusters: ${JSON.stringify(
        name,
      )} is not a valid cluster name (lowercase letters, digits and dashes)`,
    );
  }
  const token = c.getOptionalString('serviceAccountToken');
  const certData = c.getOptionalString('clientCertificate');
  const keyData = c.getOptionalString('clientKey');
  let auth: ClusterConfig['auth'];
  if (token && !certData) {
    auth = { type: 'serviceAccountToken', token };
  } else if (certData && keyData && !token) {
    auth = { type: 'clientCertificate', certData, keyData };
  } else {
    throw new InputError(
      `compute.clusters.${name}: give either serviceAccountToken, or clientCertificate and clientKey`,
    );
  }
  const url = c.getString('url').replace(/\/+$/, '');
  const skipTLSVerify = c.getOptionalBoolean('skipTLSVerify') ?? false;
  if (!/^https?:\/\//.test(url)) {
    throw new InputError(
      `compute.clusters.${name}: url must be http(s), got ${JSON.stringify(
        url,
      )}`,
    );
  }
  // @kubernetes/client-node refuses plain http unless TLS verification is off; say so at startup.
  if (url.startsWith('http:') && !skipTLSVerify) {
    throw new InputError(
      `compute.clusters.${name}: ${url} is plain http, which the Kubernetes client only allows with skipTLSVerify: true (for local simulators, never for real clusters)`,
    );
  }
  const caData = c.getOptionalString('caData');
  const caFile = c.getOptionalString('caFile');
  if (caData && caFile) {
    throw new InputError(
      `compute.clusters.${name}: give either caData or caFile, not both`,
    );
  }
  return {
    name,
    region: c.getOptionalString('region'),
    zone: c.getOptionalString('zone'),
    url,
    auth,
    caData,
    // Relative to the working directory, as the other paths in the config.
    caFile: caFile ? path.resolve(caFile) : undefined,
    skipTLSVerify,
  };
}
