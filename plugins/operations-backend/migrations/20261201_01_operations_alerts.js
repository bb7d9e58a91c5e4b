// @ts-check

/**
 * Alerts as Atrium saw them in Alertmanager: the ones firing at the last poll (to tell what changed at the
 * next), and every transition (fired, resolved) for a component's timeline and its recently resolved alerts.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('operations_alerts_firing', table => {
    table.string('fingerprint', 64).primary();
    table.string('name', 512).notNullable();
    table.string('severity', 64).notNullable();
    table.text('summary').notNullable();
    table.text('labels').notNullable();
    table.text('annotations').nullable();
    table.string('component', 512).nullable();
    table.timestamp('starts_at', { useTz: true }).notNullable();
    table.timestamp('last_seen_at', { useTz: true }).notNullable();
  });
  await knex.schema.createTable('operations_alert_events', table => {
    table.increments('id').primary();
    table.string('fingerprint', 64).notNullable();
    table.string('type', 16).notNullable();
    table.timestamp('occurred_at', { useTz: true }).notNullable();
    table.timestamp('starts_at', { useTz: true }).notNullable();
    table.string('name', 512).notNullable();
    table.string('severity', 64).notNullable();
    table.text('summary').notNullable();
    table.text('labels').notNullable();
    table.text('annotations').nullable();
    /** The value of the component label (operations.alerts.componentLabel), for reads by component. */
    table.string('component', 512).nullable();
    table.index(
      ['component', 'occurred_at'],
      'operations_alert_events_component_idx',
    );
    table.index(['occurred_at'], 'operations_alert_events_time_idx');
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('operations_alert_events');
  await knex.schema.dropTable('operations_alerts_firing');
};
