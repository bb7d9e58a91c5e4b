import type { LoggerService } from '@backstage/backend-plugin-api';
import { stringifyEntityRef, type Entity } from '@backstage/catalog-model';
import type { AdoptionEventsService } from '@atrium/plugin-adoption-node';
import type { Matcher } from '@atrium/plugin-operations-common';
import { componentMatchers, matchesAll } from '../alertmanager/matchers';
import type { AlertingRule } from '../prometheus/PrometheusClient';
import type {
  FirstAlertRuleLedger,
  FirstAlertRuleSighting,
} from './FirstAlertRuleStore';

/** The adoption action of the new-service funnel's last step (Insights joins it to the run that made the component). */
export const FIRST_ALERT_RULE_ACTION = 'funnel.first-alert-rule';

/** Prometheus's alerting rules (PrometheusClient.alertingRules). */
export interface AlertRulesSource {
  alertingRules(): Promise<AlertingRule[]>;
}

/** The catalog's components that have an `atrium.dev/alert-matchers` annotation (catalogComponents.ts). */
export interface AnnotatedComponents {
  components(): Promise<Entity[]>;
}

/** What one run did: `unavailable` when Prometheus or the catalog could not be read (nothing was recorded). */
export interface RecorderRun {
  outcome: 'ok' | 'unavailable';
  recorded: string[];
}

/**
 * The new-service funnel's last step: each component's first alerting rule. A scheduled task (global: one
 * replica at a time) reads Prometheus's alerting rules and the components that name their alerts with the
 * `atrium.dev/alert-matchers` annotation; a rule belongs to a component when its labels, with its name as
 * `alertname` (the labels every alert of the rule carries whatever its expression gives), satisfy the
 * component's matchers, checked by the same code as the alerts card (matchers.ts).
 *
 * The first sighting is kept in the ledger (the plugin's database) before adoption is told, and its time is the
 * event's: an adoption backend that is down gets the same event at the next run, and a restart or another
 * replica finds the component recorded. The event is no user's (`userEntityRef: null`): a system found the
 * rule, and it must not count anyone as active (adoption stores it with no user). A Prometheus or catalog
 * that cannot be read is logged once per outage and tried again at the next run; nothing here throws.
 */
export class FirstAlertRuleRecorder {
  private failing = false;
  /** The annotations already reported as invalid, by component, so each is logged once, not at every run. */
  private readonly reportedInvalid = new Map<string, string>();

  constructor(
    private readonly deps: {
      rules: AlertRulesSource;
      catalog: AnnotatedComponents;
      ledger: FirstAlertRuleLedger;
      adoption: Pick<AdoptionEventsService, 'record'>;
      logger: Pick<LoggerService, 'info' | 'warn'>;
      /** The label that names the component when there are no matchers (unused here: only annotated ones). */
      componentLabel: string;
      now?: () => number;
    },
  ) {}

  async run(): Promise<RecorderRun> {
    const { logger, ledger } = this.deps;
    const now = (this.deps.now ?? Date.now)();
    let rules: AlertingRule[];
    let components: Entity[];
    try {
      [rules, components] = await Promise.all([
        this.deps.rules.alertingRules(),
        this.deps.catalog.components(),
      ]);
    } catch (error) {
      if (!this.failing) {
        logger.warn(
          `First alert rules not checked, trying again at the next run: ${
            (error as Error).message
          }`,
        );
      }
      this.failing = true;
      return { outcome: 'unavailable', recorded: [] };
    }
    if (this.failing)
      logger.info('First alert rules: Prometheus answers again');
    this.failing = false;

    const recorded: string[] = [];
    const done = await ledger.recorded();
    for (const entity of components) {
      const entityRef = stringifyEntityRef(entity).toLocaleLowerCase('en-US');
      if (done.has(entityRef)) continue;
      const matchers = this.matchersOf(entity, entityRef);
      const rule =
        matchers &&
        rules.find(r =>
          matchesAll(matchers, { ...r.labels, alertname: r.name }),
        );
      if (!rule) continue;
      const sighting = await ledger.sighted({
        entityRef,
        rule: rule.name,
        group: rule.group,
        firstSeenAt: now,
      });
      if (await this.record(sighting)) {
        await ledger.markRecorded(entityRef, now);
        recorded.push(entityRef);
      }
    }
    return { outcome: 'ok', recorded };
  }

  /** The component's matchers, or undefined (logged once per annotation) when its annotation is invalid. */
  private matchersOf(entity: Entity, entityRef: string): Matcher[] | undefined {
    try {
      const matchers = componentMatchers(entity, this.deps.componentLabel);
      this.reportedInvalid.delete(entityRef);
      return matchers;
    } catch (error) {
      const message = (error as Error).message;
      if (this.reportedInvalid.get(entityRef) !== message) {
        this.reportedInvalid.set(entityRef, message);
        this.deps.logger.warn(
          `First alert rule of ${entityRef} not looked for: ${message}`,
        );
      }
      return undefined;
    }
  }

  /** Tells adoption; false (logged) when it did not take the event, which the next run sends again. */
  private async record(s: FirstAlertRuleSighting): Promise<boolean> {
    try {
      await this.deps.adoption.record(
        [
          {
            action: FIRST_ALERT_RULE_ACTION,
            subject: s.entityRef,
            context: { pluginId: 'operations', entityRef: s.entityRef },
            attributes: {
              entityRef: s.entityRef,
              rule: s.rule,
              group: s.group,
            },
            timestamp: new Date(s.firstSeenAt).toISOString(),
          },
        ],
        // No user: see the class comment.
        { userEntityRef: null },
      );
      this.deps.logger.info(
        `Recorded ${FIRST_ALERT_RULE_ACTION} of ${s.entityRef}: rule ${
          s.rule
        } (group ${s.group}), first seen ${new Date(
          s.firstSeenAt,
        ).toISOString()}`,
      );
      return true;
    } catch (error) {
      this.deps.logger.warn(
        `${FIRST_ALERT_RULE_ACTION} of ${
          s.entityRef
        } not recorded, trying again at the next run: ${
          (error as Error).message ?? error
        }`,
      );
      return false;
    }
  }
}
