// @ts-check

/**
 * Rollups that let Insights answer at a million events without scanning a row a user and day:
 *
 * - `adoption_user_months`: per month (its 1st) and user, the days they were active as a bit mask (bit 0 the
 *   1st). Active users by day, week and month, WAU and MAU read at most two rows a user for 30 days.
 * - `adoption_viewer_months`: the same per kind (plugin, page, entity) and key: the distinct viewers of the top
 *   keys. It replaces `adoption_daily_viewers` (a row per key, day and viewer), which is rolled up and dropped.
 * - `adoption_template_runs`: one row per template run with its outcome and when its app was first ready
 *   (`ready_ts`, kept up to date as app-ready events arrive), so template figures never join raw events.
 *
 * Masks are ORed on upsert (`|`) and selected with `&`, which SQLite and PostgreSQL both have. The existing
 * rollups and events are rolled up here once.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('adoption_user_months', table => {
    table.string('month', 10).notNullable();
    table.string('user_id', 512).notNullable();
    table.integer('days').notNullable();
    table.primary(['month', 'user_id']);
    table.index(['user_id', 'month'], 'adoption_user_months_user_idx');
  });
  await knex.schema.createTable('adoption_viewer_months', table => {
    table.string('kind', 10).notNullable();
    table.string('key', 300).notNullable();
    table.string('month', 10).notNullable();
    table.string('user_id', 512).notNullable();
    table.integer('days').notNullable();
    table.primary(['kind', 'key', 'month', 'user_id']);
    table.index(['month'], 'adoption_viewer_months_month_idx');
  });
  await knex.schema.createTable('adoption_template_runs', table => {
    table.bigIncrements('id');
    table.bigInteger('ts').notNullable();
    table.string('day', 10).notNullable();
    table.string('template_ref', 512).notNullable();
    table.string('outcome', 100).nullable();
    table.string('task_id', 200).nullable();
    table.string('entity_ref', 512).nullable();
    table.bigInteger('ready_ts').nullable();
    table.index(['day'], 'adoption_template_runs_day_idx');
    table.index(['task_id'], 'adoption_template_runs_task_idx');
    table.index(['entity_ref'], 'adoption_template_runs_entity_idx');
  });

  // A day's bit: 1 << (day of month - 1). Each (user, day) row is unique, so the sum of the bits is their OR.
  const bit = `(1 << (cast(substr(day, 9, 2) as integer) - 1))`;
  const month = `substr(day, 1, 7) || '-01'`;
  await knex.raw(
    `insert into adoption_user_months (month, user_id, days)
     select ${month}, user_id, sum(${bit}) from adoption_user_days group by ${month}, user_id`,
  );
  await knex.raw(
    `insert into adoption_viewer_months (kind, key, month, user_id, days)
     select kind, key, ${month}, user_id, sum(${bit}) from adoption_daily_viewers
     group by kind, key, ${month}, user_id`,
  );
  await knex.schema.dropTable('adoption_daily_viewers');

  // Template runs, with the earliest app-ready at or after each run by task id or entity ref.
  const runs = await knex('adoption_events')
    .select('ts', 'day', 'attributes', 'task_id', 'entity_ref')
    .where('action', 'template.run');
  /**
   * @param {string} column
   * @param {string | null} value
   * @param {number} ts
   */
  const firstReady = async (column, value, ts) => {
    if (value === null || value === undefined) return null;
    const [row] = await knex('adoption_events')
      .min({ ready: 'ts' })
      .where({ action: 'funnel.app-ready', [column]: value })
      .where('ts', '>=', ts);
    return row?.ready === null || row?.ready === undefined
      ? null
      : Number(row.ready);
  };
  const rows = [];
  for (const run of runs) {
    /** @type {Record<string, unknown>} */
    let attributes = {};
    try {
      attributes = JSON.parse(run.attributes ?? '{}') ?? {};
    } catch {
      // a run without JSON attributes has no template or outcome
    }
    const ready = [
      await firstReady('task_id', run.task_id, run.ts),
      await firstReady('entity_ref', run.entity_ref, run.ts),
    ].filter(v => v !== null);
    rows.push({
      ts: run.ts,
      day: run.day,
      template_ref: String(attributes.templateRef ?? 'unknown').slice(0, 512),
      outcome:
        attributes.outcome === undefined
          ? null
          : String(attributes.outcome).slice(0, 100),
      task_id: run.task_id,
      entity_ref: run.entity_ref,
      ready_ts: ready.length ? Math.min(...ready) : null,
    });
  }
  for (let i = 0; i < rows.length; i += 200) {
    await knex('adoption_template_runs').insert(rows.slice(i, i + 200));
  }
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.createTable('adoption_daily_viewers', table => {
    table.string('kind', 10).notNullable();
    table.string('key', 300).notNullable();
    table.string('day', 10).notNullable();
    table.string('user_id', 512).notNullable();
    table.primary(['kind', 'key', 'day', 'user_id']);
    table.index(['day'], 'adoption_daily_viewers_day_idx');
  });
  await knex.schema.dropTable('adoption_template_runs');
  await knex.schema.dropTable('adoption_viewer_months');
  await knex.schema.dropTable('adoption_user_months');
};
