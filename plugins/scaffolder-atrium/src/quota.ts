import {
  formatResource,
  parseQuantity,
  type TeamQuota,
} from '@atrium/plugin-compute-common';

export type QuotaResource = 'cpu' | 'memory';

export interface QuotaAsk {
  tier: string;
  clusters: string[];
  replicas: number;
  /** The quantity per replica, e.g. `250m` or `256Mi`. */
  value: string;
  resource: QuotaResource;
}

/**
 * What an App asks of a team's quota on each chosen cluster: `problems` where it does not fit (the tier's hard
 * limit minus what is used), `notes` with the room left where it does. Compute checks the same when the App is
 * created; this is the form's early word.
 */
export function checkQuota(quota: TeamQuota, ask: QuotaAsk) {
  const problems: string[] = [];
  const notes: string[] = [];
  const per = parseQuantity(ask.value);
  if (Number.isNaN(per)) {
    return { problems: [`${ask.value} is not a quantity`], notes };
  }
  const need = per * Math.max(ask.replicas, 1);
  const fmt = (n: number) => formatResource(ask.resource, n);
  for (const name of ask.clusters) {
    const cluster = quota.clusters.find(c => c.cluster.name === name);
    if (!cluster || !cluster.ok) continue;
    const tier = cluster.tiers.find(t => t.tier === ask.tier);
    if (!tier) {
      problems.push(`${name}: the team has no ${ask.tier} quota`);
      continue;
    }
    const free = tier.hard[ask.resource] - tier.used[ask.resource];
    const line = `${name}: ${fmt(need)} asked, ${fmt(
      Math.max(free, 0),
    )} free of ${fmt(tier.hard[ask.resource])} (${ask.tier})`;
    if (need > free) problems.push(`Over quota on ${line}`);
    else notes.push(line);
  }
  return { problems, notes };
}
