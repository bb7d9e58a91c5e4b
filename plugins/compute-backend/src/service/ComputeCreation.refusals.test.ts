import {
  BEFORE,
  request,
  useCreationHarness,
} from './__testUtils__/creationHarness';

jest.setTimeout(30_000);

describe('ComputeCreation refusing a request before it writes anything (against two simulated clusters)', () => {
  const h = useCreationHarness();

  it.each([
    [{ name: 'Ledger_Reports' }, 'name "Ledger_Reports" is not a DNS label'],
    [{ name: 'x'.repeat(64) }, 'is not a DNS label'],
    [
      { tier: 'gold' as any },
      'tier "gold" is unknown; the tiers are reserved, on-demand, preemptible',
    ],
    [
      { clusters: ['sim-a', 'sim-z'] },
      'Unknown cluster "sim-z"; the clusters are sim-a, sim-b',
    ],
    [{ clusters: [] }, 'clusters must be a list of one or more cluster names'],
    [{ replicas: 101 }, 'replicas must be a whole number from 0 to 100'],
    [{ replicas: 1.5 }, 'replicas must be a whole number from 0 to 100'],
    [
      { resources: { cpu: '64', memory: '256Mi' } },
      'resources.cpu must be above 0 and at most 16 (got 64)',
    ],
    [
      { resources: { cpu: '0m', memory: '256Mi' } },
      'resources.cpu must be above 0',
    ],
    [
      { resources: { cpu: '250m', memory: '1Ti' } },
      'resources.memory must be from 1Mi to 64Gi (got 1Ti)',
    ],
    [
      { resources: { cpu: 'lots', memory: '256Mi' } },
      'resources.cpu "lots" is not a CPU quantity',
    ],
    [
      { image: 'registry.test/payments/ledger:1.0' },
      'is not <registry>/<repository> without a tag',
    ],
    [
      { component: 'api:default/ledger-reports' },
      'is not component:default/<name>',
    ],
    [
      { scaler: { minReplicas: 3, maxReplicas: 2 } },
      'scaler.minReplicas (3) is above scaler.maxReplicas (2)',
    ],
    [{ replicas: 8 }, "replicas (8) must lie within the scaler's bounds 1–4"],
    [
      { component: 'component:default/fleet-tracker' },
      'component:default/fleet-tracker is owned by team-fleet, not by group:default/team-payments',
    ],
  ])(
    'refuses %j with a clear 400, and creates nothing',
    async (change, message) => {
      const error = await h.create(request(change)).catch(e => e);
      expect(error.name).toBe('InputError');
      expect(error.message).toContain(message);
      expect(await h.appNames('sim-a')).toEqual(BEFORE);
      expect(await h.appNames('sim-b')).toEqual(BEFORE);
      expect(h.records).toEqual([]);
    },
  );

  it('refuses a caller who may not create for the team (403), audited as denied, and creates nothing', async () => {
    h.permission.allow = false;
    const error = await h.create(request()).catch(e => e);
    expect(error.name).toBe('NotAllowedError');
    expect(error.message).toBe(
      'user:default/alice.nakamura may not create Apps for group:default/team-payments: only its members and platform admins may',
    );
    expect(h.records.map(r => [r.cluster, r.result])).toEqual([
      ['sim-a', 'denied'],
      ['sim-b', 'denied'],
    ]);
    expect(await h.appNames('sim-a')).toEqual(BEFORE);
  });
});
