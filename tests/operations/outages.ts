/**
 * Part of tests/operations.test.ts (the stack: tests/lib/operations.ts), last: it stops Prometheus, Alertmanager
 * and the backend. With Prometheus down, metrics are 503 naming it while alerts answer and the first-alert-rule
 * task goes on; with Alertmanager down, alerts, silences and Home's open alerts name it while metrics answer;
 * a backend without either configured says how to configure them.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { signIn } from '../lib/auth.ts';
import { startBackend, waitForCatalog } from '../lib/backend.ts';
import { demoKindCounts } from '../lib/demo.ts';
import { waitFor } from '../lib/proc.ts';
import { GATEWAY, type OperationsSuite } from '../lib/operations.ts';

/** Registers this part's tests on the shared stack (tests/operations.test.ts); they take the stack down. */
export function operationsOutages(suite: OperationsSuite): void {
  describe('outages: Prometheus down, Alertmanager down, neither configured', () => {
    const { call } = suite;

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
        assert.equal(
          (await call('bob.okafor', `${GATEWAY}/alerts`)).status,
          200,
        );
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
      assert.match(
        batch.body.error.message,
        /Alertmanager at .* is unreachable/,
      );
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
      const token = (await signIn(suite.backend.baseUrl, 'alice.nakamura'))
        .token;
      suite.tokens['alice.nakamura'] = token;
      const metrics = await call('alice.nakamura', `${GATEWAY}/metrics`);
      assert.equal(metrics.status, 200);
      assert.equal(metrics.body.configured, false);
      assert.equal(
        metrics.body.entityRef,
        'component:default/payments-gateway',
      );
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
}
