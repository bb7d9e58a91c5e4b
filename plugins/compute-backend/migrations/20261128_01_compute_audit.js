// @ts-check

/**
 * The compute audit: one row per attempted action on an App (scale, restart, deploy, roll back, Scaler
 * bounds), including refused and failed ones.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('compute_audit', table => {
    table.increments('id').primary();
    table.timestamp('occurred_at', { useTz: true }).notNullable();
    table.string('actor', 512).notNullable();
    table.string('action', 16).notNullable();
    table.string('entity_ref', 512).notNullable();
    table.string('cluster', 63).notNullable();
    table.string('namespace', 63).notNullable();
    table.string('app', 63).notNullable();
    table.text('before').nullable();
    table.text('after').nullable();
    table.string('result', 16).notNullable();
    table.text('message').nullable();
    table.index(['entity_ref', 'id'], 'compute_audit_entity_idx');
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('compute_audit');
};
