import { parseQuantity } from '@atrium/plugin-compute-common';
import { StoredObject } from './types';

/**
 * Requests of a pod summed over its containers, keyed like quota resources. A Map: it is indexed with the keys
 * of a quota's `spec.hard`, which a request chooses (`constructor` must find nothing).
 */
export function podRequests(pod: StoredObject): Map<string, number> {
  let cpu = 0;
  let memory = 0;
  for (const c of ((pod.spec as any)?.containers ?? []) as any[]) {
    cpu += parseQuantity(c.resources?.requests?.cpu);
    memory += parseQuantity(c.resources?.requests?.memory);
  }
  return new Map([
    ['requests.cpu', cpu],
    ['cpu', cpu],
    ['requests.memory', memory],
    ['memory', memory],
    ['pods', 1],
  ]);
}

/** Whether a quota's scopes select a pod (only the PriorityClass scope is simulated). */
export function quotaSelectsPod(
  quota: StoredObject,
  pod: StoredObject,
): boolean {
  const expressions = ((quota.spec as any)?.scopeSelector?.matchExpressions ??
    []) as any[];
  const priorityClass = (pod.spec as any)?.priorityClassName as
    | string
    | undefined;
  return expressions.every(e => {
    if (e.scopeName !== 'PriorityClass') return true;
    const values: string[] = e.values ?? [];
    switch (e.operator) {
      case 'In':
        return priorityClass !== undefined && values.includes(priorityClass);
      case 'NotIn':
        return priorityClass === undefined || !values.includes(priorityClass);
      case 'Exists':
        return priorityClass !== undefined;
      case 'DoesNotExist':
        return priorityClass === undefined;
      default:
        return false;
    }
  });
}

/** Usage of each resource a quota limits, over the pods it selects. */
export function quotaUsage(
  quota: StoredObject,
  pods: readonly StoredObject[],
): Record<string, number> {
  const hard = ((quota.spec as any)?.hard ?? {}) as Record<string, string>;
  const used: Record<string, number> = Object.fromEntries(
    Object.keys(hard).map(k => [k, 0]),
  );
  for (const pod of pods) {
    if (!quotaSelectsPod(quota, pod)) continue;
    const requests = podRequests(pod);
    for (const key of Object.keys(used)) used[key] += requests.get(key) ?? 0;
  }
  return used;
}

/** The resources a new pod would push over a quota's hard limits; empty if it fits. */
export function quotaExceeded(
  quota: StoredObject,
  pods: readonly StoredObject[],
  pod: StoredObject,
) {
  if (!quotaSelectsPod(quota, pod)) return [];
  const hard = ((quota.spec as any)?.hard ?? {}) as Record<string, string>;
  const used = quotaUsage(quota, pods);
  const requested = podRequests(pod);
  return Object.keys(hard)
    .filter(
      k =>
        requested.has(k) &&
        used[k] + requested.get(k)! > parseQuantity(hard[k]) + 1e-9,
    )
    .map(k => ({
      resource: k,
      requested: requested.get(k)!,
      used: used[k],
      hard: parseQuantity(hard[k]),
    }));
}
