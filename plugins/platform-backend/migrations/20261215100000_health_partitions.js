// @ts-check

/**
 * Partitioned refreshes: each run records the partition it covered and the replica
 * that ran it; one row per partition holds its latest recorded run (the fence a run
 * that started earlier cannot write past, and what the estate's last refresh is
 * computed from); a counter bumped by every write tells the API its cached list is
 * old; replicas announce themselves so a busy one can leave partitions to the others.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('platform_health_refresh_runs', table => {
    table
      .integer('partition_index')
      .nullable()
      .comment('1-based partition of the run; null for one spoke by hand');
    table.integer('partition_count').nullable();
    table
      .string('runner', 64)
      .nullable()
      .comment('The replica that ran it (random id per process)');
  });
  await knex.schema.createTable('platform_health_partitions', table => {
    table.comment('The latest recorded run of each partition');
    table.string('partition_key', 16).primary().comment('<index>/<count>');
    table.integer('partition_index').notNullable();
    table.integer('partition_count').notNullable();
    table.bigInteger('run_id').notNullable();
    table.string('trigger', 16).notNullable();
    table
      .bigInteger('started_at')
      .notNullable()
      .comment(
        'Epoch ms when its collection started: older runs write nothing',
      );
    table.bigInteger('finished_at').notNullable();
    table.integer('spokes').notNullable();
    table.integer('calls').notNullable();
    table.integer('failed_calls').notNullable();
  });
  await knex.schema.createTable('platform_health_changes', table => {
    table.comment('One row: bumped in the transaction of every recorded run');
    table.integer('id').primary();
    table.bigInteger('version').notNullable();
  });
  await knex('platform_health_changes').insert({ id: 1, version: 0 });
  await knex.schema.createTable('platform_health_replicas', table => {
    table.comment('Backend replicas refreshing spoke health, by heartbeat');
    table.string('id', 64).primary();
    table.bigInteger('seen_at').notNullable();
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('platform_health_replicas');
  await knex.schema.dropTable('platform_health_changes');
  await knex.schema.dropTable('platform_health_partitions');
  await knex.schema.alterTable('platform_health_refresh_runs', table => {
    table.dropColumn('runner');
    table.dropColumn('partition_count');
    table.dropColumn('partition_index');
  });
};
