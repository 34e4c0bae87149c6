// @ts-check

/**
 * Spoke health: the latest snapshot per spoke (served by the API), a small
 * history entry per spoke and refresh (kept for `historyRetentionDays`), and
 * one row per refresh run. Times are epoch milliseconds so SQLite and
 * PostgreSQL compare them the same way.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('platform_health_latest', table => {
    table.comment('The latest health snapshot of each spoke');
    table.string('spoke', 63).primary().comment('Registry name of the spoke');
    table.string('entity_ref', 255).notNullable();
    table.string('status', 16).notNullable();
    table.bigInteger('refreshed_at').notNullable();
    table.text('summary').notNullable().comment('JSON: the spoke list entry');
    table.text('snapshot').notNullable().comment('JSON: every check');
  });
  await knex.schema.createTable('platform_health_history', table => {
    table.comment('One entry per spoke and refresh, pruned after retention');
    table.bigIncrements('id');
    table.string('spoke', 63).notNullable();
    table.bigInteger('refreshed_at').notNullable();
    table.string('status', 16).notNullable();
    table
      .text('entry')
      .notNullable()
      .comment('JSON: summary and component statuses');
    table.index(
      ['spoke', 'refreshed_at'],
      'platform_health_history_spoke_time_idx',
    );
    table.index(['refreshed_at'], 'platform_health_history_time_idx');
  });
  await knex.schema.createTable('platform_health_refresh_runs', table => {
    table.comment(
      'One row per refresh run: when, how long, how many AWS calls',
    );
    table.bigIncrements('id');
    table.string('trigger', 16).notNullable();
    table.bigInteger('started_at').notNullable();
    table.bigInteger('finished_at').notNullable();
    table.integer('duration_ms').notNullable();
    table.integer('spokes').notNullable();
    table.integer('calls').notNullable();
    table.integer('failed_calls').notNullable();
    table.index(['finished_at'], 'platform_health_refresh_runs_time_idx');
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('platform_health_refresh_runs');
  await knex.schema.dropTable('platform_health_history');
  await knex.schema.dropTable('platform_health_latest');
};
