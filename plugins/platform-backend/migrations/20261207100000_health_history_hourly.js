// @ts-check

/**
 * Downsampled history: entries older than the raw retention are merged into one
 * per spoke and hour (`samples` counts the refreshes it stands for; null for a
 * single refresh not yet downsampled). The index finds the raw entries that
 * crossed the raw retention without reading the hourly ones.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('platform_health_history', table => {
    table
      .integer('samples')
      .nullable()
      .comment('Refreshes merged into this hourly entry; null while raw');
    table.index(['samples', 'refreshed_at'], 'platform_health_history_raw_idx');
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.alterTable('platform_health_history', table => {
    table.dropIndex(
      ['samples', 'refreshed_at'],
      'platform_health_history_raw_idx',
    );
    table.dropColumn('samples');
  });
};
