import type { TeamQuota } from '@atrium/plugin-compute-common';
import { checkQuota } from './quota';

const quota: TeamQuota = {
  entityRef: 'group:default/team-payments',
  namespace: 'team-payments',
  clusters: [
    {
      cluster: { name: 'eu' },
      ok: true,
      tiers: [
        {
          tier: 'on-demand',
          hard: { cpu: 4, memory: 8 * 2 ** 30 },
          used: { cpu: 3, memory: 2 ** 30 },
        },
      ],
    },
    {
      cluster: { name: 'us' },
      ok: true,
      tiers: [
        {
          tier: 'on-demand',
          hard: { cpu: 8, memory: 8 * 2 ** 30 },
          used: { cpu: 0, memory: 0 },
        },
      ],
    },
  ],
};

describe('checkQuota', () => {
  const ask = (over: object) => ({
    tier: 'on-demand',
    clusters: ['eu', 'us'],
    replicas: 2,
    value: '250m',
    resource: 'cpu' as const,
    ...over,
  });

  it('fits: the room left on each cluster', () => {
    const r = checkQuota(quota, ask({}));
    expect(r.problems).toEqual([]);
    expect(r.notes).toEqual([
      'eu: 500m asked, 1 free of 4 (on-demand)',
      'us: 500m asked, 8 free of 8 (on-demand)',
    ]);
  });

  it('names the cluster where replicas × request is over the tier', () => {
    const r = checkQuota(quota, ask({ replicas: 3, value: '500m' }));
    expect(r.problems).toEqual([
      'Over quota on eu: 1500m asked, 1 free of 4 (on-demand)',
    ]);
  });

  it('refuses what is not a quantity and a tier without quota', () => {
    expect(checkQuota(quota, ask({ value: 'lots' })).problems).toEqual([
      'lots is not a quantity',
    ]);
    expect(checkQuota(quota, ask({ tier: 'reserved' })).problems).toHaveLength(
      2,
    );
  });
});
