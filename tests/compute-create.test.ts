/**
 * Self-service creation of Apps (issue 18), end to end through the real client: Atrium's backend talks to two
 * Kubernetes API simulators (not clusters; packages/kube-simulator, each in its own process, seeded with the
 * demo's workloads) and to Debian's real docker-registry for image tags. Users sign in through the embedded
 * OpenID provider. Alice is a member of team-payments; Bob (team-fleet) is not.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { appPath, kubeRequest, type SimulatedCluster } from './lib/compute.ts';
import { startComputeStack, type ComputeStack } from './lib/computeStack.ts';
import { waitFor } from './lib/proc.ts';

const REPO = 'payments/ledger-reports';
const IMAGE = `registry.larkspur.example/${REPO}`;
const CREATE = '/api/compute/teams/default/team-payments/apps';
const APP =
  '/api/compute/clusters/sim-eu-west/namespaces/team-payments/apps/ledger-reports';
/** The new service's catalog entry, as the template registers it: team-payments' component. */
const LEDGER_REPORTS = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'ledger-reports' },
  spec: { type: 'service', lifecycle: 'experimental', owner: 'team-payments' },
};

const body = (overrides: Record<string, unknown> = {}) => ({
  name: 'ledger-reports',
  component: 'component:default/ledger-reports',
  tier: 'reserved',
  clusters: ['sim-eu-west'],
  replicas: 2,
  resources: { cpu: '250m', memory: '256Mi' },
  image: IMAGE,
  scaler: { minReplicas: 1, maxReplicas: 4 },
  ...overrides,
});

describe('compute: self-service creation of an App, from request to a running App', () => {
  let stack: ComputeStack;

  before(async () => {
    stack = await startComputeStack({
      name: 'compute-create',
      images: { [REPO]: ['0.1.0'] },
      entities: [LEDGER_REPORTS],
      awaitEntities: ['component/default/ledger-reports'],
      requestTimeoutMs: 3000,
      users: ['alice.nakamura', 'bob.okafor'],
    });
  });

  after(async () => {
    await stack?.stop();
  });

  const call: ComputeStack['call'] = (...args) => stack.call(...args);

  /** Whether the cluster holds an App or Scaler of that name in team-payments, read straight from it. */
  const exists = async (
    cluster: SimulatedCluster,
    plural: 'apps' | 'scalers',
    name = 'ledger-reports',
  ) => {
    const path =
      plural === 'apps'
        ? appPath('team-payments', name)
        : `/apis/compute.atrium.dev/v1alpha1/namespaces/team-payments/scalers/${name}`;
    const res = await kubeRequest(cluster, path);
    assert.ok([200, 404].includes(res.status), JSON.stringify(res.body));
    return res.status === 200;
  };
  const nothingAnywhere = async () => {
    for (const cluster of [stack.eu, stack.us]) {
      assert.equal(await exists(cluster, 'apps'), false, cluster.name);
      assert.equal(await exists(cluster, 'scalers'), false, cluster.name);
    }
  };
  const activity = async () =>
    (
      await call(
        'alice.nakamura',
        '/api/compute/components/default/ledger-reports/activity',
      )
    ).body.items as any[];

  test('Bob, not a member of team-payments, may not create for it: 403, nothing created', async () => {
    const res = await call('bob.okafor', CREATE, { body: body() });
    assert.equal(res.status, 403, JSON.stringify(res.body));
    assert.match(
      res.body.error.message,
      /user:default\/bob\.okafor may not create Apps for group:default\/team-payments/,
    );
    await nothingAnywhere();
  });

  test('bad input is a 400 that says what is wrong; nothing created', async () => {
    for (const [change, message] of [
      [{ name: 'Ledger Reports' }, /is not a DNS label/],
      [{ tier: 'gold' }, /tier "gold" is unknown/],
      [{ clusters: ['sim-mars'] }, /Unknown cluster "sim-mars"/],
      [{ replicas: 1000 }, /replicas must be a whole number from 0 to 100/],
    ] as const) {
      const res = await call('alice.nakamura', CREATE, { body: body(change) });
      assert.equal(res.status, 400, JSON.stringify(res.body));
      assert.match(res.body.error.message, message);
    }
    await nothingAnywhere();
  });

  test('over quota on one cluster: 400 naming tier, cluster, resource, requested and free; nothing on any cluster', async () => {
    const res = await call('alice.nakamura', CREATE, {
      body: body({
        clusters: ['sim-eu-west', 'sim-us-east'],
        replicas: 40,
        resources: { cpu: '1', memory: '256Mi' },
        scaler: undefined,
      }),
    });
    assert.equal(res.status, 400, JSON.stringify(res.body));
    assert.match(
      res.body.error.message,
      /^40 replicas need 40 CPU more, and the reserved quota of team-payments in sim-(eu-west|us-east) has \S+ CPU free$/,
    );
    await nothingAnywhere();
  });

  test('a dry run answers what it would create and creates nothing', async () => {
    const res = await call('alice.nakamura', CREATE, {
      body: body({ dryRun: true }),
    });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.equal(res.body.dryRun, true);
    assert.deepEqual(
      res.body.manifests.map((m: any) => [m.kind, m.metadata.namespace]),
      [
        ['App', 'team-payments'],
        ['Scaler', 'team-payments'],
      ],
    );
    await nothingAnywhere();
  });

  test('Alice creates an App for team-payments; it shows in the team, runs after its first deploy, and is on the timeline', async () => {
    const res = await call('alice.nakamura', CREATE, { body: body() });
    assert.equal(res.status, 201, JSON.stringify(res.body));
    assert.deepEqual(
      res.body.apps.map((a: any) => [a.cluster, a.namespace, a.name]),
      [['sim-eu-west', 'team-payments', 'ledger-reports']],
    );
    assert.equal(res.body.scalers.length, 1);
    assert.equal(await exists(stack.eu, 'apps'), true);
    assert.equal(await exists(stack.eu, 'scalers'), true);
    assert.equal(await exists(stack.us, 'apps'), false);

    // The same name again: 409.
    const again = await call('alice.nakamura', CREATE, { body: body() });
    assert.equal(again.status, 409, JSON.stringify(again.body));

    const inTeam = await waitFor(
      "ledger-reports in team-payments' workloads",
      async () => {
        const team = await call(
          'alice.nakamura',
          '/api/compute/teams/default/team-payments/workloads',
        );
        assert.equal(team.status, 200);
        const eu = team.body.clusters.find(
          (c: any) => c.cluster.name === 'sim-eu-west',
        );
        return eu?.apps.find((a: any) => a.name === 'ledger-reports');
      },
      { timeoutMs: 20_000, intervalMs: 250 },
    );
    assert.equal(inTeam.component, 'ledger-reports');

    // The first deploy: a tag that exists in the registry gives the App its version and its 2 replicas.
    const app = (await call('alice.nakamura', APP)).body;
    assert.deepEqual(
      [app.spec.version, app.spec.replicas, app.pods.length],
      ['undeployed', 0, 0],
    );
    // Nothing to run yet: scaling it up is refused until a tag is deployed.
    const scale = await call('alice.nakamura', `${APP}/scale`, {
      body: { resourceVersion: app.resourceVersion, replicas: 2 },
    });
    assert.equal(scale.status, 400, JSON.stringify(scale.body));
    assert.match(scale.body.error.message, /no version deployed yet/);
    const deploy = await call('alice.nakamura', `${APP}/deploy`, {
      body: { resourceVersion: app.resourceVersion, version: '0.1.0' },
    });
    assert.equal(deploy.status, 200, JSON.stringify(deploy.body));
    const running = await waitFor(
      'ledger-reports running 0.1.0',
      async () => {
        const { body: a } = await call('alice.nakamura', APP);
        return a.status.observedGeneration >= a.generation &&
          a.status.phase === 'Running' &&
          a.spec.replicas === 2 &&
          a.status.readyReplicas === 2 &&
          a.pods.length === 2
          ? a
          : undefined;
      },
      { timeoutMs: 60_000, intervalMs: 250 },
    );
    assert.ok(running.pods.every((p: any) => p.image === `${IMAGE}:0.1.0`));
    // Its first revision deployed nothing: no rolling back to it.
    const rollback = await call('alice.nakamura', `${APP}/rollback`, {
      body: { resourceVersion: running.resourceVersion, revision: 1 },
    });
    assert.equal(rollback.status, 400, JSON.stringify(rollback.body));
    assert.match(rollback.body.error.message, /Revision 1 deployed nothing/);

    const records = await activity();
    assert.deepEqual(
      records.map(r => [r.action, r.result, r.actor]).reverse(),
      [
        // Bob's refused attempt is on the component's record too.
        ['create', 'denied', 'user:default/bob.okafor'],
        ['create', 'succeeded', 'user:default/alice.nakamura'],
        ['scale', 'failed', 'user:default/alice.nakamura'],
        ['deploy', 'succeeded', 'user:default/alice.nakamura'],
        ['rollback', 'failed', 'user:default/alice.nakamura'],
      ],
    );

    const timeline = await call(
      'alice.nakamura',
      '/api/timeline/entities/default/component/ledger-reports/events',
    );
    assert.equal(timeline.status, 200, JSON.stringify(timeline.body));
    const titles = timeline.body.items.map((e: any) => e.title);
    assert.ok(
      titles.includes('Created ledger-reports in sim-eu-west'),
      JSON.stringify(titles),
    );
    assert.ok(
      titles.includes('Deployed 0.1.0 to ledger-reports in sim-eu-west'),
      JSON.stringify(titles),
    );
  });

  test('Bob may not delete it (403); Alice deletes it with its Scaler (204), audited; then it is gone (404)', async () => {
    const denied = await call('bob.okafor', APP, { method: 'DELETE' });
    assert.equal(denied.status, 403, JSON.stringify(denied.body));
    assert.equal(await exists(stack.eu, 'apps'), true);

    const res = await call('alice.nakamura', APP, { method: 'DELETE' });
    assert.equal(res.status, 204, JSON.stringify(res.body));
    assert.equal(await exists(stack.eu, 'apps'), false);
    assert.equal(await exists(stack.eu, 'scalers'), false);
    const [latest] = await activity();
    assert.deepEqual(
      [latest.action, latest.result, latest.actor, latest.before.scaler],
      ['delete', 'succeeded', 'user:default/alice.nakamura', 'ledger-reports'],
    );

    const gone = await call('alice.nakamura', APP, { method: 'DELETE' });
    assert.equal(gone.status, 404, JSON.stringify(gone.body));
  });
});
