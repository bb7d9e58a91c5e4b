// @ts-check

/**
 * Adoption analytics: every usage event, and the rollups Insights reads instead of scanning the events.
 *
 * - `adoption_events`: one row per event. `user_id` is the user's ref, or its HMAC when pseudonymized; `day` is
 *   the UTC date (YYYY-MM-DD) of `ts` (epoch milliseconds), so that grouping by day is the same on SQLite and
 *   PostgreSQL. `task_id` (attributes.taskId) and `entity_ref` join a template run to its app's funnel steps.
 * - `adoption_user_days`: one row per user and day they were active, with the day's ISO week (its Monday) and
 *   month (its 1st): active users by day, week and month, and the NPS survey's active days.
 * - `adoption_users`: each user's first active day ("new" users).
 * - `adoption_team_days`: one row per team, day and active member (teams as the catalog had them then).
 * - `adoption_nps_answers` / `adoption_nps_dismissals`: the survey, at most one answer a user and quarter.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('adoption_events', table => {
    table.bigIncrements('id');
    table.bigInteger('ts').notNullable();
    table.string('day', 10).notNullable();
    table.string('user_id', 512).notNullable();
    table.string('action', 100).notNullable();
    table.string('subject', 1000).notNullable();
    table.string('plugin_id', 100).notNullable();
    table.string('extension', 200).nullable();
    table.string('route_ref', 200).nullable();
    table.string('path', 1000).nullable();
    table.string('entity_ref', 512).nullable();
    table.string('search_term', 500).nullable();
    table.text('attributes').nullable();
    table.double('value').nullable();
    table.string('task_id', 200).nullable();
    table.index(['day', 'user_id'], 'adoption_events_day_user_idx');
    table.index(['ts'], 'adoption_events_ts_idx');
    table.index(['action', 'day'], 'adoption_events_action_day_idx');
    table.index(['task_id'], 'adoption_events_task_idx');
  });
  await knex.schema.createTable('adoption_user_days', table => {
    table.string('day', 10).notNullable();
    table.string('user_id', 512).notNullable();
    table.string('week', 10).notNullable();
    table.string('month', 10).notNullable();
    table.primary(['day', 'user_id']);
    table.index(['user_id', 'day'], 'adoption_user_days_user_idx');
    table.index(['week', 'user_id'], 'adoption_user_days_week_idx');
    table.index(['month', 'user_id'], 'adoption_user_days_month_idx');
  });
  await knex.schema.createTable('adoption_users', table => {
    table.string('user_id', 512).notNullable().primary();
    table.string('first_day', 10).notNullable();
    table.index(['first_day'], 'adoption_users_first_day_idx');
  });
  await knex.schema.createTable('adoption_team_days', table => {
    table.string('day', 10).notNullable();
    table.string('team_ref', 512).notNullable();
    table.string('user_id', 512).notNullable();
    table.primary(['day', 'team_ref', 'user_id']);
  });
  await knex.schema.createTable('adoption_nps_answers', table => {
    table.string('id', 36).notNullable().primary();
    table.string('user_id', 512).notNullable();
    table.string('quarter', 7).notNullable();
    table.integer('score').notNullable();
    table.text('comment').nullable();
    table.string('team_ref', 512).nullable();
    table.bigInteger('created_at').notNullable();
    table.unique(['user_id', 'quarter'], {
      indexName: 'adoption_nps_answers_user_quarter_uq',
    });
    table.index(['created_at'], 'adoption_nps_answers_created_idx');
  });
  await knex.schema.createTable('adoption_nps_dismissals', table => {
    table.string('user_id', 512).notNullable();
    table.string('quarter', 7).notNullable();
    table.bigInteger('created_at').notNullable();
    table.primary(['user_id', 'quarter']);
    table.index(['created_at'], 'adoption_nps_dismissals_created_idx');
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  for (const table of [
    'adoption_nps_dismissals',
    'adoption_nps_answers',
    'adoption_team_days',
    'adoption_users',
    'adoption_user_days',
    'adoption_events',
  ]) {
    await knex.schema.dropTable(table);
  }
};
