import { loadRegistrySeed } from './registry';
import { createKubeSimulator, KubeSimulator } from './simulator';
import { resolveFromRoot } from './paths';

/** The demo seeds in demo/compute load, converge at once and fit their quotas. */
describe('demo/compute seeds', () => {
  let simulator: KubeSimulator;

  beforeAll(() => {
    simulator = createKubeSimulator({
      token: 't',
      autoStart: false,
      clusters: [
        {
          name: 'sim-eu-west',
          seed: [
            'demo/compute/sim-eu-west.yaml',
            'demo/compute/simulator.yaml',
          ],
        },
        {
          name: 'sim-us-east',
          seed: [
            'demo/compute/sim-us-east.yaml',
            'demo/compute/simulator.yaml',
          ],
        },
      ],
    });
  });

  afterAll(() => simulator.stop());

  it.each(['sim-eu-west', 'sim-us-east'])(
    '%s starts with every App Running and stays within quota',
    name => {
      const cluster = simulator.cluster(name);
      const apps = cluster.list('apps') as any[];
      expect(apps.length).toBeGreaterThan(5);
      for (const app of apps)
        expect([app.metadata.name, app.status.phase]).toEqual([
          app.metadata.name,
          'Running',
        ]);
      for (let i = 0; i < 5; i++) cluster.tick();
      expect(cluster.reconciler.errors).toEqual([]);
      expect(
        cluster.list('events').filter(e => e.reason === 'FailedCreate'),
      ).toEqual([]);
      for (const app of cluster.list('apps') as any[])
        expect([app.metadata.name, app.status.phase]).toEqual([
          app.metadata.name,
          'Running',
        ]);
      const zones = new Set(
        cluster
          .list('nodes')
          .map(n => n.metadata.labels?.['topology.kubernetes.io/zone']),
      );
      expect(zones.size).toBeGreaterThanOrEqual(2);
      expect(cluster.state.listBadImages()).toEqual([
        {
          image: 'registry.larkspur.example/payments/payments-gateway',
          version: '2.5.0-rc.1',
        },
      ]);
    },
  );

  it('lists the running versions in the registry seed', () => {
    const registry = loadRegistrySeed(
      resolveFromRoot('demo/compute/registry.yaml'),
    );
    const tags = new Map(
      registry.repositories.map(r => [
        `${registry.host}/${r.name}`,
        r.tags.map(String),
      ]),
    );
    for (const cluster of simulator.clusters.values()) {
      for (const app of cluster.list('apps') as any[]) {
        expect([
          app.spec.image,
          tags.get(app.spec.image)?.includes(app.spec.version),
        ]).toEqual([app.spec.image, true]);
      }
    }
    expect(
      tags.get('registry.larkspur.example/payments/payments-gateway'),
    ).toContain('2.5.0-rc.1');
  });
});
