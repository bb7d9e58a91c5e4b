/**
 * Part of tests/compute.test.ts, and its last: whose App is whose. An App in another team's namespace, in no
 * team's, named by another team's component, a property test of random users against random Apps; then one
 * cluster down and another silent, whose answer still leaves out the App of the first test. The stack is not
 * whole after it: it runs last.
 */
import assert from 'node:assert/strict';
import { createServer, type Server, type Socket } from 'node:net';
import { after, describe, test } from 'node:test';
import fc from 'fast-check';
import {
  api,
  appPath,
  kubeCreate,
  kubeGet,
  kubeDelete,
} from '../lib/compute.ts';
import {
  FLEET_VAULT,
  FLEET_VIEW,
  USERS,
  type ComputeSuite,
} from '../lib/computeSuite.ts';
import { demoEntities } from '../lib/demo.ts';
import { waitFor } from '../lib/proc.ts';

/** Registers this part's tests on the shared stack (tests/compute.test.ts). */
export function computeOwnership(suite: ComputeSuite): void {
  describe('whose App is whose; one cluster down, another silent', () => {
    let silent: Server | undefined;
    const sockets: Socket[] = [];
    // Registered before the stack's own, so it runs first, as before the stack stops.
    after(() => {
      for (const s of sockets) s.destroy();
      silent?.close();
    });
    const { call, createFleetApp } = suite;

    test("an App in another team's namespace that names a component is not that component's owners' to change", async () => {
      await createFleetApp('impostor', 'payments-gateway');
      const path =
        '/api/compute/clusters/sim-eu-west/namespaces/team-fleet/apps/impostor';
      const app = await waitFor('the impostor App', async () => {
        const { status, body } = await call('alice.nakamura', path);
        return status === 200 ? body : undefined;
      });
      const res = await call('alice.nakamura', `${path}/scale`, {
        resourceVersion: app.resourceVersion,
        replicas: 2,
      });
      assert.equal(res.status, 403, JSON.stringify(res.body));
      assert.match(
        res.body.error.message,
        /impostor may not be operated through component:default\/payments-gateway: namespace team-fleet belongs to group:default\/team-fleet, not to this component's owner group:default\/team-payments/,
      );
      const inCluster = await kubeGet(
        suite.stack.eu,
        appPath('team-fleet', 'impostor'),
      );
      assert.equal(inCluster.spec.replicas, 1);
    });

    test("an App in a namespace that is no team's is not found through Atrium: neither read nor changed", async () => {
      const canaryApp = await kubeGet(
        suite.stack.eu,
        appPath('team-payments', 'payments-gateway-canary'),
      );
      await kubeCreate(suite.stack.eu, '/api/v1/namespaces', {
        apiVersion: 'v1',
        kind: 'Namespace',
        metadata: { name: 'sandbox' },
      });
      await kubeCreate(
        suite.stack.eu,
        '/apis/compute.atrium.dev/v1alpha1/namespaces/sandbox/apps',
        {
          apiVersion: 'compute.atrium.dev/v1alpha1',
          kind: 'App',
          metadata: {
            name: 'stray',
            namespace: 'sandbox',
            labels: { 'compute.atrium.dev/component': 'payments-gateway' },
          },
          spec: { ...canaryApp.spec, replicas: 1 },
        },
      );
      const path =
        '/api/compute/clusters/sim-eu-west/namespaces/sandbox/apps/stray';
      const notTeam = /namespace sandbox is not a team namespace/;
      for (const user of ['alice.nakamura', 'ravi.subramanian']) {
        const read = await call(user, path);
        assert.equal(read.status, 404, JSON.stringify(read.body));
        assert.match(read.body.error.message, notTeam);
        const scale = await call(user, `${path}/scale`, {
          resourceVersion: '1',
          replicas: 2,
        });
        assert.equal(scale.status, 404, JSON.stringify(scale.body));
        assert.match(scale.body.error.message, notTeam);
      }
      const inCluster = await kubeGet(
        suite.stack.eu,
        appPath('sandbox', 'stray'),
      );
      assert.equal(inCluster.spec.replicas, 1);
      // payments-gateway's page lists it as left out, with the reason; then it goes, so later tests see the demo.
      const page = await call(
        'alice.nakamura',
        '/api/compute/components/default/payments-gateway/workloads',
      );
      assert.ok(
        page.body.excluded.some(
          (e: { name: string; reason: string }) =>
            e.name === 'stray' && /sandbox belongs to no team/.test(e.reason),
        ),
        JSON.stringify(page.body.excluded),
      );
      await kubeDelete(suite.stack.eu, appPath('sandbox', 'stray'));
    });

    test("a component naming another team's App does not show it, in REST or in the gateway, and its owners still may not act on it", async () => {
      const reason =
        "namespace team-payments belongs to group:default/team-payments, not to this component's owner group:default/team-fleet";
      const rest = await waitFor(
        'fleet-payments-view in the catalog',
        async () => {
          const res = await call(
            'bob.okafor',
            '/api/compute/components/default/fleet-payments-view/workloads',
          );
          return res.status === 200 ? res.body : undefined;
        },
        { timeoutMs: 120_000, intervalMs: 1000 },
      );
      const shown = (clusters: any[]) =>
        clusters.flatMap((c: any) =>
          (c.apps ?? []).map(
            (a: any) => `${c.cluster?.name ?? c.name}/${a.name}`,
          ),
        );
      const left = (excluded: any[]) =>
        excluded
          .map((e: any) => [e.cluster, e.namespace, e.name, e.reason])
          .sort();
      const expected = [
        ['sim-eu-west', 'team-payments', 'payments-gateway', reason],
        ['sim-us-east', 'team-payments', 'payments-gateway', reason],
      ];
      assert.deepEqual(shown(rest.clusters), [], 'no App of team-payments');
      assert.deepEqual(left(rest.excluded), expected);

      const gateway = await api(
        suite.stack.backend.baseUrl,
        suite.stack.tokens['bob.okafor'],
        '/api/graphql',
        {
          method: 'POST',
          body: {
            query: `{ entity(ref: "component:default/fleet-payments-view") {
          compute { apps clusters { name apps { name } } excluded { id cluster namespace name reason } } } }`,
          },
        },
      );
      assert.equal(gateway.status, 200, JSON.stringify(gateway.body));
      assert.equal(
        gateway.body.errors,
        undefined,
        JSON.stringify(gateway.body),
      );
      const compute = gateway.body.data.entity.compute;
      assert.equal(compute.apps, 0);
      assert.deepEqual(shown(compute.clusters), []);
      assert.deepEqual(left(compute.excluded), expected);

      // Left out of the page, and still not theirs to change.
      const path =
        '/api/compute/clusters/sim-eu-west/namespaces/team-payments/apps/payments-gateway';
      const app = (await call('bob.okafor', path)).body;
      const res = await call('bob.okafor', `${path}/scale`, {
        resourceVersion: app.resourceVersion,
        replicas: app.spec.replicas + 1,
      });
      assert.equal(res.status, 403, JSON.stringify(res.body));
      assert.match(
        res.body.error.message,
        /may not scale payments-gateway: only the team that owns component:default\/payments-gateway/,
      );
      const inCluster = await kubeGet(
        suite.stack.eu,
        appPath('team-payments', 'payments-gateway'),
      );
      assert.equal(inCluster.spec.replicas, app.spec.replicas);
    });

    test("property: random users acting on random Apps never change another team's App", async () => {
      const listed = (
        await call(
          'ravi.subramanian',
          '/api/compute/teams/default/team-payments/workloads',
        )
      ).body;
      assert.ok(listed);
      // Every App of the eu cluster, straight from the simulator.
      const all = (
        await kubeGet(suite.stack.eu, '/apis/compute.atrium.dev/v1alpha1/apps')
      ).items as any[];
      // Each App's component, from the demo catalog and the suite's own entries (the reads made Apps of
      // fleet-vault, an owners-only component).
      const components = new Map(
        [...demoEntities(), FLEET_VIEW, FLEET_VAULT]
          .filter(e => e.kind === 'Component')
          .map(e => {
            const { annotations } = e.metadata as {
              annotations?: Record<string, string>;
            };
            return [
              e.metadata.name,
              {
                owner: String(e.spec?.owner),
                ownersOnly: annotations?.['atrium.dev/visibility'] === 'owners',
              },
            ] as const;
          }),
      );
      const apps = all.map(a => {
        const component = components.get(
          a.metadata.labels['compute.atrium.dev/component'],
        );
        return {
          namespace: a.metadata.namespace,
          name: a.metadata.name,
          // Only the team that owns the component may act, and only on Apps in its own namespace.
          team: a.metadata.labels['compute.atrium.dev/team'],
          owner: component?.owner,
          ownersOnly: component?.ownersOnly ?? false,
        };
      });
      await fc.assert(
        fc.asyncProperty(
          fc.constantFrom(...Object.keys(USERS)),
          fc.constantFrom(...apps),
          async (user, target) => {
            const path = `/api/compute/clusters/sim-eu-west/namespaces/${target.namespace}/apps/${target.name}`;
            const before = await kubeGet(
              suite.stack.eu,
              appPath(target.namespace, target.name),
            );
            const res = await call(user, `${path}/scale`, {
              resourceVersion: before.metadata.resourceVersion,
              replicas: before.spec.replicas,
            });
            const isOwner =
              USERS[user].admin ||
              USERS[user].teams.includes(target.owner ?? '');
            const mayAct =
              target.owner === target.team &&
              (USERS[user].admin || USERS[user].teams.includes(target.team));
            // An owners-only component's App does not exist for anyone else.
            const hidden = target.ownersOnly && !isOwner;
            if (mayAct) {
              // Allowed; a Scaler or the reconciler may have moved it meanwhile (409), never a 403.
              assert.ok(
                [200, 409].includes(res.status),
                `${user} on ${target.name}: ${res.status} ${JSON.stringify(
                  res.body,
                )}`,
              );
            } else {
              // Refused: 403, or 404 for an App in a namespace that is no team's (Atrium manages none there) or
              // of an owners-only component the user may not see.
              assert.equal(
                res.status,
                target.team && !hidden ? 403 : 404,
                `${user} on ${target.name}: ${JSON.stringify(res.body)}`,
              );
              const afterwards = await kubeGet(
                suite.stack.eu,
                appPath(target.namespace, target.name),
              );
              assert.equal(afterwards.spec.replicas, before.spec.replicas);
              assert.equal(
                afterwards.metadata.generation,
                before.metadata.generation,
              );
            }
          },
        ),
        { numRuns: 40 },
      );
    });

    test('one cluster down, another silent: the others still answer, the one that went away stale with its last state, the one never reached an error', async () => {
      await suite.stack.us.stop();
      silent = createServer(socket => {
        sockets.push(socket); // accepts and never answers
      });
      await new Promise<void>(r =>
        silent!.listen(suite.slowPort, '127.0.0.1', r),
      );
      // Reads come from each cluster's watch-fed cache: sim-us-east, which answered before, is reported stale
      // once its watches find it gone (bounded wait), with what it last reported.
      const deadline = Date.now() + 20_000;
      let status = 0;
      let body: any;
      let byName: Record<string, any> = {};
      let ms = 0;
      while (Date.now() < deadline) {
        const t0 = Date.now();
        ({ status, body } = await call(
          'bob.okafor',
          '/api/compute/components/default/payments-gateway/workloads',
        ));
        ms = Date.now() - t0;
        byName = Object.fromEntries(
          body.clusters.map((c: any) => [c.cluster.name, c]),
        );
        if (byName['sim-us-east']?.stale) break;
        await new Promise(r => setTimeout(r, 200));
      }
      assert.equal(status, 200);
      assert.equal(byName['sim-eu-west'].ok, true);
      // Its Apps (by namespace, then name); the impostor of the test above is labelled with the component but
      // lives in team-fleet's namespace, so it is left out, as it is not actionable either.
      assert.deepEqual(
        byName['sim-eu-west'].apps.map((a: any) => a.name),
        ['payments-gateway', 'payments-gateway-canary'],
      );
      assert.deepEqual(body.excluded, [
        {
          cluster: 'sim-eu-west',
          namespace: 'team-fleet',
          name: 'impostor',
          reason:
            "namespace team-fleet belongs to group:default/team-fleet, not to this component's owner group:default/team-payments",
        },
      ]);
      assert.equal(byName['sim-us-east'].ok, true);
      assert.equal(byName['sim-us-east'].stale.reason, 'Unreachable');
      assert.ok(Date.parse(byName['sim-us-east'].stale.since) <= Date.now());
      assert.deepEqual(
        byName['sim-us-east'].apps.map((a: any) => a.name),
        ['payments-gateway'],
      );
      // Never reached since start (nothing listened, now it never answers): an error, as before the cache, and
      // the read no longer waits for it (it used to wait for the 1.5 s timeout).
      assert.equal(byName['sim-slow'].ok, false);
      assert.match(byName['sim-slow'].error.reason, /^(Unreachable|Timeout)$/);
      assert.ok(ms < 1500, `the read took ${ms} ms`);
      const action = await call(
        'alice.nakamura',
        '/api/compute/clusters/sim-us-east/namespaces/team-payments/apps/payments-gateway',
      );
      assert.equal(action.status, 503);
    });
  });
}
