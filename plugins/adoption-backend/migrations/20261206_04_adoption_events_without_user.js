// @ts-check

/**
 * Events no user made: `adoption_events.user_id` may be null. A backend plugin records such an event when a
 * system, not a person, found the step (the new-service funnel's first alert rule, which operations finds in
 * Prometheus' rules). They are stored for the funnel's figures only: no per-user rollup (`adoption_user_days`,
 * `adoption_users`, `adoption_user_months`, `adoption_team_days`, `adoption_viewer_months`) gets a row for them,
 * so they count in no active-user, team or viewer figure.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('adoption_events', table => {
    table.setNullable('user_id');
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex('adoption_events').whereNull('user_id').delete();
  await knex.schema.alterTable('adoption_events', table => {
    table.dropNullable('user_id');
  });
};
