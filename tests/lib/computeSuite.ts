/**
 * The fixture of tests/compute.test.ts, which acts on the demo's workloads: one compute stack
 * (`startComputeStack`) with the demo catalog, registry and clusters, plus a third cluster, sim-slow, on a port
 * where nothing listens (unreachable, until a test makes it silent), and these demo users signed in.
 */
import assert from 'node:assert/strict';
import { after, before } from 'node:test';
import {
  appPath,
  demoRegistryTags,
  kubeCreate,
  kubeGet,
  simulatedClusterConfig,
} from './compute.ts';
import { startComputeStack, type ComputeStack } from './computeStack.ts';
import { freePort, waitFor } from './proc.ts';

export const REPO = 'payments/payments-gateway';
export const CANARY =
  '/api/compute/clusters/sim-eu-west/namespaces/team-payments/apps/payments-gateway-canary';
/**
 * The suites' own catalog entry (not the demo's): a component of team-fleet whose annotation names
 * team-payments' App, in its namespace and (unqualified, so in team-fleet's own namespaces) by name.
 */
export const FLEET_VIEW = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'fleet-payments-view',
    annotations: {
      'compute.atrium.dev/apps':
        'team-payments/payments-gateway, payments-gateway',
    },
  },
  spec: { type: 'service', lifecycle: 'experimental', owner: 'team-fleet' },
};
/** An owners-only component of team-fleet: only its owners and the platform admins see it, or hear of it. */
export const FLEET_VAULT = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'fleet-vault',
    annotations: { 'atrium.dev/visibility': 'owners' },
  },
  spec: { type: 'service', lifecycle: 'experimental', owner: 'team-fleet' },
};

/** Demo users and the teams whose services they may operate (platform-admins: all). */
export const USERS: Record<string, { teams: string[]; admin?: boolean }> = {
  'alice.nakamura': { teams: ['team-payments'] },
  'bob.okafor': { teams: ['team-fleet'] },
  'kwame.asante': { teams: ['team-storefront', 'team-checkout'] },
  'dmitri.volkov': { teams: ['team-fleet', 'team-routing'] },
  'margaret.oyelaran': { teams: [] },
  'ravi.subramanian': { teams: ['team-platform-infra'], admin: true },
};

/** A compute suite's stack and helpers; use them in tests (the stack starts in the suite's `before`). */
export interface ComputeSuite {
  /** The running stack. */
  readonly stack: ComputeStack;
  /** The port of sim-slow, where nothing listens until a test listens there. */
  readonly slowPort: number;
  /** GET as `user`, or POST `body` when there is one. */
  call(
    user: string,
    path: string,
    body?: unknown,
  ): Promise<{ status: number; body: any }>;
  /** payments-gateway's canary App on sim-eu-west, as Alice reads it. */
  canary(): Promise<any>;
  /**
   * Creates an App in team-fleet's namespace on sim-eu-west labelled with `component`: the canary's spec with
   * one replica.
   */
  createFleetApp(name: string, component: string): Promise<void>;
  /**
   * Waits until the App's rollout is over: the cluster has observed the App's latest generation, and every
   * desired replica is updated and ready with no old pod left; or the rollout failed.
   */
  rolledOut(path: string, want: (app: any) => boolean): Promise<any>;
  /**
   * Scales an App (to `replicas`, or to the replicas it has) as `user`, from the App as it is now: the
   * simulator's reconciler writes a new App's status meanwhile, and each write is a new resourceVersion (409).
   */
  scaleAsIs(user: string, path: string, replicas?: number): Promise<any>;
}

/**
 * Registers the suite's `before` (start the stack; `name` names its backend) and `after` (stop it): call it
 * inside the suite's `describe`.
 */
export function useComputeSuite(name: string): ComputeSuite {
  let stack: ComputeStack | undefined;
  let slowPort = 0;
  before(async () => {
    slowPort = await freePort();
    stack = await startComputeStack({
      name,
      images: { [REPO]: demoRegistryTags().get(REPO)! },
      entities: [FLEET_VIEW, FLEET_VAULT],
      requestTimeoutMs: 1500,
      moreClusters: [
        simulatedClusterConfig('sim-slow', `https://127.0.0.1:${slowPort}`),
      ],
      users: Object.keys(USERS),
    });
  });
  after(async () => {
    await stack?.stop();
  });
  const running = () => {
    assert.ok(stack, 'the compute stack is running');
    return stack;
  };
  const call: ComputeSuite['call'] = (user, path, body) =>
    running().call(user, path, body === undefined ? {} : { body });
  return {
    get stack() {
      return running();
    },
    get slowPort() {
      return slowPort;
    },
    call,
    canary: async () => (await call('alice.nakamura', CANARY)).body,
    createFleetApp: async (app, component) => {
      const { eu } = running();
      const canaryApp = await kubeGet(
        eu,
        appPath('team-payments', 'payments-gateway-canary'),
      );
      await kubeCreate(
        eu,
        '/apis/compute.atrium.dev/v1alpha1/namespaces/team-fleet/apps',
        {
          apiVersion: 'compute.atrium.dev/v1alpha1',
          kind: 'App',
          metadata: {
            name: app,
            namespace: 'team-fleet',
            labels: {
              'compute.atrium.dev/component': component,
              'compute.atrium.dev/team': 'team-fleet',
            },
          },
          spec: { ...canaryApp.spec, replicas: 1 },
        },
      );
    },
    rolledOut: (path, want) =>
      waitFor(
        `the rollout of ${path}`,
        async () => {
          const { status, body } = await call('alice.nakamura', path);
          assert.equal(status, 200);
          const s = body.status;
          const observed = s.observedGeneration >= body.generation;
          const done =
            observed &&
            (s.phase === 'Failed' ||
              (s.updatedReplicas === body.spec.replicas &&
                s.readyReplicas === body.spec.replicas &&
                body.pods.length === body.spec.replicas &&
                s.phase === 'Running'));
          return done && want(body) ? body : undefined;
        },
        { timeoutMs: 60_000, intervalMs: 250 },
      ),
    scaleAsIs: (user, path, replicas) =>
      waitFor(
        `${user}'s scale of ${path}`,
        async () => {
          const app = (await call(user, path)).body;
          const res = await call(user, `${path}/scale`, {
            resourceVersion: app.resourceVersion,
            replicas: replicas ?? app.spec.replicas,
          });
          if (res.status === 409) return undefined;
          assert.equal(res.status, 200, JSON.stringify(res.body));
          return res.body;
        },
        { timeoutMs: 10_000, intervalMs: 100 },
      ),
  };
}
