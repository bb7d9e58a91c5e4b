/**
 * Part of tests/operations.test.ts (the stack: tests/lib/operations.ts): the test rule's alert fires and shows as
 * payments-gateway's (and the tuned component's, by its matchers; not another team's), and the poll records that
 * it fired. Its fingerprint goes in `fired` (the suite's `FiredAlert`) for the parts after this one.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { waitFor } from '../lib/proc.ts';
import { EXPORTED } from '../lib/prometheus.ts';
import {
  GATEWAY,
  TRACKER,
  TUNED,
  type OperationsSuite,
} from '../lib/operations.ts';

/** The alert this part saw fire, for the parts after it; empty until it fired. */
export interface FiredAlert {
  fingerprint: string;
}

/** Registers this part's test on the shared stack (tests/operations.test.ts); it sets `fired.fingerprint`. */
export function operationsFiring(
  suite: OperationsSuite,
  fired: FiredAlert,
): void {
  describe("firing: the rule's alert on payments-gateway, recorded", () => {
    const { call } = suite;

    test("shows the firing rule as payments-gateway's alert, and records that it fired", async () => {
      const alert = await waitFor(
        "the rule's alert on payments-gateway",
        async () => {
          const { status, body } = await call(
            'bob.okafor',
            `${GATEWAY}/alerts`,
          );
          assert.equal(status, 200, JSON.stringify(body));
          return body.active.find((a: any) => a.name === EXPORTED.alertName);
        },
        { timeoutMs: 30_000 },
      );
      const { fingerprint } = alert;
      fired.fingerprint = fingerprint;
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
          const { body: b } = await call(
            'bob.okafor',
            `${GATEWAY}/alert-events`,
          );
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
  });
}
