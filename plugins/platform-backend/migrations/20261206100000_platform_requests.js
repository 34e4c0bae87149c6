// @ts-check

/**
 * Tracked requests: one row per pull request a template opened, with what GitHub
 * and the portal last said (facts), the ETags of GitHub's answers (so polling an
 * unchanged pull request costs no rate limit), the notifications already sent, and
 * when to look again. Times are epoch milliseconds.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('platform_requests', table => {
    table.comment('Pull requests opened by templates, followed until they run');
    table.string('id', 36).primary();
    table.string('task_id', 255).nullable();
    table.string('template', 255).nullable();
    table.string('requester', 255).notNullable();
    table.string('owner', 255).nullable();
    table.string('host', 255).notNullable();
    table.string('repository', 255).notNullable().comment('owner/repo');
    table.integer('number').notNullable();
    table.string('pull_request_url', 1024).notNullable();
    table.string('entity_ref', 255).notNullable();
    table.string('entity_kind', 16).notNullable();
    table.string('title', 1024).nullable();
    table.string('stage', 32).notNullable();
    table.boolean('ended').notNullable().defaultTo(false);
    table.text('end_reason').nullable();
    table.text('stuck').nullable();
    table.boolean('failed').notNullable().defaultTo(false);
    table.string('head_sha', 64).nullable();
    table.string('merge_sha', 64).nullable();
    table.text('facts').notNullable().comment('JSON: GitHub and portal facts');
    table.text('cache').notNullable().comment('JSON: ETag per GitHub read');
    table
      .text('notified')
      .notNullable()
      .comment('JSON: notification keys sent');
    table.bigInteger('next_poll_at').notNullable();
    table.integer('attempts').notNullable().defaultTo(0);
    table
      .integer('version')
      .notNullable()
      .defaultTo(0)
      .comment(
        'Bumped by every write: a refresh that lost a race sends nothing',
      );
    table.bigInteger('observed_at').nullable();
    table.bigInteger('created_at').notNullable();
    table.bigInteger('updated_at').notNullable();
    table.unique(['host', 'repository', 'number'], {
      indexName: 'platform_requests_pull_idx',
    });
    table.index(['ended', 'next_poll_at'], 'platform_requests_due_idx');
    table.index(['entity_ref'], 'platform_requests_entity_idx');
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('platform_requests');
};
