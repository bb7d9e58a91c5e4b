// @ts-check

/**
 * Daily rollups for Insights' top lists, so that they read a few thousand rows instead of every event:
 *
 * - `adoption_daily_counts`: per day, kind and key, how many events. Kinds: `plugin`, `page`, `entity` (page
 *   views, `navigate`), `search` (search terms), `search0` (terms that found nothing), `action` (compute actions
 *   by their attributes.kind).
 * - `adoption_daily_viewers`: per kind, key and day, each user who viewed it; keyed so that counting the distinct
 *   viewers of the top keys reads only those keys' rows.
 *
 * And an index of events by action and entity ref (a template run's app-ready step, found through its entity).
 * Keys are cut to 300 characters (an index entry has a size limit). Existing events are rolled up once here.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  // A template run's app-ready step found through its entity, as it is through its task id.
  await knex.schema.alterTable('adoption_events', table => {
    table.index(['action', 'entity_ref', 'ts'], 'adoption_events_entity_idx');
  });
  await knex.schema.createTable('adoption_daily_counts', table => {
    table.string('day', 10).notNullable();
    table.string('kind', 10).notNullable();
    table.string('key', 300).notNullable();
    table.bigInteger('count').notNullable();
    table.primary(['kind', 'day', 'key']);
  });
  await knex.schema.createTable('adoption_daily_viewers', table => {
    table.string('kind', 10).notNullable();
    table.string('key', 300).notNullable();
    table.string('day', 10).notNullable();
    table.string('user_id', 512).notNullable();
    table.primary(['kind', 'key', 'day', 'user_id']);
    table.index(['day'], 'adoption_daily_viewers_day_idx');
  });
  const views = [
    ['plugin', 'plugin_id'],
    ['page', 'path'],
    ['entity', 'entity_ref'],
  ];
  for (const [kind, column] of views) {
    await knex.raw(
      `insert into adoption_daily_counts (day, kind, key, count)
       select day, '${kind}', substr(${column}, 1, 300), count(*) from adoption_events
       where action = 'navigate' and ${column} is not null group by day, substr(${column}, 1, 300)`,
    );
    await knex.raw(
      `insert into adoption_daily_viewers (kind, key, day, user_id)
       select distinct '${kind}', substr(${column}, 1, 300), day, user_id from adoption_events
       where action = 'navigate' and ${column} is not null`,
    );
  }
  await knex.raw(
    `insert into adoption_daily_counts (day, kind, key, count)
     select day, 'search', substr(subject, 1, 300), count(*) from adoption_events
     where action = 'search' and subject <> '' group by day, substr(subject, 1, 300)`,
  );
  await knex.raw(
    `insert into adoption_daily_counts (day, kind, key, count)
     select day, 'search0', substr(subject, 1, 300), count(*) from adoption_events
     where action = 'search' and subject <> '' and value = 0 group by day, substr(subject, 1, 300)`,
  );
  // Compute actions by their attributes.kind (JSON text, read here rather than in each database's dialect).
  const actions = new Map();
  for (const row of await knex('adoption_events')
    .select('day', 'attributes')
    .where('action', 'compute.action')) {
    let kind = 'unknown';
    try {
      kind = String(JSON.parse(row.attributes ?? '{}').kind ?? 'unknown');
    } catch {
      // a row without JSON attributes counts as unknown
    }
    const key = `${row.day}\u0000${kind.slice(0, 300)}`;
    actions.set(key, (actions.get(key) ?? 0) + 1);
  }
  const rows = [...actions].map(([key, count]) => {
    const [day, kind] = key.split('\u0000');
    return { day, kind: 'action', key: kind, count };
  });
  for (let i = 0; i < rows.length; i += 200) {
    await knex('adoption_daily_counts').insert(rows.slice(i, i + 200));
  }
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.alterTable('adoption_events', table => {
    table.dropIndex(
      ['action', 'entity_ref', 'ts'],
      'adoption_events_entity_idx',
    );
  });
  await knex.schema.dropTable('adoption_daily_viewers');
  await knex.schema.dropTable('adoption_daily_counts');
};
