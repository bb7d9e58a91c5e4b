// @ts-check

/**
 * The first-week checklist: which steps each user has done, and when.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('home_checklist', table => {
    table.string('user_ref', 512).notNullable();
    table.string('item_id', 100).notNullable();
    table.timestamp('done_at', { useTz: true }).notNullable();
    table.primary(['user_ref', 'item_id']);
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('home_checklist');
};
