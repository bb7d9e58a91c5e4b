import { KubeSimulator, SimulatedCluster } from '../simulator';
import {
  clientsFor,
  GROUP,
  NS,
  startTestCluster,
  VERSION,
} from '../__testUtils__/client';

jest.setTimeout(20_000);

const scalers = {
  group: GROUP,
  version: VERSION,
  namespace: NS,
  plural: 'scalers',
};

describe('the Scaler controller', () => {
  let simulator: KubeSimulator;
  let cluster: SimulatedCluster;
  let api: ReturnType<typeof clientsFor>;

  beforeEach(async () => {
    ({ simulator, cluster, api } = await startTestCluster());
  });

  afterEach(async () => {
    await simulator.stop();
  });

  const replicas = () =>
    (
      cluster
        .list('apps', NS)
        .find(a => a.metadata.name === 'ledger-service') as any
    ).spec.replicas;
  const warnings = () =>
    (cluster.list('events', NS) as any[]).filter(
      e => e.reason === 'InvalidSchedule',
    );

  const createScaler = (schedules: object[]) =>
    api.custom.createNamespacedCustomObject({
      ...scalers,
      body: {
        apiVersion: `${GROUP}/${VERSION}`,
        kind: 'Scaler',
        metadata: { name: 'ledger-service' },
        spec: {
          targetRef: { name: 'ledger-service' },
          minReplicas: 1,
          maxReplicas: 6,
          schedules,
        },
      },
    });

  it('applies a schedule written with day names', async () => {
    await createScaler([
      {
        name: 'every-day',
        cron: '* * * * SUN-SAT',
        duration: '2m',
        minReplicas: 5,
      },
    ]);
    cluster.tick();
    expect(replicas()).toBe(5);
    expect(warnings()).toEqual([]);
  });

  it('leaves out a schedule it cannot parse, and says why in a Warning event on the Scaler', async () => {
    await createScaler([
      { name: 'broken', cron: '61 * * * *', duration: '2m', minReplicas: 5 },
      { name: 'always', cron: '* * * * *', duration: '2m', minReplicas: 3 },
    ]);
    cluster.tick();
    expect(replicas()).toBe(3);
    const [warning] = warnings();
    expect(warning).toMatchObject({
      type: 'Warning',
      involvedObject: { kind: 'Scaler', name: 'ledger-service' },
      message:
        'schedule "broken": cron "61 * * * *" is not valid: Constraint error, got value 61 expected range 0-59',
    });
    cluster.tick();
    expect(warnings()).toHaveLength(1);
    expect(warnings()[0].count).toBe(2);
    expect(cluster.reconciler.errors).toEqual([]);
  });
});
