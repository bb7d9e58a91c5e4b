// @ts-check

/**
 * Home layouts: a user's own (scope `user`, subject the user ref), a team's default for its members (`group`,
 * the group ref) and the global default (`global`, subject empty). Widgets are a JSON list of widget names.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('home_layouts', table => {
    table.string('scope', 8).notNullable();
    table.string('subject', 512).notNullable();
    table.text('widgets').notNullable();
    table.string('updated_by', 512).notNullable();
    table.timestamp('updated_at', { useTz: true }).notNullable();
    table.primary(['scope', 'subject']);
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('home_layouts');
};
