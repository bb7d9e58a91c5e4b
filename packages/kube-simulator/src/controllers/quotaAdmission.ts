/**
 * ResourceQuota admission of a new pod (the API server's quota admission plugin, as the pod controller meets it):
 * the refusal message Kubernetes gives when a pod would take a quota of its namespace past its hard limits.
 */
import { formatResource } from '@atrium/plugin-compute-common';
import { quotaExceeded } from '../quota';
import { KubeObject, StoredObject } from '../types';

/** Why the namespace's quotas refuse `pod`, as a FailedCreate message; undefined when they admit it. */
export function quotaRefusal(
  quotas: StoredObject[],
  namespacePods: StoredObject[],
  pod: KubeObject,
): string | undefined {
  for (const quota of quotas) {
    const exceeded = quotaExceeded(quota, namespacePods, pod);
    if (exceeded.length > 0) {
      const fmt = (f: (e: (typeof exceeded)[number]) => number) =>
        exceeded
          .map(e => `${e.resource}=${formatResource(e.resource, f(e))}`)
          .join(',');
      return `Error creating: pods "${
        pod.metadata.name
      }" is forbidden: exceeded quota: ${quota.metadata.name}, requested: ${fmt(
        e => e.requested,
      )}, used: ${fmt(e => e.used)}, limited: ${fmt(e => e.hard)}`;
    }
  }
  return undefined;
}
