/**
 * Operations' alerts, end to end: Atrium's backend reads Debian's real Alertmanager, fed by the alerting rule
 * of Debian's real Prometheus over a small exporter in this process (the stack: tests/lib/operations.ts):
 * alerts fired and resolved, Home's open alerts, silences by owners, each service down, and no monitoring
 * configured. Users sign in through the embedded OpenID provider. Metrics are in operations-metrics.test.ts.
 *
 * One stack serves four parts, in this order: the alert firing (tests/operations/firing.ts, which keeps its
 * fingerprint in `fired`), the funnel's first alert rule (tests/operations/firstAlertRule.ts), what becomes of
 * the fired alert: Home, silences, resolving (tests/operations/alerts.ts), and outages (tests/operations/outages.ts,
 * last: it stops Prometheus, Alertmanager and the backend).
 */
import { describe } from 'node:test';
import { useOperationsSuite } from './lib/operations.ts';
import { operationsAlerts } from './operations/alerts.ts';
import { operationsFiring, type FiredAlert } from './operations/firing.ts';
import { operationsFirstAlertRule } from './operations/firstAlertRule.ts';
import { operationsOutages } from './operations/outages.ts';

describe('operations: metrics from Prometheus, alerts from Alertmanager, silences by owners', () => {
  const suite = useOperationsSuite('operations');
  const fired: FiredAlert = { fingerprint: '' };
  operationsFiring(suite, fired);
  operationsFirstAlertRule(suite);
  operationsAlerts(suite, fired);
  operationsOutages(suite);
});
