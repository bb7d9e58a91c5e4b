/**
 * Part of tests/operations.test.ts (the stack: tests/lib/operations.ts): the new-service funnel's first alert
 * rule. operations-backend's task records payments-gateway-tuned's first rule once, for no user, and adoption's
 * Insights joins it to the template run that made the component; the task's counters and log say it ran again
 * without recording twice.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { waitFor } from '../lib/proc.ts';
import { EXPORTED } from '../lib/prometheus.ts';
import type { OperationsSuite } from '../lib/operations.ts';

/** Registers this part's test on the shared stack (tests/operations.test.ts). */
export function operationsFirstAlertRule(suite: OperationsSuite): void {
  describe('first alert rule: recorded once, joined to its run in Insights', () => {
    const { call } = suite;

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
        suite.selfMetric('atrium_first_alert_rule_runs_total', {
          outcome: 'ok',
        });
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
  });
}
