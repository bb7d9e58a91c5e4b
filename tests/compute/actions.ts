/**
 * Part of tests/compute.test.ts: compute's owner actions end to end through the real client. Bad input, scale,
 * deploy from the registry, restart and roll back with every rollout followed to its end, a failing version,
 * Scaler bounds, who may act, and the audit of it all (Activity). Runs after the reads.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { appPath, kubeGet } from '../lib/compute.ts';
import { CANARY, type ComputeSuite } from '../lib/computeSuite.ts';

/** Registers this part's tests on the shared stack (tests/compute.test.ts). */
export function computeActions(suite: ComputeSuite): void {
  describe('owner actions: bad input, scale, deploy, restart, roll back, Scaler bounds, who may act, Activity', () => {
    const { call, canary, rolledOut } = suite;

    test('bad input gets a clear 400 or 409, and nothing changes', async () => {
      const app = await canary();
      const rv = app.resourceVersion;
      const cases: [string, unknown, number, RegExp][] = [
        [
          'scale',
          { resourceVersion: rv, replicas: -1 },
          400,
          /replicas must be a whole number/,
        ],
        [
          'scale',
          { resourceVersion: rv, replicas: 2.5 },
          400,
          /replicas must be a whole number/,
        ],
        [
          'scale',
          { resourceVersion: rv, replicas: 50 },
          400,
          /on-demand quota of team-payments/,
        ],
        ['scale', { resourceVersion: rv, replicas: 101 }, 400, /from 0 to 100/],
        ['scale', { replicas: 2 }, 400, /resourceVersion/],
        [
          'scale',
          { resourceVersion: '1', replicas: 2 },
          409,
          /changed since you loaded it/,
        ],
        [
          'deploy',
          { resourceVersion: rv, version: '9.9.9' },
          400,
          /has no tag 9\.9\.9/,
        ],
        [
          'deploy',
          { resourceVersion: rv, version: '../etc' },
          400,
          /is not an image tag/,
        ],
        [
          'rollback',
          { resourceVersion: rv, revision: 99 },
          400,
          /has no revision 99/,
        ],
      ];
      for (const [action, body, status, message] of cases) {
        const res = await call('alice.nakamura', `${CANARY}/${action}`, body);
        assert.equal(
          res.status,
          status,
          `${action} ${JSON.stringify(body)}: ${JSON.stringify(res.body)}`,
        );
        assert.match(res.body.error.message, message);
      }
      const malformed = await call(
        'alice.nakamura',
        '/api/compute/clusters/sim-eu-west/namespaces/Team_Payments/apps/x/scale',
        { resourceVersion: rv, replicas: 1 },
      );
      assert.equal(malformed.status, 400);
      const unknownCluster = await call(
        'alice.nakamura',
        CANARY.replace('sim-eu-west', 'sim-mars'),
      );
      assert.equal(unknownCluster.status, 404);
      const notJson = await fetch(
        `${suite.stack.backend.baseUrl}${CANARY}/scale`,
        {
          method: 'POST',
          headers: {
            authorization: `Bearer ${suite.stack.tokens['alice.nakamura']}`,
            'content-type': 'application/json',
          },
          body: '{"replicas":',
        },
      );
      assert.equal(notJson.status, 400);
      const inCluster = await kubeGet(
        suite.stack.eu,
        appPath('team-payments', 'payments-gateway-canary'),
      );
      assert.equal(
        inCluster.metadata.resourceVersion,
        rv,
        'the App was not written',
      );
      assert.equal(inCluster.spec.replicas, app.spec.replicas);
    });

    test('an owner scales, deploys a tag from the registry, restarts and rolls back; each rollout finishes', async () => {
      let app = await canary();
      const from = app.spec.replicas;
      let res = await call('alice.nakamura', `${CANARY}/scale`, {
        resourceVersion: app.resourceVersion,
        replicas: from + 1,
      });
      assert.equal(res.status, 200, JSON.stringify(res.body));
      assert.deepEqual(
        [res.body.record.before, res.body.record.after],
        [{ replicas: from }, { replicas: from + 1 }],
      );
      app = await rolledOut(CANARY, a => a.spec.replicas === from + 1);
      assert.equal(app.pods.filter((p: any) => p.ready).length, from + 1);

      const firstRevision = app.status.currentRevision;
      res = await call('alice.nakamura', `${CANARY}/deploy`, {
        resourceVersion: app.resourceVersion,
        version: '2.5.0',
      });
      assert.equal(res.status, 200, JSON.stringify(res.body));
      app = await rolledOut(
        CANARY,
        a => a.status.currentRevision > firstRevision,
      );
      assert.equal(app.status.phase, 'Running');
      assert.ok(
        app.pods.every((p: any) => p.image.endsWith(':2.5.0')),
        JSON.stringify(app.pods),
      );

      const beforeRestart = new Set(app.pods.map((p: any) => p.name));
      const deployedRevision = app.status.currentRevision;
      res = await call('alice.nakamura', `${CANARY}/restart`, {
        resourceVersion: app.resourceVersion,
      });
      assert.equal(res.status, 200, JSON.stringify(res.body));
      app = await rolledOut(CANARY, a =>
        a.pods.every((p: any) => !beforeRestart.has(p.name)),
      );
      // A restart is a revision of its own, recorded as one, on the same version.
      assert.ok(
        app.status.currentRevision > deployedRevision,
        `revision ${app.status.currentRevision} after ${deployedRevision}`,
      );
      const restarted = app.status.revisions.find(
        (r: any) => r.revision === app.status.currentRevision,
      );
      assert.equal(restarted.changeCause, 'restart');
      assert.equal(restarted.version, '2.5.0');

      res = await call('alice.nakamura', `${CANARY}/rollback`, {
        resourceVersion: app.resourceVersion,
        revision: firstRevision,
      });
      assert.equal(res.status, 200, JSON.stringify(res.body));
      app = await rolledOut(CANARY, a => a.spec.version === '2.4.1');
      assert.equal(app.status.phase, 'Running');
      assert.ok(app.pods.every((p: any) => p.image.endsWith(':2.4.1')));
      assert.match(
        app.status.revisions.at(-1).changeCause,
        /rollback to revision/,
      );
    });

    test('a bad version crash-loops and the rollout fails while the old pods keep serving', async () => {
      let app = await canary();
      const res = await call('alice.nakamura', `${CANARY}/deploy`, {
        resourceVersion: app.resourceVersion,
        version: '2.5.0-rc.1',
      });
      assert.equal(res.status, 200, JSON.stringify(res.body));
      app = await rolledOut(CANARY, a => a.status.phase === 'Failed');
      const crashing = app.pods.filter((p: any) =>
        p.image.endsWith(':2.5.0-rc.1'),
      );
      assert.ok(crashing.length > 0);
      assert.ok(crashing.every((p: any) => !p.ready));
      assert.ok(
        app.pods.some((p: any) => p.ready && p.image.endsWith(':2.4.1')),
        'old pods still serve',
      );
      const good = app.status.revisions
        .filter((r: any) => r.version === '2.4.1')
        .at(-1).revision;
      const back = await call('alice.nakamura', `${CANARY}/rollback`, {
        resourceVersion: app.resourceVersion,
        revision: good,
      });
      assert.equal(back.status, 200, JSON.stringify(back.body));
      await rolledOut(
        CANARY,
        a => a.spec.version === '2.4.1' && a.status.phase === 'Running',
      );
    });

    test('Scaler bounds: the owner changes them; scaling outside them is refused', async () => {
      const path =
        '/api/compute/clusters/sim-eu-west/namespaces/team-payments/apps/payments-gateway';
      const app = (await call('alice.nakamura', path)).body;
      const outside = await call('alice.nakamura', `${path}/scale`, {
        resourceVersion: app.resourceVersion,
        replicas: 11,
      });
      assert.equal(outside.status, 400);
      assert.match(outside.body.error.message, /between 3 and 10/);
      const bad = await call('alice.nakamura', `${path}/scaler`, {
        resourceVersion: app.scaler.resourceVersion,
        minReplicas: 5,
        maxReplicas: 4,
      });
      assert.equal(bad.status, 400);
      const ok = await call('alice.nakamura', `${path}/scaler`, {
        resourceVersion: app.scaler.resourceVersion,
        minReplicas: 3,
        maxReplicas: 12,
      });
      assert.equal(ok.status, 200, JSON.stringify(ok.body));
      assert.deepEqual(ok.body.app.scaler.maxReplicas, 12);
      const stale = await call('alice.nakamura', `${path}/scaler`, {
        resourceVersion: app.scaler.resourceVersion,
        minReplicas: 3,
        maxReplicas: 9,
      });
      assert.equal(stale.status, 409);
    });

    test('each action: the owner may, another team may not (403, nothing changes), a platform admin may', async () => {
      const path =
        '/api/compute/clusters/sim-us-east/namespaces/team-payments/apps/payments-gateway';
      const app = (await call('alice.nakamura', path)).body;
      const bodies: Record<string, unknown> = {
        scale: {
          resourceVersion: app.resourceVersion,
          replicas: app.spec.replicas,
        },
        scaler: {
          resourceVersion: app.scaler.resourceVersion,
          minReplicas: 2,
          maxReplicas: 8,
        },
        restart: { resourceVersion: app.resourceVersion },
        deploy: { resourceVersion: app.resourceVersion, version: '2.5.0' },
        rollback: { resourceVersion: app.resourceVersion, revision: 1 },
      };
      for (const [action, body] of Object.entries(bodies)) {
        const denied = await call('bob.okafor', `${path}/${action}`, body);
        assert.equal(
          denied.status,
          403,
          `${action}: ${JSON.stringify(denied.body)}`,
        );
        assert.match(
          denied.body.error.message,
          /only the team that owns component:default\/payments-gateway/,
        );
      }
      const inCluster = await kubeGet(
        suite.stack.us,
        appPath('team-payments', 'payments-gateway'),
      );
      assert.equal(inCluster.metadata.resourceVersion, app.resourceVersion);

      const byOwner = await call(
        'alice.nakamura',
        `${path}/scale`,
        bodies.scale,
      );
      assert.equal(byOwner.status, 200, JSON.stringify(byOwner.body));
      const fresh = byOwner.body.app;
      const byAdmin = await call('ravi.subramanian', `${path}/restart`, {
        resourceVersion: fresh.resourceVersion,
      });
      assert.equal(byAdmin.status, 200, JSON.stringify(byAdmin.body));
    });

    test('Activity: every action on the component, newest first, including refusals', async () => {
      const { status, body } = await call(
        'bob.okafor',
        '/api/compute/components/default/payments-gateway/activity?limit=500',
      );
      assert.equal(status, 200);
      const seen = new Set(
        body.items.map((r: any) => `${r.action}:${r.result}`),
      );
      for (const expected of [
        'scale:succeeded',
        'deploy:succeeded',
        'restart:succeeded',
        'rollback:succeeded',
        'scaler:succeeded',
        'scale:denied',
        'deploy:failed',
      ]) {
        assert.ok(seen.has(expected), `${expected} in ${[...seen].join(', ')}`);
      }
      const ids = body.items.map((r: any) => r.id);
      assert.deepEqual(
        ids,
        [...ids].sort((a: number, b: number) => b - a),
      );
      // Bob's refusals are there with their reason (the property test may have added others').
      const denied = body.items.find(
        (r: any) =>
          r.result === 'denied' && r.actor === 'user:default/bob.okafor',
      );
      assert.match(
        denied.message,
        /only the team that owns component:default\/payments-gateway/,
      );
      const deploy = body.items.find(
        (r: any) => r.action === 'deploy' && r.result === 'succeeded',
      );
      assert.equal(deploy.actor, 'user:default/alice.nakamura');
      assert.ok(deploy.before.version && deploy.after.version);
      assert.equal(
        (
          await call(
            'bob.okafor',
            '/api/compute/components/default/payments-gateway/activity?limit=0',
          )
        ).status,
        400,
      );
    });
  });
}
