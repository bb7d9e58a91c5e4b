// @ts-check

/**
 * Requests for approval of compute actions (compute_approvals), and the compute audit's link to them: a record
 * of a request's step (requested, approved, rejected, expired, failed) names the request.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('compute_approvals', table => {
    table.string('id', 36).primary();
    table.string('action', 16).notNullable();
    table.string('cluster', 63).notNullable();
    table.string('namespace', 63).notNullable();
    table.string('app', 63).notNullable();
    table.string('entity_ref', 512).notNullable();
    table.string('team', 512).notNullable();
    table.text('change').notNullable();
    table.string('resource_version', 64).nullable();
    table.text('reasons').notNullable();
    table.string('requested_by', 512).notNullable();
    table.timestamp('requested_at', { useTz: true }).notNullable();
    table.timestamp('expires_at', { useTz: true }).notNullable();
    table.string('status', 16).notNullable();
    table.string('decided_by', 512).nullable();
    table.timestamp('decided_at', { useTz: true }).nullable();
    table.text('comment').nullable();
    table.text('result').nullable();
    table.index(['status', 'expires_at'], 'compute_approvals_status_idx');
    table.index(['requested_by'], 'compute_approvals_requester_idx');
  });
  await knex.schema.alterTable('compute_audit', table => {
    table.string('approval_id', 36).nullable();
    table.string('approval_event', 16).nullable();
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.alterTable('compute_audit', table => {
    table.dropColumn('approval_id');
    table.dropColumn('approval_event');
  });
  await knex.schema.dropTable('compute_approvals');
};
