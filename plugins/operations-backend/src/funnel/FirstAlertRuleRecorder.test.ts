import type { Entity } from '@backstage/catalog-model';
import type { ServerAdoptionEvent } from '@atrium/plugin-adoption-node';
import {
  PrometheusQueryError,
  type AlertingRule,
} from '../prometheus/PrometheusClient';
import { FirstAlertRuleRecorder } from './FirstAlertRuleRecorder';
import type {
  FirstAlertRuleLedger,
  FirstAlertRuleSighting,
} from './FirstAlertRuleStore';

const T0 = Date.parse('2026-12-06T10:00:00Z');

const component = (name: string, matchers: string): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name,
    namespace: 'default',
    annotations: { 'atrium.dev/alert-matchers': matchers },
  },
});

const RULES: AlertingRule[] = [
  { name: 'DiskFull', group: 'infra', labels: { severity: 'warning' } },
  {
    name: 'LedgerErrors',
    group: 'ledger',
    labels: { severity: 'critical', team: 'payments' },
  },
];

/** The ledger in memory, as the database keeps it: one sighting per component, the first. */
class MemoryLedger implements FirstAlertRuleLedger {
  readonly rows = new Map<
    string,
    FirstAlertRuleSighting & { recordedAt?: number }
  >();
  async recorded() {
    return new Set(
      [...this.rows.values()]
        .filter(r => r.recordedAt !== undefined)
        .map(r => r.entityRef),
    );
  }
  async sighted(s: FirstAlertRuleSighting) {
    if (!this.rows.has(s.entityRef)) this.rows.set(s.entityRef, { ...s });
    const { recordedAt: _r, ...kept } = this.rows.get(s.entityRef)!;
    return kept;
  }
  async markRecorded(entityRef: string, at: number) {
    const row = this.rows.get(entityRef)!;
    row.recordedAt ??= at;
  }
}

function setup(
  options: {
    rules?: () => Promise<AlertingRule[]>;
    components?: Entity[];
    adoptionDown?: () => boolean;
    ledger?: MemoryLedger;
  } = {},
) {
  const events: Array<{ event: ServerAdoptionEvent; user: unknown }> = [];
  const warnings: string[] = [];
  let now = T0;
  const ledger = options.ledger ?? new MemoryLedger();
  const recorder = new FirstAlertRuleRecorder({
    rules: { alertingRules: options.rules ?? (async () => RULES) },
    catalog: {
      components: async () =>
        options.components ?? [
          component('ledger', 'alertname="LedgerErrors"'),
          component('wallet', 'team="payments", severity=~"critical|page"'),
          component('quiet', 'team="fleet"'),
        ],
    },
    ledger,
    adoption: {
      record: async (batch, { userEntityRef }) => {
        if (options.adoptionDown?.()) throw new Error('adoption answered 503');
        events.push(...batch.map(event => ({ event, user: userEntityRef })));
        return { accepted: batch.length };
      },
    },
    logger: { info: () => {}, warn: (m: string) => warnings.push(m) },
    componentLabel: 'component',
    now: () => now,
  });
  return {
    recorder,
    events,
    warnings,
    ledger,
    advance: (ms: number) => {
      now += ms;
    },
  };
}

describe('FirstAlertRuleRecorder (fake Prometheus, catalog, adoption and ledger)', () => {
  it("records each component's first matching rule once, with no user, however many runs see it", async () => {
    const { recorder, events, advance } = setup();
    expect(await recorder.run()).toEqual({
      outcome: 'ok',
      recorded: ['component:default/ledger', 'component:default/wallet'],
    });
    advance(60_000);
    expect(await recorder.run()).toEqual({ outcome: 'ok', recorded: [] });
    expect(events).toEqual([
      {
        user: null,
        event: {
          action: 'funnel.first-alert-rule',
          subject: 'component:default/ledger',
          context: {
            pluginId: 'operations',
            entityRef: 'component:default/ledger',
          },
          attributes: {
            entityRef: 'component:default/ledger',
            rule: 'LedgerErrors',
            group: 'ledger',
          },
          timestamp: '2026-12-06T10:00:00.000Z',
        },
      },
      {
        user: null,
        event: expect.objectContaining({
          subject: 'component:default/wallet',
          attributes: {
            entityRef: 'component:default/wallet',
            rule: 'LedgerErrors',
            group: 'ledger',
          },
        }),
      },
    ]);
  });

  it('a new recorder over the same ledger (a restart, another replica) records nothing again', async () => {
    const first = setup();
    await first.recorder.run();
    const second = setup({ ledger: first.ledger });
    expect(await second.recorder.run()).toEqual({
      outcome: 'ok',
      recorded: [],
    });
    expect(second.events).toEqual([]);
  });

  it('ignores a rule whose labels do not satisfy the matchers, until one does', async () => {
    let rules = [RULES[0]];
    const { recorder, events, advance } = setup({
      rules: async () => rules,
      components: [component('ledger', 'alertname="LedgerErrors"')],
    });
    expect(await recorder.run()).toEqual({ outcome: 'ok', recorded: [] });
    advance(300_000);
    rules = RULES;
    expect((await recorder.run()).recorded).toEqual([
      'component:default/ledger',
    ]);
    // The time is when a run first saw the matching rule.
    expect(events.map(e => e.event.timestamp)).toEqual([
      '2026-12-06T10:05:00.000Z',
    ]);
  });

  it('records nothing and does not throw while Prometheus is down, and records at the next run that reads it', async () => {
    let down = true;
    const { recorder, events, warnings, advance } = setup({
      rules: async () => {
        if (down) {
          throw new PrometheusQueryError(
            'Unavailable',
            'Prometheus at http://127.0.0.1:1 is unreachable: ECONNREFUSED',
          );
        }
        return RULES;
      },
    });
    expect(await recorder.run()).toEqual({
      outcome: 'unavailable',
      recorded: [],
    });
    expect(await recorder.run()).toEqual({
      outcome: 'unavailable',
      recorded: [],
    });
    expect(events).toEqual([]);
    // Once per outage, not at every run.
    expect(warnings).toEqual([expect.stringContaining('ECONNREFUSED')]);
    down = false;
    advance(60_000);
    expect((await recorder.run()).recorded).toHaveLength(2);
    expect(events[0].event.timestamp).toBe('2026-12-06T10:01:00.000Z');
  });

  it('an invalid matchers annotation on one component does not stop the others (logged once)', async () => {
    const { recorder, events, warnings } = setup({
      components: [
        component('broken', 'alertname=~"(unclosed"'),
        component('garbled', '{{{'),
        component('ledger', 'alertname="LedgerErrors"'),
      ],
    });
    expect((await recorder.run()).recorded).toEqual([
      'component:default/ledger',
    ]);
    await recorder.run();
    expect(events).toHaveLength(1);
    expect(warnings).toEqual([
      expect.stringMatching(/^First alert rule of component:default\/broken/),
      expect.stringMatching(/^First alert rule of component:default\/garbled/),
    ]);
  });

  it('keeps the first time when adoption did not take the event, and sends it again at the next run', async () => {
    let down = true;
    const { recorder, events, advance, ledger } = setup({
      adoptionDown: () => down,
      components: [component('ledger', 'alertname="LedgerErrors"')],
    });
    expect(await recorder.run()).toEqual({ outcome: 'ok', recorded: [] });
    const kept = ledger.rows.get('component:default/ledger');
    expect(kept?.firstSeenAt).toBe(T0);
    expect(kept?.recordedAt).toBeUndefined();
    down = false;
    advance(120_000);
    expect((await recorder.run()).recorded).toEqual([
      'component:default/ledger',
    ]);
    expect(await recorder.run()).toEqual({ outcome: 'ok', recorded: [] });
    expect(events.map(e => e.event.timestamp)).toEqual([
      '2026-12-06T10:00:00.000Z',
    ]);
  });
});
