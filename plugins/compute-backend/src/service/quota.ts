import {
  formatCpu,
  formatMemory,
  quotaNameOf,
  type App,
} from '@atrium/plugin-compute-common';
import { InputError } from '@backstage/errors';
import type { KubeCluster } from '../cluster/KubeCluster';
import { quantity } from '../cluster/quantity';

/** Refuses a replica count whose extra requests do not fit in the team's quota for the App's tier. */
export async function checkQuota(
  cluster: KubeCluster,
  app: App,
  replicas: number,
) {
  const extra = replicas - app.spec.replicas;
  if (extra <= 0) return;
  const quotas = await cluster.listResourceQuotas(app.metadata.namespace!);
  const quota = quotas.find(
    q => q.metadata?.name === quotaNameOf(app.spec.tier),
  );
  if (!quota) return;
  const perReplica = [
    app.spec.resources,
    ...(app.spec.sidecars ?? []).map(s => s.resources),
  ];
  const cpu = extra * perReplica.reduce((n, r) => n + quantity(r.cpu), 0);
  const memory = extra * perReplica.reduce((n, r) => n + quantity(r.memory), 0);
  const hard = (quota.status?.hard ?? quota.spec?.hard ?? {}) as Record<
    string,
    string
  >;
  const used = (quota.status?.used ?? {}) as Record<string, string>;
  const free = (k: string) =>
    hard[k] === undefined ? Infinity : quantity(hard[k]) - quantity(used[k]);
  const where = `the ${app.spec.tier} quota of ${app.metadata.namespace} in ${cluster.name}`;
  if (cpu > free('requests.cpu') + 1e-9) {
    throw new InputError(
      `${replicas} replicas need ${formatCpu(
        cpu,
      )} CPU more, and ${where} has ${formatCpu(
        Math.max(0, free('requests.cpu')),
      )} CPU free`,
    );
  }
  if (memory > free('requests.memory')) {
    throw new InputError(
      `${replicas} replicas need ${formatMemory(
        memory,
      )} of memory more, and ${where} has ${formatMemory(
        Math.max(0, free('requests.memory')),
      )} free`,
    );
  }
  if (hard.pods !== undefined && extra > free('pods')) {
    throw new InputError(
      `${replicas} replicas do not fit in ${where}: ${free('pods')} pods free`,
    );
  }
}
