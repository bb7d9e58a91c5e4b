/**
 * Part of tests/compute.test.ts (the stack and the tests' users: tests/lib/computeSuite.ts): what each user reads
 * and hears. A component across clusters and many in one batch, events, logs within limits, the team quota,
 * image tags from the registry, owners-only Apps left out for non-owners, and signals over /api/signals.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { appPath, demoRegistryTags, kubeDelete } from '../lib/compute.ts';
import { CANARY, REPO, type ComputeSuite } from '../lib/computeSuite.ts';
import { waitFor } from '../lib/proc.ts';
import { connectSignals } from '../lib/signals.ts';

/** Registers this part's tests on the shared stack (tests/compute.test.ts). */
export function computeReads(suite: ComputeSuite): void {
  describe('reads: one component and many, events, logs, quota, tags, owners-only Apps, signals', () => {
    const { call, canary, createFleetApp, scaleAsIs } = suite;

    test('reads a component across clusters: Apps, pods with zones, the Scaler; an unreachable cluster is reported, not fatal', async () => {
      const { status, body } = await call(
        'bob.okafor',
        '/api/compute/components/default/payments-gateway/workloads',
      );
      assert.equal(status, 200);
      assert.equal(body.entityRef, 'component:default/payments-gateway');
      const byName = Object.fromEntries(
        body.clusters.map((c: any) => [c.cluster.name, c]),
      );
      assert.equal(byName['sim-eu-west'].ok, true);
      assert.deepEqual(
        byName['sim-eu-west'].apps.map((a: any) => a.name),
        ['payments-gateway', 'payments-gateway-canary'],
      );
      const gateway = byName['sim-eu-west'].apps[0];
      assert.equal(gateway.team, 'team-payments');
      assert.equal(gateway.spec.tier, 'reserved');
      assert.equal(gateway.pods.length, gateway.spec.replicas);
      for (const pod of gateway.pods) {
        assert.equal(pod.ready, true, JSON.stringify(pod));
        assert.match(pod.zone, /^eu-west-1[abc]$/);
        assert.ok(pod.node);
        assert.ok(pod.containers.length >= 2, 'main container and its sidecar');
      }
      assert.deepEqual(
        { min: gateway.scaler.minReplicas, max: gateway.scaler.maxReplicas },
        { min: 3, max: 10 },
      );
      assert.equal(byName['sim-us-east'].ok, true);
      assert.deepEqual(
        byName['sim-us-east'].apps.map((a: any) => a.name),
        ['payments-gateway'],
      );
      assert.equal(byName['sim-slow'].ok, false);
      assert.equal(byName['sim-slow'].error.reason, 'Unreachable');
    });

    test('reads many components in one batch: the same Apps as one by one, null for what is not a visible component', async () => {
      const refs = [
        'component:default/payments-gateway',
        'component:default/fraud-scoring',
        'component:default/shipment-tracker',
        'group:default/team-payments',
        'component:default/no-such-service',
      ];
      const { status, body } = await call(
        'bob.okafor',
        '/api/compute/components/workloads',
        { entityRefs: refs },
      );
      assert.equal(status, 200);
      assert.equal(body.items.length, refs.length);
      assert.equal(body.items[3], null, 'a group is not a component');
      assert.equal(body.items[4], null, 'no such component');
      const appsPerCluster = (w: any) =>
        Object.fromEntries(
          w.clusters
            .filter((c: any) => c.ok)
            .map((c: any) => [c.cluster.name, c.apps.map((a: any) => a.name)]),
        );
      for (const [i, ref] of refs.slice(0, 3).entries()) {
        const name = ref.split('/')[1];
        const one = await call(
          'bob.okafor',
          `/api/compute/components/default/${name}/workloads`,
        );
        assert.equal(body.items[i].entityRef, ref);
        assert.deepEqual(
          appsPerCluster(body.items[i]),
          appsPerCluster(one.body),
        );
        assert.ok(
          Object.values(appsPerCluster(body.items[i])).flat().length > 0,
          `${name} has Apps`,
        );
      }
      // The batch reads no pods.
      assert.ok(
        body.items[0].clusters
          .filter((c: any) => c.ok)
          .every((c: any) => c.apps.every((a: any) => a.pods.length === 0)),
      );
      const tooMany = await call(
        'bob.okafor',
        '/api/compute/components/workloads',
        {
          entityRefs: Array.from(
            { length: 101 },
            (_, i) => `component:default/c${i}`,
          ),
        },
      );
      assert.equal(tooMany.status, 400);
      const malformed = await call(
        'bob.okafor',
        '/api/compute/components/workloads',
        {
          entityRefs: 'component:default/payments-gateway',
        },
      );
      assert.equal(malformed.status, 400);
    });

    test('reads events, logs within limits, the team quota and the image tags', async () => {
      const events = await call(
        'bob.okafor',
        '/api/compute/components/default/payments-gateway/events',
      );
      assert.equal(events.status, 200);
      const euEvents = events.body.clusters.find(
        (c: any) => c.cluster.name === 'sim-eu-west',
      );
      assert.ok(euEvents.events.length > 0, 'the simulator records pod events');

      const pod = (await canary()).pods[0].name;
      const logsPath = `/api/compute/clusters/sim-eu-west/namespaces/team-payments/pods/${pod}/logs`;
      const logs = await call('bob.okafor', `${logsPath}?tailLines=5`);
      assert.equal(logs.status, 200, JSON.stringify(logs.body));
      assert.ok(logs.body.lines.length > 0 && logs.body.lines.length <= 5);
      assert.equal(
        (await call('bob.okafor', `${logsPath}?tailLines=100000`)).status,
        400,
      );
      assert.equal(
        (await call('bob.okafor', `${logsPath}?tailLines=-1`)).status,
        400,
      );
      assert.equal(
        (await call('bob.okafor', `${logsPath}?container=nope`)).status,
        400,
      );

      const quota = await call(
        'bob.okafor',
        '/api/compute/teams/default/team-payments/quota',
      );
      assert.equal(quota.status, 200);
      const reserved = quota.body.clusters
        .find((c: any) => c.cluster.name === 'sim-eu-west')
        .tiers.find((t: any) => t.tier === 'reserved');
      assert.equal(reserved.hard.cpu, 12);
      assert.ok(
        reserved.used.cpu > 0 && reserved.used.cpu <= reserved.hard.cpu,
      );

      const team = await call(
        'bob.okafor',
        '/api/compute/teams/default/team-payments/workloads',
      );
      assert.equal(team.status, 200);
      assert.ok(
        team.body.clusters
          .find((c: any) => c.cluster.name === 'sim-eu-west')
          .apps.some((a: any) => a.name === 'refunds-worker'),
      );

      const tags = await call('bob.okafor', `${CANARY}/tags`);
      assert.equal(tags.status, 200);
      assert.equal(
        tags.body.image,
        'registry.larkspur.example/payments/payments-gateway',
      );
      assert.deepEqual(
        [...tags.body.tags].sort(),
        [...demoRegistryTags().get(REPO)!].sort(),
      );
    });

    test("a team's workloads leave out, without a trace, the Apps of its owners-only components for non-owners; its owners see them", async () => {
      await createFleetApp('vault-card', 'fleet-vault');
      const TEAM = '/api/compute/teams/default/team-fleet/workloads';
      const names = (body: any) =>
        body.clusters.flatMap((c: any) =>
          (c.apps ?? []).map((a: any) => a.name),
        );
      // Bob owns fleet-vault: once his answer has the App, the cache every answer comes from has it.
      await waitFor(
        "the owners-only App in its owner's team card",
        async () => {
          const { status, body } = await call('bob.okafor', TEAM);
          assert.equal(status, 200);
          return names(body).includes('vault-card') ? true : undefined;
        },
        { timeoutMs: 10_000, intervalMs: 100 },
      );
      // Alice may see team-fleet but not fleet-vault: its other Apps, and nothing of the vault.
      const other = await call('alice.nakamura', TEAM);
      assert.equal(other.status, 200);
      assert.ok(names(other.body).length > 0, "team-fleet's other Apps show");
      assert.doesNotMatch(JSON.stringify(other.body), /vault-card|fleet-vault/);
      // The property test below expects only demo components' Apps.
      await kubeDelete(suite.stack.eu, appPath('team-fleet', 'vault-card'));
    });

    test("signals: over /api/signals, an owners-only component's action reaches its owners and the admins and no one else; a public one's everyone signed in", async () => {
      await createFleetApp('vault', 'fleet-vault');
      const path =
        '/api/compute/clusters/sim-eu-west/namespaces/team-fleet/apps/vault';
      await waitFor('the owners-only App', async () =>
        (await call('dmitri.volkov', path)).status === 200 ? true : undefined,
      );
      const VAULT = 'atrium:compute:component:default/fleet-vault';
      const listen = (user: string, channels: string[]) =>
        connectSignals(
          suite.stack.backend.baseUrl,
          suite.stack.tokens[user],
          channels,
        );
      const PAYMENTS = 'atrium:compute:component:default/payments-gateway';
      const [owner, admin, other, bystander] = await Promise.all([
        // Bob owns fleet-vault, not payments-gateway (which everyone signed in may see).
        listen('bob.okafor', [VAULT, PAYMENTS]),
        listen('ravi.subramanian', [VAULT]),
        // Alice owns payments-gateway, not fleet-vault (she may not even see it).
        listen('alice.nakamura', [VAULT, PAYMENTS]),
        // Margaret is in no team: she may see payments-gateway, not fleet-vault.
        listen('margaret.oyelaran', [VAULT, PAYMENTS]),
      ]);
      const received = (c: typeof owner) =>
        c.messages.map(m => [m.channel, m.message.auditId]);
      try {
        // Another owner (Dmitri) scales: Bob, watching, and the admin hear of it.
        const scaled = await scaleAsIs('dmitri.volkov', path, 2);
        const expected = {
          type: 'action',
          action: 'scale',
          entityRef: 'component:default/fleet-vault',
          cluster: 'sim-eu-west',
          namespace: 'team-fleet',
          app: 'vault',
          actor: 'user:default/dmitri.volkov',
          auditId: scaled.record.id,
          occurredAt: scaled.record.occurredAt,
        };
        for (const [who, connection] of [
          ['Bob', owner],
          ['Ravi', admin],
        ] as const) {
          const got = await waitFor(
            `${who}'s signal`,
            async () =>
              connection.on(VAULT).length ? connection.on(VAULT) : undefined,
            { timeoutMs: 5000, intervalMs: 20 },
          );
          assert.deepEqual(got, [expected]);
        }
        // Each connection gets its messages in the order they were published: a later one that arrives proves an
        // earlier one is not coming. Alice scales her own component (to the replicas it has: applied, audited,
        // signalled), which everyone signed in may see: she and Margaret get that, and never heard of the vault.
        const own = await scaleAsIs('alice.nakamura', CANARY);
        for (const [who, connection] of [
          ['Alice', other],
          ['Margaret', bystander],
        ] as const) {
          await waitFor(
            `${who}'s signal of payments-gateway`,
            async () => (connection.on(PAYMENTS).length ? true : undefined),
            { timeoutMs: 5000, intervalMs: 20 },
          );
          assert.deepEqual(received(connection), [[PAYMENTS, own.record.id]]);
        }
        // Dmitri scales the vault back: Bob gets that, after Alice's action on payments-gateway (a broadcast).
        const back = await scaleAsIs('dmitri.volkov', path, 1);
        await waitFor(
          "Bob's second signal",
          async () => (owner.on(VAULT).length === 2 ? true : undefined),
          { timeoutMs: 5000, intervalMs: 20 },
        );
        assert.deepEqual(received(owner), [
          [VAULT, scaled.record.id],
          [PAYMENTS, own.record.id],
          [VAULT, back.record.id],
        ]);
      } finally {
        for (const c of [owner, admin, other, bystander]) c.close();
      }
    });
  });
}
