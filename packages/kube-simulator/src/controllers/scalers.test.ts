import path from 'node:path';
import { KubeSimulator, SimulatedCluster } from '../simulator';
import { NS, startTestCluster } from '../__testUtils__/client';

jest.setTimeout(20_000);

/** Two Scalers, loaded as a seed (validated against the CRD as an API write is). */
const SCALERS = path.join(__dirname, '../__fixtures__/scaler-schedules.yaml');

describe('the Scaler controller', () => {
  let simulator: KubeSimulator;
  let cluster: SimulatedCluster;

  beforeEach(async () => {
    ({ simulator, cluster } = await startTestCluster());
    cluster.state.loadSeed(SCALERS);
  });

  afterEach(async () => {
    await simulator.stop();
  });

  const replicas = (app: string) =>
    (cluster.list('apps', NS).find(a => a.metadata.name === app) as any).spec
      .replicas;
  const warnings = (scaler: string) =>
    (cluster.list('events', NS) as any[]).filter(
      e => e.reason === 'InvalidSchedule' && e.involvedObject.name === scaler,
    );

  it('applies a schedule written with day names', () => {
    cluster.tick();
    expect(replicas('payments-gateway')).toBe(5);
    expect(warnings('payments-gateway')).toEqual([]);
  });

  it('leaves out a schedule it cannot parse, and says why in a Warning event on the Scaler', () => {
    cluster.tick();
    expect(replicas('ledger-service')).toBe(3);
    const [warning] = warnings('ledger-service');
    expect(warning).toMatchObject({
      type: 'Warning',
      involvedObject: { kind: 'Scaler', name: 'ledger-service' },
      message:
        'schedule "broken": cron "61 * * * *" is not valid: Constraint error, got value 61 expected range 0-59',
    });
    cluster.tick();
    expect(warnings('ledger-service')).toHaveLength(1);
    expect(warnings('ledger-service')[0].count).toBe(2);
    expect(cluster.reconciler.errors).toEqual([]);
  });

  it('leaves an App scaled to zero alone, as Kubernetes does, until something gives it replicas', () => {
    const apps = cluster.state.customType('apps');
    cluster.state.replaceScale(apps, NS, 'ledger-service', {
      spec: { replicas: 0 },
    });
    cluster.tick();
    cluster.tick();
    expect(replicas('ledger-service')).toBe(0);
    cluster.state.replaceScale(apps, NS, 'ledger-service', {
      spec: { replicas: 1 },
    });
    cluster.tick();
    expect(replicas('ledger-service')).toBe(3);
  });
});
