// @ts-check

/**
 * The new-service funnel's last step, as operations found it: each component's first alerting rule in
 * Prometheus (one row per component, its rule and group, when the scheduled task first saw it) and when it
 * was recorded in adoption (null until the adoption backend took it; the next run sends it again, with the
 * same time). A component has one row, so a restart or another replica never records it twice.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('operations_first_alert_rules', table => {
    table.string('entity_ref', 512).primary();
    table.string('rule_name', 512).notNullable();
    table.string('rule_group', 512).notNullable();
    /** Epoch milliseconds. */
    table.bigInteger('first_seen_at').notNullable();
    table.bigInteger('recorded_at').nullable();
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('operations_first_alert_rules');
};
