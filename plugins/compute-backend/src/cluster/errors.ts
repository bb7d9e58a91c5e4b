import { ApiException } from '@kubernetes/client-node';
import {
  ConflictError,
  InputError,
  NotFoundError,
  ServiceUnavailableError,
} from '@backstage/errors';
import type { ClusterError } from '@atrium/plugin-compute-common';

/** A cluster that did not answer, or refused Atrium's credentials. */
export class ClusterUnavailableError extends ServiceUnavailableError {
  constructor(readonly cluster: string, readonly detail: ClusterError) {
    super(`Cluster ${cluster}: ${detail.message}`);
  }
}

/**
 * A failed API call as a Backstage error: the API server's 404, 409 and 422 keep their meaning; an unreachable,
 * slow or refusing cluster becomes a ClusterUnavailableError.
 */
export function translateKubeError(
  cluster: string,
  error: unknown,
  signal: AbortSignal | undefined,
  timeoutMs: number,
): Error {
  if (error instanceof ApiException) {
    const message = statusMessage(error.body) ?? `HTTP ${error.code}`;
    switch (error.code) {
      case 404:
        return new NotFoundError(message);
      case 409:
        return new ConflictError(message);
      case 400:
      case 422:
        return new InputError(message);
      case 401:
        return new ClusterUnavailableError(cluster, {
          reason: 'Unauthorized',
          message: "the cluster refused Atrium's credentials (401)",
        });
      case 403:
        return new ClusterUnavailableError(cluster, {
          reason: 'Forbidden',
          message: `Atrium's service account may not do this: ${message}`,
        });
      default:
        return new ClusterUnavailableError(cluster, {
          reason: 'Error',
          message: `the API server answered ${error.code}: ${message}`,
        });
    }
  }
  if (signal?.aborted) {
    return new ClusterUnavailableError(cluster, {
      reason: 'Timeout',
      message: `no answer within ${timeoutMs} ms`,
    });
  }
  const cause = error as {
    code?: string;
    cause?: { code?: string };
    message?: string;
  };
  return new ClusterUnavailableError(cluster, {
    reason: 'Unreachable',
    message: `cannot reach the API server (${
      cause?.cause?.code ?? cause?.code ?? cause?.message ?? 'unknown error'
    })`,
  });
}

/** The message of a Kubernetes Status object, whether the client parsed it or left it as text. */
function statusMessage(body: unknown): string | undefined {
  let value = body;
  if (typeof body === 'string') {
    try {
      value = JSON.parse(body);
    } catch {
      return body.slice(0, 500) || undefined;
    }
  }
  const message = (value as { message?: unknown } | undefined)?.message;
  return typeof message === 'string' ? message : undefined;
}
