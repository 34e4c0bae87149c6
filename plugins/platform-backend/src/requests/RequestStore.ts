import {
  DatabaseService,
  resolvePackagePath,
} from '@backstage/backend-plugin-api';
import {
  RequestEntityKind,
  RequestStage,
} from '@internal/plugin-platform-common';
import { randomUUID } from 'node:crypto';
import { Knex } from 'knex';
import { EMPTY_FACTS, RequestFacts } from './facts';

/** One cached GitHub answer: its ETag and the facts it gave. */
export interface CachedRead {
  etag: string;
  value: unknown;
}

/** A tracked request as stored. */
export interface TrackedRequest {
  id: string;
  taskId?: string;
  template?: string;
  requester: string;
  owner?: string;
  host: string;
  /** `owner/repo` */
  repository: string;
  number: number;
  /** As the template's publish step gave it. */
  pullRequestUrl: string;
  entityRef: string;
  entityKind: RequestEntityKind;
  title?: string;
  stage: RequestStage;
  ended: boolean;
  endReason?: string;
  stuck?: string;
  failed: boolean;
  headSha?: string;
  mergeSha?: string;
  facts: RequestFacts;
  /** ETag and facts per GitHub read, keyed like `pull`, `checks:<sha>`. */
  cache: Record<string, CachedRead>;
  /** Keys of the notifications already sent. */
  notified: string[];
  nextPollAt: Date;
  /** Failed refreshes in a row (for backoff); 0 after a good one. */
  attempts: number;
  /** Bumped by every write, for optimistic concurrency between replicas. */
  version: number;
  observedAt?: Date;
  createdAt: Date;
  updatedAt: Date;
}

/** What a template's step records: the rest is the tracker's. */
export type NewRequest = Pick<
  TrackedRequest,
  | 'taskId'
  | 'template'
  | 'requester'
  | 'owner'
  | 'host'
  | 'repository'
  | 'number'
  | 'pullRequestUrl'
  | 'entityRef'
  | 'entityKind'
>;

export type RequestUpdate = Partial<
  Omit<TrackedRequest, 'id' | 'createdAt' | 'version' | keyof NewRequest>
> & { owner?: string };

export interface RequestStore {
  /** Records a request, or returns the one already recorded for the same pull request. */
  create(
    input: NewRequest,
    now: Date,
  ): Promise<{ request: TrackedRequest; created: boolean }>;
  get(id: string): Promise<TrackedRequest | undefined>;
  list(filter?: {
    entityRef?: string;
    open?: boolean;
  }): Promise<TrackedRequest[]>;
  findByPull(
    host: string,
    repository: string,
    number: number,
  ): Promise<TrackedRequest | undefined>;
  /** Open requests whose pull request's head or merge commit is `sha`. */
  findBySha(
    host: string,
    repository: string,
    sha: string,
  ): Promise<TrackedRequest[]>;
  /** Open requests due for a look, oldest due first. */
  due(now: Date, limit: number): Promise<TrackedRequest[]>;
  /**
   * Writes `update`; with `ifVersion`, only when the row is still at that version
   * (another replica did not write it since it was read). True when written.
   */
  update(
    id: string,
    update: RequestUpdate,
    now: Date,
    ifVersion?: number,
  ): Promise<boolean>;
}

const TABLE = 'platform_requests';

const migrationsDir = resolvePackagePath(
  '@internal/plugin-platform-backend',
  'migrations',
);

const num = (v: unknown) => Number(v);
const opt = <T>(v: T | null | undefined) => (v === null ? undefined : v);

function fromRow(row: any): TrackedRequest {
  return {
    id: row.id,
    taskId: opt(row.task_id),
    template: opt(row.template),
    requester: row.requester,
    owner: opt(row.owner),
    host: row.host,
    repository: row.repository,
    number: num(row.number),
    pullRequestUrl: row.pull_request_url,
    entityRef: row.entity_ref,
    entityKind: row.entity_kind,
    title: opt(row.title),
    stage: row.stage,
    ended: Boolean(row.ended),
    endReason: opt(row.end_reason),
    stuck: opt(row.stuck),
    failed: Boolean(row.failed),
    headSha: opt(row.head_sha),
    mergeSha: opt(row.merge_sha),
    facts: { ...EMPTY_FACTS, ...JSON.parse(row.facts) },
    cache: JSON.parse(row.cache),
    notified: JSON.parse(row.notified),
    nextPollAt: new Date(num(row.next_poll_at)),
    attempts: num(row.attempts),
    version: num(row.version),
    observedAt:
      row.observed_at === null || row.observed_at === undefined
        ? undefined
        : new Date(num(row.observed_at)),
    createdAt: new Date(num(row.created_at)),
    updatedAt: new Date(num(row.updated_at)),
  };
}

function toColumns(update: RequestUpdate): Record<string, unknown> {
  const columns: Record<string, unknown> = {};
  const set = (key: string, value: unknown) => {
    if (value !== undefined) columns[key] = value;
  };
  set('owner', update.owner);
  set('title', update.title);
  set('stage', update.stage);
  set('ended', update.ended);
  if ('endReason' in update) columns.end_reason = update.endReason ?? null;
  if ('stuck' in update) columns.stuck = update.stuck ?? null;
  set('failed', update.failed);
  set('head_sha', update.headSha);
  set('merge_sha', update.mergeSha);
  if (update.facts) columns.facts = JSON.stringify(update.facts);
  if (update.cache) columns.cache = JSON.stringify(update.cache);
  if (update.notified) columns.notified = JSON.stringify(update.notified);
  set('next_poll_at', update.nextPollAt?.getTime());
  set('attempts', update.attempts);
  set('observed_at', update.observedAt?.getTime());
  return columns;
}

/** {@link RequestStore} on the plugin's database (SQLite or PostgreSQL) through knex. */
export class DatabaseRequestStore implements RequestStore {
  static async create(options: {
    database: DatabaseService;
    skipMigrations?: boolean;
  }): Promise<DatabaseRequestStore> {
    const knex = await options.database.getClient();
    if (!options.skipMigrations && !options.database.migrations?.skip) {
      await knex.migrate.latest({ directory: migrationsDir });
    }
    return new DatabaseRequestStore(knex);
  }

  private constructor(private readonly knex: Knex) {}

  async create(input: NewRequest, now: Date) {
    const existing = await this.findByPull(
      input.host,
      input.repository,
      input.number,
    );
    if (existing) return { request: existing, created: false };
    const id = randomUUID();
    try {
      await this.knex(TABLE).insert({
        id,
        task_id: input.taskId ?? null,
        template: input.template ?? null,
        requester: input.requester,
        owner: input.owner ?? null,
        host: input.host,
        repository: input.repository,
        number: input.number,
        pull_request_url: input.pullRequestUrl,
        entity_ref: input.entityRef,
        entity_kind: input.entityKind,
        stage: 'open',
        ended: false,
        failed: false,
        facts: JSON.stringify(EMPTY_FACTS),
        cache: '{}',
        notified: '[]',
        next_poll_at: now.getTime(),
        attempts: 0,
        version: 0,
        created_at: now.getTime(),
        updated_at: now.getTime(),
      });
    } catch (e) {
      // Two retries of one task racing: the other insert won; return its row.
      const raced = await this.findByPull(
        input.host,
        input.repository,
        input.number,
      );
      if (raced) return { request: raced, created: false };
      throw e;
    }
    return { request: (await this.get(id))!, created: true };
  }

  async get(id: string) {
    const row = await this.knex(TABLE).where({ id }).first();
    return row ? fromRow(row) : undefined;
  }

  async list(filter: { entityRef?: string; open?: boolean } = {}) {
    const query = this.knex(TABLE)
      .select('*')
      .orderBy([
        { column: 'created_at', order: 'desc' },
        { column: 'id', order: 'asc' },
      ]);
    if (filter.entityRef) {
      query.where('entity_ref', filter.entityRef.toLocaleLowerCase('en-US'));
    }
    if (filter.open !== undefined) query.where('ended', !filter.open);
    return (await query).map(fromRow);
  }

  async findByPull(host: string, repository: string, number: number) {
    const row = await this.knex(TABLE)
      .where({
        host,
        repository: repository.toLocaleLowerCase('en-US'),
        number,
      })
      .first();
    return row ? fromRow(row) : undefined;
  }

  async findBySha(host: string, repository: string, sha: string) {
    const rows = await this.knex(TABLE)
      .where({
        host,
        repository: repository.toLocaleLowerCase('en-US'),
        ended: false,
      })
      .andWhere(q => q.where('head_sha', sha).orWhere('merge_sha', sha));
    return rows.map(fromRow);
  }

  async due(now: Date, limit: number) {
    const rows = await this.knex(TABLE)
      .where('ended', false)
      .andWhere('next_poll_at', '<=', now.getTime())
      .orderBy([
        { column: 'next_poll_at', order: 'asc' },
        { column: 'id', order: 'asc' },
      ])
      .limit(limit);
    return rows.map(fromRow);
  }

  async update(
    id: string,
    update: RequestUpdate,
    now: Date,
    ifVersion?: number,
  ) {
    const query = this.knex(TABLE).where({ id });
    if (ifVersion !== undefined) query.andWhere('version', ifVersion);
    const count = await query.update({
      ...toColumns(update),
      updated_at: now.getTime(),
      version: this.knex.raw('version + 1'),
    });
    return count > 0;
  }
}
