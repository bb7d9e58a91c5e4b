/**
 * Part of tests/operations.test.ts (the stack: tests/lib/operations.ts): what becomes of the alert that fired
 * (tests/operations/firing.ts). It is among its owner's open alerts on Home (through the gateway), not another
 * team's; an owner silences it (in Alertmanager, audited, shown silenced); another team may not (403, audited),
 * an admin may; bad silences are 400 and another component's alert 404; it resolves and is listed as resolved.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { waitFor } from '../lib/proc.ts';
import { EXPORTED } from '../lib/prometheus.ts';
import { GATEWAY, TRACKER, type OperationsSuite } from '../lib/operations.ts';
import type { FiredAlert } from './firing.ts';

/** Registers this part's tests on the shared stack (tests/operations.test.ts), after the alert fired. */
export function operationsAlerts(
  suite: OperationsSuite,
  fired: FiredAlert,
): void {
  describe('the fired alert: Home, silences by owners, refusals, resolving', () => {
    const { call, am, auditEvents } = suite;

    test("the owner's Home shows it among her open alerts, through the gateway; another team's does not", async () => {
      const { fingerprint } = fired;
      assert.ok(fingerprint, 'the alert fired');
      const openAlerts = async (user: string) => {
        const { status, body } = await call(user, '/api/graphql', {
          query: `{ viewer { openAlerts { configured howTo items {
            fingerprint name severity summary silenced startsAt
            entity { ref name title }
          } } } }`,
        });
        assert.equal(status, 200, JSON.stringify(body));
        assert.equal(body.errors, undefined, JSON.stringify(body.errors));
        return body.data.viewer.openAlerts;
      };

      // alice.nakamura is in team-payments, which owns payments-gateway (and the tuned test component, whose
      // matchers select the same alert).
      const alice = await openAlerts('alice.nakamura');
      assert.equal(alice.configured, true);
      assert.equal(alice.howTo, null);
      const onGateway = alice.items.filter(
        (a: any) => a.entity.ref === 'component:default/payments-gateway',
      );
      assert.deepEqual(onGateway, [
        {
          fingerprint,
          name: EXPORTED.alertName,
          severity: 'critical',
          summary: EXPORTED.alertSummary,
          silenced: false,
          startsAt: onGateway[0]?.startsAt,
          entity: {
            ref: 'component:default/payments-gateway',
            name: 'payments-gateway',
            title: 'Payments Gateway',
          },
        },
      ]);
      assert.ok(!Number.isNaN(Date.parse(onGateway[0].startsAt)));
      assert.deepEqual(
        alice.items
          .filter(
            (a: any) => a.entity.ref !== 'component:default/payments-gateway',
          )
          .map((a: any) => [a.entity.name, a.fingerprint]),
        [['payments-gateway-tuned', fingerprint]],
      );

      // bob.okafor is in team-fleet: the alert is not on any of his services.
      const bob = await openAlerts('bob.okafor');
      assert.equal(bob.configured, true);
      assert.equal(
        bob.items.some((a: any) => a.fingerprint === fingerprint),
        false,
        JSON.stringify(bob.items),
      );
    });

    test('an owner silences the alert: in Alertmanager with her as creator, audited, and the alert shows silenced', async () => {
      const { fingerprint } = fired;
      assert.ok(fingerprint, 'the alert fired');
      const requestedAt = Date.now();
      const { status, body } = await call(
        'alice.nakamura',
        `${GATEWAY}/silences`,
        {
          fingerprint,
          durationMinutes: 30,
          comment: 'Rolling back the release that broke card captures',
        },
      );
      assert.equal(status, 201, JSON.stringify(body));
      const id = body.silence.id;
      assert.ok(id);

      const silence = await am(`/api/v2/silence/${id}`);
      assert.equal(silence.createdBy, 'user:default/alice.nakamura');
      assert.equal(
        silence.comment,
        'Rolling back the release that broke card captures',
      );
      assert.equal(silence.status.state, 'active');
      const minutes =
        (Date.parse(silence.endsAt) - Date.parse(silence.startsAt)) / 60_000;
      assert.ok(Math.abs(minutes - 30) < 0.1, `${minutes} minutes`);
      assert.ok(Date.parse(silence.startsAt) >= requestedAt - 5000);
      // Exactly the alert's labels.
      const alert = (await am('/api/v2/alerts')).find(
        (a: any) => a.fingerprint === fingerprint,
      );
      assert.deepEqual(
        Object.fromEntries(
          silence.matchers.map((m: any) => {
            assert.equal(m.isRegex, false);
            assert.equal(m.isEqual, true);
            return [m.name, m.value];
          }),
        ),
        alert.labels,
      );

      const audited = await waitFor(
        'the audit of the silence',
        async () =>
          auditEvents().find(
            e => e.status === 'succeeded' && e.meta?.silenceId === id,
          ),
        { timeoutMs: 15_000 },
      );
      assert.equal(audited.actor.actorId, 'user:default/alice.nakamura');
      assert.equal(
        audited.meta.entityRef,
        'component:default/payments-gateway',
      );
      assert.equal(audited.meta.fingerprint, fingerprint);
      assert.equal(audited.severityLevel, 'medium');

      const silenced = await waitFor('the alert to show silenced', async () => {
        const { body: b } = await call('bob.okafor', `${GATEWAY}/alerts`);
        const a = b.active.find((x: any) => x.fingerprint === fingerprint);
        return a?.state === 'suppressed' ? a : undefined;
      });
      assert.deepEqual(silenced.silencedBy, [id]);
    });

    test('another team may not silence: 403, nothing in Alertmanager, and the refusal is audited', async () => {
      const { fingerprint } = fired;
      const count = async () => (await am('/api/v2/silences')).length;
      const countBefore = await count();
      const { status, body } = await call('bob.okafor', `${GATEWAY}/silences`, {
        fingerprint,
        durationMinutes: 30,
        comment: 'not mine',
      });
      assert.equal(status, 403, JSON.stringify(body));
      assert.equal(body.error.name, 'NotAllowedError');
      assert.equal(await count(), countBefore);
      await waitFor(
        'the audit of the refusal',
        async () =>
          auditEvents().find(
            e =>
              e.status === 'failed' &&
              e.actor?.actorId === 'user:default/bob.okafor' &&
              e.meta?.fingerprint === fingerprint,
          ),
        { timeoutMs: 15_000 },
      );

      // A platform admin may, and matchers of their own are narrowed to the component.
      const admin = await call('ravi.subramanian', `${GATEWAY}/silences`, {
        matchers: [
          { name: 'alertname', value: EXPORTED.alertName, isRegex: false },
        ],
        durationMinutes: 5,
        comment: 'Admin on call',
      });
      assert.equal(admin.status, 201, JSON.stringify(admin.body));
      const made = await am(`/api/v2/silence/${admin.body.silence.id}`);
      assert.equal(made.createdBy, 'user:default/ravi.subramanian');
      assert.deepEqual(
        made.matchers.map((m: any) => `${m.name}=${m.value}`).sort(),
        [`alertname=${EXPORTED.alertName}`, 'component=payments-gateway'],
      );
      assert.equal(await count(), countBefore + 1);
    });

    test('refuses bad silences with 400, and an alert of another component with 404', async () => {
      const { fingerprint } = fired;
      const bad = [
        { fingerprint, durationMinutes: 0, comment: 'x' },
        { fingerprint, durationMinutes: 10081, comment: 'x' },
        { fingerprint, durationMinutes: 5 },
        { durationMinutes: 5, comment: 'x' },
        { fingerprint, matchers: [], durationMinutes: 5, comment: 'x' },
        {
          matchers: [{ name: 'alertname', value: '.*', isRegex: true }],
          durationMinutes: 5,
          comment: 'x',
        },
      ];
      for (const body of bad) {
        const res = await call('alice.nakamura', `${GATEWAY}/silences`, body);
        assert.equal(
          res.status,
          400,
          `${JSON.stringify(body)}: ${JSON.stringify(res.body)}`,
        );
      }
      const other = await call('bob.okafor', `${TRACKER}/silences`, {
        fingerprint,
        durationMinutes: 5,
        comment: 'x',
      });
      assert.equal(other.status, 404, JSON.stringify(other.body));
    });

    test('records the alert resolving, and lists it as recently resolved', async () => {
      const { fingerprint } = fired;
      suite.exporter.setFiring(false);
      const resolved = await waitFor(
        'the alert to resolve',
        async () => {
          const { body } = await call('bob.okafor', `${GATEWAY}/alerts`);
          if (body.active.some((a: any) => a.fingerprint === fingerprint))
            return undefined;
          return body.resolved.find((a: any) => a.fingerprint === fingerprint);
        },
        { timeoutMs: 45_000, intervalMs: 1000 },
      );
      assert.equal(resolved.state, 'resolved');
      assert.equal(resolved.name, EXPORTED.alertName);
      assert.ok(Date.parse(resolved.endsAt) > Date.parse(resolved.startsAt));
      const { body } = await call('bob.okafor', `${GATEWAY}/alert-events`);
      assert.deepEqual(
        body.items
          .filter((e: any) => e.fingerprint === fingerprint)
          .map((e: any) => e.type),
        ['fired', 'resolved'],
      );
    });
  });
}
