// @ts-check

/**
 * When the collection behind each latest snapshot started, so a slower run that
 * started earlier (on another replica) never replaces a newer snapshot. Existing
 * rows count as started when they were refreshed.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('platform_health_latest', table => {
    table
      .bigInteger('started_at')
      .comment('Epoch ms when the collection behind the snapshot started');
  });
  await knex('platform_health_latest').update({
    started_at: knex.ref('refreshed_at'),
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.alterTable('platform_health_latest', table => {
    table.dropColumn('started_at');
  });
};
