/**
 * Context-dependent approvals of compute actions (issue 18, item 2), end to end on the real backend: two
 * Kubernetes API simulators (not clusters; packages/kube-simulator) seeded with the demo's workloads, Debian's
 * docker-registry for tags, users signed in through the embedded OpenID provider, and Backstage's
 * notifications backend. A change freeze is configured to hold now (in Tokyo time), and payments-gateway is a
 * reserved App, so Alice's changes to it wait for a second person. Mei is in team-payments with Alice; Bob is
 * not. Requests expire after 60 s (checked every 2 s) so that one can be seen expire.
 *
 * The stack (tests/lib/computeApprovals.ts) is built from tests/lib/compute.ts's pieces; its startComputeStack
 * takes no config of a suite's own, so it is assembled there the same way with the approvals config added.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { actOnAppAsItIsNow, appPath, kubeRequest } from './lib/compute.ts';
import {
  startApprovalsStack,
  type ApprovalsStack,
} from './lib/computeApprovals.ts';
import { waitFor } from './lib/proc.ts';

const USERS = ['alice.nakamura', 'mei.chen', 'bob.okafor'] as const;
type User = (typeof USERS)[number];
const APP =
  '/api/compute/clusters/sim-eu-west/namespaces/team-payments/apps/payments-gateway';
const TIMELINE =
  '/api/timeline/entities/default/component/payments-gateway/events?kinds=action';
const ACTIVITY =
  '/api/compute/components/default/payments-gateway/activity?limit=100';
// The other tests decide their requests within seconds of making them: 20 s leaves them room on a loaded machine
// and keeps the expiry test short.
const EXPIRES_AFTER_S = 20;

describe('compute: actions that need approval, from request to decision', () => {
  let stack: ApprovalsStack;

  before(async () => {
    stack = await startApprovalsStack({
      users: USERS,
      expiresAfterSeconds: EXPIRES_AFTER_S,
    });
  });

  after(async () => {
    await stack?.stop();
  });

  const call = (
    user: User,
    path: string,
    init: { method?: string; body?: unknown } = {},
  ) => stack.call(user, path, init);
  /** The App as the cluster holds it, read straight from the simulator. */
  const inCluster = async () =>
    (await kubeRequest(stack.eu, appPath('team-payments', 'payments-gateway')))
      .body;
  const resourceVersion = async () =>
    (await call('alice.nakamura', APP)).body.resourceVersion as string;
  /** Alice asks for an action against the App as it is now (a 409 from a running rollout is asked again). */
  const ask = (action: string, fields: Record<string, unknown> = {}) =>
    actOnAppAsItIsNow(call, 'alice.nakamura', APP, action, fields);
  const activity = async () =>
    (await call('alice.nakamura', ACTIVITY)).body.items as any[];
  const timelineTitles = async () => {
    const res = await call('mei.chen', TIMELINE);
    assert.equal(res.status, 200, JSON.stringify(res.body));
    return (res.body.items as any[]).map(e => e.title as string);
  };
  const notifications = async (user: User) => {
    const res = await call(user, '/api/notifications/notifications');
    assert.equal(res.status, 200, JSON.stringify(res.body));
    return res.body.notifications as Array<{
      user: string;
      payload: { title: string; link?: string };
    }>;
  };

  let deployId = '';

  test('the check route says beforehand that a deploy needs approval, and why, and writes nothing', async () => {
    const recorded = (await activity()).length;
    const res = await call('alice.nakamura', `${APP}/deploy/check`, {
      body: { resourceVersion: await resourceVersion(), version: '2.5.0' },
    });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.equal(res.body.needsApproval, true);
    const rules = (res.body.reasons as any[]).map(r => r.rule).sort();
    assert.deepEqual(rules, ['freeze-window', 'reserved-tier']);
    const freeze = res.body.reasons.find(
      (r: any) => r.rule === 'freeze-window',
    );
    assert.match(freeze.message, /change freeze 'approvals-test' runs until/);
    // Whether approval is needed does not depend on the resourceVersion the dialog opened on, which an App's status
    // moves during a rollout: a check with an old one, or none, still answers (the action itself refuses a stale one
    // with 409, tests/compute-actions.test.ts).
    for (const stale of [{ resourceVersion: '1' }, {}]) {
      const again = await call('alice.nakamura', `${APP}/deploy/check`, {
        body: { ...stale, version: '2.5.0' },
      });
      assert.equal(again.status, 200, JSON.stringify(again.body));
      assert.equal(again.body.needsApproval, true);
    }
    // The check is an owner's: someone outside the team learns nothing (403), and that is not audited either.
    const bob = await call('bob.okafor', `${APP}/deploy/check`, {
      body: { resourceVersion: await resourceVersion(), version: '2.5.0' },
    });
    assert.equal(bob.status, 403, JSON.stringify(bob.body));
    assert.equal((await activity()).length, recorded, 'nothing audited');
  });

  test("Alice's deploy to the reserved App is stored as a request (202) and nothing changes in the cluster", async () => {
    const res = await ask('deploy', { version: '2.5.0' });
    assert.equal(res.status, 202, JSON.stringify(res.body));
    const { approval } = res.body;
    deployId = approval.id;
    assert.equal(approval.status, 'pending');
    assert.equal(approval.action, 'deploy');
    assert.equal(approval.requestedBy, 'user:default/alice.nakamura');
    assert.equal(approval.team, 'group:default/team-payments');
    assert.deepEqual(approval.change.version, '2.5.0');
    assert.equal((await inCluster()).spec.version, '2.4.1');
    const requested = (await activity()).find(
      r => r.approval?.id === deployId && r.approval.event === 'requested',
    );
    assert.ok(requested, 'the request is audited');
    const awaiting = await call(
      'mei.chen',
      '/api/compute/approvals?awaiting=me',
    );
    assert.ok(awaiting.body.items.some((r: any) => r.id === deployId));
    const own = await call(
      'alice.nakamura',
      '/api/compute/approvals?awaiting=me',
    );
    assert.ok(!own.body.items.some((r: any) => r.id === deployId));
    const mine = await call(
      'alice.nakamura',
      '/api/compute/approvals?requestedBy=me',
    );
    assert.ok(mine.body.items.some((r: any) => r.id === deployId));
  });

  test('Mei, in the owning team, is notified of the request, with a link to the Compute tab', async () => {
    const mei = await notifications('mei.chen');
    const told = mei.find(n =>
      /^Approval needed: deploy 2\.5\.0/.test(n.payload.title),
    );
    assert.ok(told, JSON.stringify(mei.map(n => n.payload.title)));
    assert.match(
      told.payload.link ?? '',
      /\/catalog\/default\/component\/payments-gateway\/compute$/,
    );
    const alice = await notifications('alice.nakamura');
    assert.ok(!alice.some(n => /^Approval needed/.test(n.payload.title)));
  });

  test('nobody approves their own request, nor someone outside the team: 403', async () => {
    const own = await call(
      'alice.nakamura',
      `/api/compute/approvals/${deployId}/approve`,
      { body: {} },
    );
    assert.equal(own.status, 403, JSON.stringify(own.body));
    const bob = await call(
      'bob.okafor',
      `/api/compute/approvals/${deployId}/approve`,
      { body: {} },
    );
    assert.equal(bob.status, 403, JSON.stringify(bob.body));
    const rejectByBob = await call(
      'bob.okafor',
      `/api/compute/approvals/${deployId}/reject`,
      { body: {} },
    );
    assert.equal(rejectByBob.status, 403, JSON.stringify(rejectByBob.body));
    assert.equal((await inCluster()).spec.version, '2.4.1');
  });

  test('Mei approves: 200, the App runs the new version, and Alice hears of it', async () => {
    const res = await call(
      'mei.chen',
      `/api/compute/approvals/${deployId}/approve`,
      { body: {} },
    );
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.equal(res.body.approval.status, 'approved');
    assert.equal(res.body.approval.decidedBy, 'user:default/mei.chen');
    assert.equal(res.body.result.app.spec.version, '2.5.0');
    assert.equal(res.body.result.record.actor, 'user:default/mei.chen');
    assert.equal((await inCluster()).spec.version, '2.5.0');
    const again = await call(
      'mei.chen',
      `/api/compute/approvals/${deployId}/approve`,
      { body: {} },
    );
    assert.equal(again.status, 409, JSON.stringify(again.body));
    const alice = await notifications('alice.nakamura');
    assert.ok(
      alice.some(n =>
        /^Approved by Mei-Lin Chen and applied: deploy 2\.5\.0/.test(
          n.payload.title,
        ),
      ),
      JSON.stringify(alice.map(n => n.payload.title)),
    );
  });

  test('a rejected request is audited and on the timeline, and Alice hears why', async () => {
    const res = await ask('scale', { replicas: 4 });
    assert.equal(res.status, 202, JSON.stringify(res.body));
    const id = res.body.approval.id;
    const rejected = await call(
      'mei.chen',
      `/api/compute/approvals/${id}/reject`,
      {
        body: { comment: 'Not during the freeze' },
      },
    );
    assert.equal(rejected.status, 200, JSON.stringify(rejected.body));
    assert.equal(rejected.body.approval.status, 'rejected');
    assert.equal(rejected.body.approval.comment, 'Not during the freeze');
    assert.equal((await inCluster()).spec.replicas, 3);
    const events = (await activity()).filter(r => r.approval?.id === id);
    assert.deepEqual(events.map(r => r.approval.event).sort(), [
      'rejected',
      'requested',
    ]);
    const titles = await timelineTitles();
    assert.ok(
      titles.includes(
        'Approval requested for scaling payments-gateway in sim-eu-west to 4 replicas',
      ),
      JSON.stringify(titles),
    );
    assert.ok(
      titles.includes(
        'Rejected scaling payments-gateway in sim-eu-west to 4 replicas',
      ),
      JSON.stringify(titles),
    );
    const alice = await notifications('alice.nakamura');
    assert.ok(
      alice.some(n =>
        /^Rejected by Mei-Lin Chen: scale payments-gateway/.test(
          n.payload.title,
        ),
      ),
    );
  });

  test('a request whose App changed meanwhile answers 409 on approval and is marked failed', async () => {
    const res = await ask('restart');
    assert.equal(res.status, 202, JSON.stringify(res.body));
    const { id, resourceVersion: seen } = res.body.approval;
    // Someone changes the App straight in the cluster (as kubectl would). A rollout left by an earlier test
    // may move the App's status between the read and the PUT: the cluster's 409 is read again, at most 10 times.
    let put: { status: number; body: any } | undefined;
    for (let attempt = 0; attempt < 10 && put?.status !== 200; attempt++) {
      const app = await inCluster();
      app.metadata.annotations = {
        ...app.metadata.annotations,
        'example.com/touched': 'yes',
      };
      put = await kubeRequest(
        stack.eu,
        appPath('team-payments', 'payments-gateway'),
        { method: 'PUT', body: app },
      );
      if (put.status !== 409) break;
    }
    assert.equal(put?.status, 200, JSON.stringify(put?.body));
    await waitFor(
      'compute to see the change',
      async () => ((await resourceVersion()) !== seen ? true : undefined),
      {
        timeoutMs: 30_000,
        intervalMs: 200,
      },
    );
    const approve = await call(
      'mei.chen',
      `/api/compute/approvals/${id}/approve`,
      { body: {} },
    );
    assert.equal(approve.status, 409, JSON.stringify(approve.body));
    assert.match(approve.body.error.message, /changed since/);
    const stored = await call('alice.nakamura', `/api/compute/approvals/${id}`);
    assert.equal(stored.body.status, 'failed');
    assert.match(stored.body.result, /changed since/);
    const events = (await activity()).filter(r => r.approval?.id === id);
    assert.ok(
      events.some(r => r.approval.event === 'failed' && r.result === 'failed'),
    );
  });

  test('creating an App during the freeze: the check says why, the creation waits (202), and Mei’s approval creates it', async () => {
    const create = '/api/compute/teams/default/team-payments/apps';
    const request = {
      name: 'payments-gateway-probe',
      component: 'component:default/payments-gateway',
      tier: 'on-demand',
      clusters: ['sim-us-east'],
      replicas: 1,
      resources: { cpu: '100m', memory: '64Mi' },
      image: 'registry.larkspur.example/payments/payments-gateway',
    };
    const inUs = async () =>
      (await kubeRequest(stack.us, appPath('team-payments', request.name)))
        .status;
    const check = await call('alice.nakamura', `${create}/check`, {
      body: request,
    });
    assert.equal(check.status, 200, JSON.stringify(check.body));
    assert.deepEqual(
      check.body.reasons.map((r: any) => r.rule),
      ['freeze-window'],
    );
    const res = await call('alice.nakamura', create, { body: request });
    assert.equal(res.status, 202, JSON.stringify(res.body));
    assert.equal(res.body.approval.action, 'create-app');
    assert.equal(await inUs(), 404);
    const approve = await call(
      'mei.chen',
      `/api/compute/approvals/${res.body.approval.id}/approve`,
      { body: {} },
    );
    assert.equal(approve.status, 200, JSON.stringify(approve.body));
    assert.deepEqual(
      approve.body.result.apps.map((a: any) => [a.cluster, a.name]),
      [['sim-us-east', request.name]],
    );
    assert.equal(await inUs(), 200);
  });

  test('a request nobody decides expires: audited, on the timeline, and Alice hears of it', async () => {
    const res = await ask('restart');
    assert.equal(res.status, 202, JSON.stringify(res.body));
    const { id } = res.body.approval;
    const expired = await waitFor(
      'the request to expire',
      async () => {
        const r = await call('alice.nakamura', `/api/compute/approvals/${id}`);
        return r.body.status === 'expired' ? r.body : undefined;
      },
      { timeoutMs: (EXPIRES_AFTER_S + 60) * 1000, intervalMs: 1000 },
    );
    assert.equal(expired.status, 'expired');
    const approve = await call(
      'mei.chen',
      `/api/compute/approvals/${id}/approve`,
      { body: {} },
    );
    assert.equal(approve.status, 409, JSON.stringify(approve.body));
    const events = (await activity()).filter(r => r.approval?.id === id);
    assert.ok(events.some(r => r.approval.event === 'expired'));
    const titles = await timelineTitles();
    assert.ok(
      titles.includes(
        'Request for restarting payments-gateway in sim-eu-west expired without a decision',
      ),
      JSON.stringify(titles),
    );
    const alice = await notifications('alice.nakamura');
    assert.ok(
      alice.some(n =>
        /^Expired without a decision: restart payments-gateway/.test(
          n.payload.title,
        ),
      ),
    );
  });
});
