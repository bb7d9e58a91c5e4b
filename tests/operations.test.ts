/**
 * Operations' alerts, end to end: Atrium's backend reads Debian's real Alertmanager, fed by the alerting rule
 * of Debian's real Prometheus over a small exporter in this process (the stack: tests/lib/operations.ts):
 * alerts fired and resolved, Home's open alerts, silences by owners, each service down, and no monitoring
 * configured. Users sign in through the embedded OpenID provider. Metrics are in operations-metrics.test.ts.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { signIn } from './lib/auth.ts';
import { startBackend, waitForCatalog } from './lib/backend.ts';
import { demoKindCounts } from './lib/demo.ts';
import { waitFor } from './lib/proc.ts';
import { EXPORTED } from './lib/prometheus.ts';
import {
  GATEWAY,
  TRACKER,
  TUNED,
  useOperationsSuite,
} from './lib/operations.ts';

describe('operations: metrics from Prometheus, alerts from Alertmanager, silences by owners', () => {
  const suite = useOperationsSuite('operations');
  const { call, am, auditEvents } = suite;

  let fingerprint = '';

  test("shows the firing rule as payments-gateway's alert, and records that it fired", async () => {
    const alert = await waitFor(
      "the rule's alert on payments-gateway",
      async () => {
        const { status, body } = await call('bob.okafor', `${GATEWAY}/alerts`);
        assert.equal(status, 200, JSON.stringify(body));
        return body.active.find((a: any) => a.name === EXPORTED.alertName);
      },
      { timeoutMs: 30_000 },
    );
    fingerprint = alert.fingerprint;
    assert.equal(alert.state, 'active');
    assert.equal(alert.severity, 'critical');
    assert.equal(alert.summary, EXPORTED.alertSummary);
    assert.equal(alert.labels.component, 'payments-gateway');
    assert.deepEqual(alert.silencedBy, []);
    assert.ok(!Number.isNaN(Date.parse(alert.startsAt)));

    const { body } = await call('bob.okafor', `${GATEWAY}/alerts`);
    assert.deepEqual(body.matchers, [
      {
        name: 'component',
        value: 'payments-gateway',
        isRegex: false,
        isEqual: true,
      },
    ]);
    // Another team's component has none; the annotated one finds it by its matchers.
    assert.deepEqual(
      (await call('bob.okafor', `${TRACKER}/alerts`)).body.active,
      [],
    );
    const tuned = await call('bob.okafor', `${TUNED}/alerts`);
    assert.deepEqual(
      tuned.body.active.map((a: any) => a.fingerprint),
      [fingerprint],
    );

    // The poll (every second here) recorded it.
    const events = await waitFor(
      'the fired event',
      async () => {
        const { body: b } = await call('bob.okafor', `${GATEWAY}/alert-events`);
        return b.items.some((e: any) => e.fingerprint === fingerprint)
          ? b.items
          : undefined;
      },
      { timeoutMs: 20_000 },
    );
    assert.deepEqual(
      events
        .filter((e: any) => e.fingerprint === fingerprint)
        .map((e: any) => e.type),
      ['fired'],
    );
  });

  test("records payments-gateway-tuned's first alert rule once, for no one, and Insights joins it to the run that made it", async () => {
    // The tuned component's matchers (alertname and severity) are satisfied by the test rule's labels; the demo
    // catalog has no other component with atrium.dev/alert-matchers. The task runs every second here.
    const ref = 'component:default/payments-gateway-tuned';
    const recordedLine = new RegExp(
      `Recorded funnel\\.first-alert-rule of ${ref}: rule ${EXPORTED.alertName} \\(group atrium-test\\), first seen (\\S+)`,
      'g',
    );
    const firstSeen = await waitFor(
      'the first alert rule recorded',
      async () => [...suite.logText().matchAll(recordedLine)][0]?.[1],
      { timeoutMs: 30_000 },
    );

    // The run that made the component, as the scaffolder's funnel records it (an hour before, so well before the
    // rule was first seen, whenever the backend started): its outcome and its Ready step naming the component.
    const runStart = Date.now() - 3600_000;
    const taskId = `ops-first-rule-${runStart}`;
    const res = await fetch(
      `${suite.backend.baseUrl}/api/adoption/server-events`,
      {
        method: 'POST',
        headers: {
          authorization: `Bearer ${suite.backend.serviceToken}`,
          'content-type': 'application/json',
        },
        body: JSON.stringify({
          userEntityRef: 'user:default/alice.nakamura',
          events: [
            {
              action: 'template.run',
              subject: 'template:default/service',
              context: { pluginId: 'scaffolder' },
              attributes: {
                templateRef: 'template:default/service',
                outcome: 'succeeded',
                taskId,
              },
              timestamp: new Date(runStart).toISOString(),
            },
            {
              action: 'funnel.app-ready',
              subject: 'template:default/service',
              context: { pluginId: 'scaffolder', entityRef: ref },
              attributes: { templateRef: 'template:default/service', taskId },
              timestamp: new Date(runStart + 60_000).toISOString(),
            },
          ],
        }),
      },
    );
    assert.equal(res.status, 202, await res.text());

    const templates = async () => {
      const { status, body } = await call(
        'ravi.subramanian',
        '/api/adoption/insights/templates',
      );
      assert.equal(status, 200, JSON.stringify(body));
      return body;
    };
    const insights = await templates();
    assert.equal(insights.runs, 1);
    assert.equal(insights.reachedFirstAlertRule, 1);
    assert.equal(
      insights.medianSecondsToFirstAlertRule,
      Math.round((Date.parse(firstSeen) - runStart) / 100) / 10,
    );

    // Exactly once: two more runs of the task after it, and still one event (the log, the counter, Insights).
    const runs = () =>
      suite.selfMetric('atrium_first_alert_rule_runs_total', { outcome: 'ok' });
    const seen = await runs();
    await waitFor(
      'two more runs of the first-alert-rule task',
      async () => ((await runs()) >= seen + 2 ? true : undefined),
      { timeoutMs: 30_000 },
    );
    assert.equal([...suite.logText().matchAll(recordedLine)].length, 1);
    assert.equal(
      await suite.selfMetric('atrium_first_alert_rules_recorded_total'),
      1,
    );
    assert.deepEqual(await templates(), insights);
  });

  test("the owner's Home shows it among her open alerts, through the gateway; another team's does not", async () => {
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
    assert.equal(audited.meta.entityRef, 'component:default/payments-gateway');
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

  test('Prometheus down: metrics answer 503 naming Prometheus; alerts still answer; the first-alert-rule task goes on', async () => {
    const unavailable = () =>
      suite.selfMetric('atrium_first_alert_rule_runs_total', {
        outcome: 'unavailable',
      });
    const before = await unavailable();
    await suite.prometheus.stop();
    try {
      // The task finds Prometheus unreachable at each run, records nothing, and runs again.
      await waitFor(
        'two runs of the first-alert-rule task without Prometheus',
        async () => ((await unavailable()) >= before + 2 ? true : undefined),
        { timeoutMs: 30_000 },
      );
      const { status, body } = await call('bob.okafor', `${GATEWAY}/metrics`);
      assert.equal(status, 503, JSON.stringify(body));
      assert.equal(body.error.name, 'ServiceUnavailableError');
      assert.match(
        body.error.message,
        new RegExp(`Prometheus at ${suite.prometheus.url} is unreachable`),
      );
      assert.equal((await call('bob.okafor', `${GATEWAY}/alerts`)).status, 200);
    } finally {
      await suite.prometheus.start();
    }
  });

  test("Alertmanager down: alerts, silences and Home's open alerts answer naming Alertmanager; metrics still answer", async () => {
    await suite.alertmanager.stop();
    const alerts = await call('bob.okafor', `${GATEWAY}/alerts`);
    assert.equal(alerts.status, 503, JSON.stringify(alerts.body));
    assert.match(
      alerts.body.error.message,
      new RegExp(`Alertmanager at ${suite.alertmanager.url} is unreachable`),
    );
    const silence = await call('alice.nakamura', `${GATEWAY}/silences`, {
      matchers: [{ name: 'alertname', value: 'X', isRegex: false }],
      durationMinutes: 5,
      comment: 'x',
    });
    assert.equal(silence.status, 503, JSON.stringify(silence.body));
    // Home's open alerts: the batch route answers 503 the same way, and the gateway names Alertmanager.
    const batch = await call(
      'alice.nakamura',
      '/api/operations/alerts/active',
      {
        entityRefs: ['component:default/payments-gateway'],
      },
    );
    assert.equal(batch.status, 503, JSON.stringify(batch.body));
    assert.match(batch.body.error.message, /Alertmanager at .* is unreachable/);
    const home = await call('alice.nakamura', '/api/graphql', {
      query: '{ viewer { openAlerts { configured items { name } } } }',
    });
    assert.equal(home.status, 200, JSON.stringify(home.body));
    assert.equal(home.body.data, null);
    assert.equal(
      home.body.errors[0].extensions.code,
      'ALERTMANAGER_UNAVAILABLE',
    );
    assert.match(
      home.body.errors[0].message,
      /Alertmanager at .* is unreachable/,
    );
    const metrics = await call('bob.okafor', `${GATEWAY}/metrics`);
    assert.equal(metrics.status, 200, JSON.stringify(metrics.body));
    assert.equal(metrics.body.configured, true);
  });

  test('without Prometheus and Alertmanager configured, the routes say how to configure them', async () => {
    await suite.backend.stop();
    suite.backend = await startBackend({ name: 'operations-unconfigured' });
    await waitForCatalog(
      suite.backend.baseUrl,
      suite.backend.serviceToken,
      demoKindCounts(),
    );
    const token = (await signIn(suite.backend.baseUrl, 'alice.nakamura')).token;
    suite.tokens['alice.nakamura'] = token;
    const metrics = await call('alice.nakamura', `${GATEWAY}/metrics`);
    assert.equal(metrics.status, 200);
    assert.equal(metrics.body.configured, false);
    assert.equal(metrics.body.entityRef, 'component:default/payments-gateway');
    assert.match(metrics.body.howTo, /operations\.prometheus\.baseUrl/);
    const alerts = await call('alice.nakamura', `${GATEWAY}/alerts`);
    assert.equal(alerts.status, 200);
    assert.equal(alerts.body.configured, false);
    assert.match(alerts.body.howTo, /operations\.alertmanager\.baseUrl/);
    const silence = await call('alice.nakamura', `${GATEWAY}/silences`, {
      matchers: [{ name: 'alertname', value: 'X', isRegex: false }],
      durationMinutes: 5,
      comment: 'x',
    });
    assert.equal(silence.status, 503);
    assert.match(silence.body.error.message, /not configured/);
    // Home's open alerts say how, without an error.
    const home = await call('alice.nakamura', '/api/graphql', {
      query: '{ viewer { openAlerts { configured howTo items { name } } } }',
    });
    assert.equal(home.body.errors, undefined, JSON.stringify(home.body));
    assert.equal(home.body.data.viewer.openAlerts.configured, false);
    assert.match(
      home.body.data.viewer.openAlerts.howTo,
      /operations\.alertmanager\.baseUrl/,
    );
  });
});
