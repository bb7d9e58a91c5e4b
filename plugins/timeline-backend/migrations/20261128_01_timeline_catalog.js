// @ts-check

/**
 * The catalog change recorder's state and its events.
 *
 * - `timeline_catalog_entities`: per entity (ref in lower case) the etag last seen and a fingerprint, a JSON map
 *   of top-level field paths (`spec.owner`, `metadata.annotations`, `relations`, ...) to a short hash.
 * - `timeline_catalog_events`: what changed, per entity: `registered`, `changed` (with the changed paths) or
 *   `removed`.
 * - `timeline_state`: small values by key; `catalog_baseline` is set once a first complete pass is stored.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('timeline_catalog_entities', table => {
    table.string('entity_ref', 512).primary();
    table.string('etag', 256).notNullable();
    table.text('fingerprint').notNullable();
  });
  await knex.schema.createTable('timeline_catalog_events', table => {
    table.bigIncrements('id').primary();
    table.string('entity_ref', 512).notNullable();
    table.timestamp('at', { useTz: true }).notNullable();
    table.string('change', 16).notNullable();
    table.text('paths').notNullable();
    table.text('detail');
    table.index(['entity_ref', 'at'], 'timeline_catalog_events_entity_at');
    table.index(['at'], 'timeline_catalog_events_at');
  });
  await knex.schema.createTable('timeline_state', table => {
    table.string('key', 64).primary();
    table.text('value').notNullable();
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('timeline_state');
  await knex.schema.dropTable('timeline_catalog_events');
  await knex.schema.dropTable('timeline_catalog_entities');
};
