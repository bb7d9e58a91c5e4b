import type { Knex } from 'knex';
import { migrateOperations } from '../migrations';

const TABLE = 'operations_first_alert_rules';

/** A component's first alerting rule, as the task first saw it. */
export interface FirstAlertRuleSighting {
  /** The component's ref, lower case (`component:default/payments-gateway`). */
  entityRef: string;
  rule: string;
  group: string;
  /** When the task first saw it, epoch milliseconds. */
  firstSeenAt: number;
}

/** What the recorder needs to remember, so that a component's first rule is recorded once. */
export interface FirstAlertRuleLedger {
  /** The components whose first rule adoption has taken. */
  recorded(): Promise<Set<string>>;
  /**
   * Notes a sighting unless the component has one, and answers the component's sighting as kept: the first,
   * whichever replica or run noted it (its rule and time stay those of the first sighting).
   */
  sighted(sighting: FirstAlertRuleSighting): Promise<FirstAlertRuleSighting>;
  /** Adoption took the component's event. */
  markRecorded(entityRef: string, at: number): Promise<void>;
}

/** The ledger in the operations plugin's database (`operations_first_alert_rules`, one row per component). */
export class FirstAlertRuleStore implements FirstAlertRuleLedger {
  static async create(knex: Knex): Promise<FirstAlertRuleStore> {
    await migrateOperations(knex);
    return new FirstAlertRuleStore(knex);
  }

  private constructor(private readonly knex: Knex) {}

  async recorded(): Promise<Set<string>> {
    const refs: string[] = await this.knex(TABLE)
      .whereNotNull('recorded_at')
      .pluck('entity_ref');
    return new Set(refs);
  }

  async sighted(s: FirstAlertRuleSighting): Promise<FirstAlertRuleSighting> {
    await this.knex(TABLE)
      .insert({
        entity_ref: s.entityRef.slice(0, 512),
        rule_name: s.rule.slice(0, 512),
        rule_group: s.group.slice(0, 512),
        first_seen_at: s.firstSeenAt,
      })
      .onConflict('entity_ref')
      .ignore();
    const row = await this.knex(TABLE)
      .where('entity_ref', s.entityRef.slice(0, 512))
      .first();
    return {
      entityRef: row.entity_ref,
      rule: row.rule_name,
      group: row.rule_group,
      firstSeenAt: Number(row.first_seen_at),
    };
  }

  async markRecorded(entityRef: string, at: number): Promise<void> {
    await this.knex(TABLE)
      .where('entity_ref', entityRef.slice(0, 512))
      .whereNull('recorded_at')
      .update({ recorded_at: at });
  }
}
