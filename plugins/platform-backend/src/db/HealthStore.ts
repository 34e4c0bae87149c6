import {
  DatabaseService,
  resolvePackagePath,
} from '@backstage/backend-plugin-api';
import {
  HealthComponent,
  HealthRefreshRun,
  HealthStatus,
  SpokeHealth,
  SpokeHealthHistoryEntry,
  SpokeHealthSummary,
} from '@internal/plugin-platform-common';
import { Knex } from 'knex';
import { HistoryRow, HOUR_MS, hourStart, mergeHourly } from '../lib/downsample';
import { inPartition, Partition } from '../lib/partitions';

/** A refresh run to record, with the snapshots it produced. */
export interface RefreshRecord {
  trigger: HealthRefreshRun['trigger'];
  startedAt: Date;
  finishedAt: Date;
  calls: number;
  failedCalls: number;
  snapshots: SpokeHealth[];
  /**
   * True for a refresh of every spoke: spokes it did not see have left the
   * catalog and are dropped from the latest snapshots (their history stays).
   */
  complete: boolean;
  /**
   * The partition the run covered (every spoke of it). A run of a partition writes
   * nothing once a run of the same partition that started later has been recorded.
   */
  partition?: Partition;
  /** The replica that ran it. */
  runner?: string;
}

/** A run of a partition that started before the partition's last recorded run. */
export class SupersededRunError extends Error {
  constructor(partition: Partition) {
    super(
      `A later refresh of partition ${partition.index} of ${partition.count} was already recorded; this one recorded nothing`,
    );
    this.name = 'SupersededRunError';
  }
}

/** A spoke list entry as stored: the list shape without the computed `stale` flag. */
export type StoredSummary = Omit<SpokeHealthSummary, 'stale'>;

/** Where a history page ended: the next page starts after it. */
export interface HistoryPosition {
  refreshedAt: number;
  id: number;
}

/** A page of history, newest first; `next` when older entries remain. */
export interface HistoryPage {
  items: SpokeHealthHistoryEntry[];
  next?: HistoryPosition;
}

/** Persistence of spoke health; the API reads only from here. */
export interface HealthStore {
  saveRefresh(record: RefreshRecord): Promise<HealthRefreshRun>;
  listLatest(): Promise<StoredSummary[]>;
  getLatest(spoke: string): Promise<SpokeHealth | undefined>;
  /** Newest first, after `after` (a previous page's `next`); `since` inclusive. */
  getHistory(
    spoke: string,
    options: { since?: Date; limit: number; after?: HistoryPosition },
  ): Promise<HistoryPage>;
  /** Whether the spoke has a latest snapshot or any history. */
  knows(spoke: string): Promise<boolean>;
  lastRun(): Promise<HealthRefreshRun | undefined>;
  /**
   * The estate's last refresh: the latest run of every partition (of the partition
   * count last used whose partitions have all run) taken together, from the earliest
   * start to the latest finish, with their spokes and calls added up; undefined until
   * every partition has run; without partitioned runs, the last run.
   */
  lastRefresh(): Promise<HealthRefreshRun | undefined>;
  /** A number that changes whenever a run is recorded, on any replica. */
  changeVersion(): Promise<number>;
  /** Runs newest first (for operators and tests). */
  listRuns(limit: number): Promise<HealthRefreshRun[]>;
  /** Deletes history and run rows older than `before`. */
  prune(before: Date): Promise<{ history: number; runs: number }>;
  /**
   * Merges the raw entries of every whole hour before `before` into one entry per
   * spoke and hour (the worst status wins). Each hour is its own transaction, so
   * an aborted run keeps what it did and the next one goes on from there.
   */
  downsampleHistory(
    before: Date,
    signal?: AbortSignal,
  ): Promise<{ hours: number; merged: number; removed: number }>;
}

const LATEST = 'platform_health_latest';
const HISTORY = 'platform_health_history';
const RUNS = 'platform_health_refresh_runs';
const PARTITIONS = 'platform_health_partitions';
const CHANGES = 'platform_health_changes';

const migrationsDir = resolvePackagePath(
  '@internal/plugin-platform-backend',
  'migrations',
);

/** Ids per DELETE, well inside SQLite's and PostgreSQL's bound-parameter limits. */
const DELETE_CHUNK = 500;

/** PostgreSQL returns bigint columns as strings. */
const num = (v: unknown) => Number(v);

function toSummary(health: SpokeHealth): StoredSummary {
  return {
    spoke: health.spoke,
    entityRef: health.entityRef,
    environmentClass: health.environmentClass,
    owner: health.owner,
    accountId: health.accountId,
    region: health.region,
    status: health.status,
    summary: health.summary,
    refreshedAt: health.refreshedAt,
    components: health.components.map(({ checks: _checks, ...c }) => c),
  };
}

function toHistoryEntry(health: SpokeHealth): SpokeHealthHistoryEntry {
  const components: Partial<Record<HealthComponent, HealthStatus>> = {};
  for (const c of health.components) components[c.component] = c.status;
  return {
    refreshedAt: health.refreshedAt,
    status: health.status,
    summary: health.summary,
    components,
  };
}

function toRun(row: any): HealthRefreshRun {
  return {
    id: num(row.id),
    trigger: row.trigger,
    startedAt: new Date(num(row.started_at)).toISOString(),
    finishedAt: new Date(num(row.finished_at)).toISOString(),
    durationMs: num(row.duration_ms),
    spokes: num(row.spokes),
    calls: num(row.calls),
    failedCalls: num(row.failed_calls),
  };
}

/** {@link HealthStore} on the plugin's database (SQLite or PostgreSQL) through knex. */
export class DatabaseHealthStore implements HealthStore {
  static async create(options: {
    database: DatabaseService;
    skipMigrations?: boolean;
  }): Promise<DatabaseHealthStore> {
    const knex = await options.database.getClient();
    if (!options.skipMigrations && !options.database.migrations?.skip) {
      await knex.migrate.latest({ directory: migrationsDir });
    }
    return new DatabaseHealthStore(knex);
  }

  private constructor(private readonly knex: Knex) {}

  async saveRefresh(record: RefreshRecord): Promise<HealthRefreshRun> {
    const startedAt = record.startedAt.getTime();
    const { partition } = record;
    return this.knex.transaction(async tx => {
      // Every write bumps the counter first: its row lock orders concurrent writers,
      // so the version readers see only grows once a run is visible.
      await tx(CHANGES).where({ id: 1 }).increment('version', 1);
      const key = partition && `${partition.index}/${partition.count}`;
      if (partition) {
        const fence = await tx(PARTITIONS)
          .select('started_at')
          .where({ partition_key: key })
          .forUpdate()
          .first();
        if (fence && num(fence.started_at) > startedAt) {
          throw new SupersededRunError(partition);
        }
      }
      for (const health of record.snapshots) {
        const refreshedAt = Date.parse(health.refreshedAt);
        // A snapshot whose collection started after this one's stays.
        await tx(LATEST)
          .insert({
            spoke: health.spoke,
            entity_ref: health.entityRef,
            status: health.status,
            refreshed_at: refreshedAt,
            started_at: startedAt,
            summary: JSON.stringify(toSummary(health)),
            snapshot: JSON.stringify(health),
          })
          .onConflict('spoke')
          .merge()
          .where(q =>
            q
              .whereNull(`${LATEST}.started_at`)
              .orWhere(`${LATEST}.started_at`, '<=', startedAt),
          );
      }
      if (record.snapshots.length) {
        await tx(HISTORY).insert(
          record.snapshots.map(health => ({
            spoke: health.spoke,
            refreshed_at: Date.parse(health.refreshedAt),
            status: health.status,
            entry: JSON.stringify(toHistoryEntry(health)),
          })),
        );
      }
      if (record.complete) {
        // Spokes of this partition that left the catalog; one added by a newer run stays.
        const seen = new Set(record.snapshots.map(s => s.spoke));
        const gone = (
          await tx(LATEST)
            .select('spoke')
            .where(q =>
              q.whereNull('started_at').orWhere('started_at', '<=', startedAt),
            )
        )
          .map(r => r.spoke as string)
          .filter(
            spoke =>
              !seen.has(spoke) && (!partition || inPartition(spoke, partition)),
          );
        for (let i = 0; i < gone.length; i += 500) {
          await tx(LATEST)
            .whereIn('spoke', gone.slice(i, i + 500))
            .delete();
        }
      }
      const row = {
        trigger: record.trigger,
        started_at: record.startedAt.getTime(),
        finished_at: record.finishedAt.getTime(),
        duration_ms: record.finishedAt.getTime() - record.startedAt.getTime(),
        spokes: record.snapshots.length,
        calls: record.calls,
        failed_calls: record.failedCalls,
        partition_index: partition?.index ?? null,
        partition_count: partition?.count ?? null,
        runner: record.runner ?? null,
      };
      const [inserted] = await tx(RUNS).insert(row, ['id']);
      const id = num(typeof inserted === 'object' ? inserted.id : inserted);
      if (partition) {
        const latest = {
          partition_index: partition.index,
          partition_count: partition.count,
          run_id: id,
          trigger: row.trigger,
          started_at: row.started_at,
          finished_at: row.finished_at,
          spokes: row.spokes,
          calls: row.calls,
          failed_calls: row.failed_calls,
        };
        await tx(PARTITIONS)
          .insert({ partition_key: key, ...latest })
          .onConflict('partition_key')
          .merge(latest);
      }
      return toRun({ ...row, id });
    });
  }

  async listLatest(): Promise<StoredSummary[]> {
    const rows = await this.knex(LATEST).select('summary').orderBy('spoke');
    return rows.map(r => JSON.parse(r.summary));
  }

  async getLatest(spoke: string): Promise<SpokeHealth | undefined> {
    const row = await this.knex(LATEST)
      .select('snapshot')
      .where({ spoke })
      .first();
    return row ? JSON.parse(row.snapshot) : undefined;
  }

  async getHistory(
    spoke: string,
    options: { since?: Date; limit: number; after?: HistoryPosition },
  ): Promise<HistoryPage> {
    const { after } = options;
    // Keyset paging on (refreshed_at, id): pages stay exact while new entries
    // arrive at the top and housekeeping merges old ones further down.
    const query = this.knex(HISTORY)
      .select('id', 'refreshed_at', 'entry')
      .where({ spoke })
      .orderBy([
        { column: 'refreshed_at', order: 'desc' },
        { column: 'id', order: 'desc' },
      ])
      .limit(options.limit + 1);
    if (options.since) {
      query.andWhere('refreshed_at', '>=', options.since.getTime());
    }
    if (after) {
      query.andWhere(q =>
        q
          .where('refreshed_at', '<', after.refreshedAt)
          .orWhere(q2 =>
            q2
              .where('refreshed_at', '=', after.refreshedAt)
              .andWhere('id', '<', after.id),
          ),
      );
    }
    const rows = await query;
    const page = rows.slice(0, options.limit);
    const last = page[page.length - 1];
    return {
      items: page.map(r => JSON.parse(r.entry)),
      next:
        rows.length > options.limit
          ? { refreshedAt: num(last.refreshed_at), id: num(last.id) }
          : undefined,
    };
  }

  async knows(spoke: string): Promise<boolean> {
    const [latest, history] = await Promise.all([
      this.knex(LATEST).select('spoke').where({ spoke }).first(),
      this.knex(HISTORY).select('id').where({ spoke }).first(),
    ]);
    return Boolean(latest || history);
  }

  async lastRun(): Promise<HealthRefreshRun | undefined> {
    const [run] = await this.listRuns(1);
    return run;
  }

  async lastRefresh(): Promise<HealthRefreshRun | undefined> {
    const rows = await this.knex(PARTITIONS)
      .select('*')
      .orderBy('finished_at', 'desc');
    if (!rows.length) return this.lastRun();
    // The partition count used last whose every partition has run: until then (the
    // first round, or just after the count changed) the estate was not refreshed whole.
    const counts = [...new Set(rows.map(r => num(r.partition_count)))];
    const count = counts.find(
      c => rows.filter(r => num(r.partition_count) === c).length === c,
    );
    if (count === undefined) return undefined;
    const current = rows.filter(r => num(r.partition_count) === count);
    const newest = current[0];
    const startedAt = Math.min(...current.map(r => num(r.started_at)));
    const finishedAt = num(newest.finished_at);
    const sum = (column: string) =>
      current.reduce((total, r) => total + num(r[column]), 0);
    return toRun({
      id: newest.run_id,
      trigger: newest.trigger,
      started_at: startedAt,
      finished_at: finishedAt,
      duration_ms: finishedAt - startedAt,
      spokes: sum('spokes'),
      calls: sum('calls'),
      failed_calls: sum('failed_calls'),
    });
  }

  async changeVersion(): Promise<number> {
    const row = await this.knex(CHANGES)
      .select('version')
      .where({ id: 1 })
      .first();
    return num(row?.version ?? 0);
  }

  async listRuns(limit: number): Promise<HealthRefreshRun[]> {
    const rows = await this.knex(RUNS)
      .select('*')
      .orderBy([
        { column: 'finished_at', order: 'desc' },
        { column: 'id', order: 'desc' },
      ])
      .limit(limit);
    return rows.map(toRun);
  }

  async prune(before: Date): Promise<{ history: number; runs: number }> {
    const cutoff = before.getTime();
    const history = await this.knex(HISTORY)
      .where('refreshed_at', '<', cutoff)
      .delete();
    const runs = await this.knex(RUNS)
      .where('finished_at', '<', cutoff)
      .delete();
    return { history, runs };
  }

  async downsampleHistory(
    before: Date,
    signal?: AbortSignal,
  ): Promise<{ hours: number; merged: number; removed: number }> {
    // Only whole hours: a later raw entry of a half-merged hour would make it two.
    const cutoff = hourStart(before.getTime());
    const done = { hours: 0, merged: 0, removed: 0 };
    while (!signal?.aborted) {
      const oldest = await this.knex(HISTORY)
        .whereNull('samples')
        .andWhere('refreshed_at', '<', cutoff)
        .min({ t: 'refreshed_at' })
        .first();
      if (oldest?.t === null || oldest?.t === undefined) break;
      const from = hourStart(num(oldest.t));
      await this.knex.transaction(async tx => {
        const rows = await tx(HISTORY)
          .select('id', 'spoke', 'refreshed_at', 'samples', 'entry')
          .where('refreshed_at', '>=', from)
          .andWhere('refreshed_at', '<', from + HOUR_MS);
        const merges = mergeHourly(
          rows.map(
            (r): HistoryRow => ({
              id: num(r.id),
              spoke: r.spoke,
              refreshedAt: num(r.refreshed_at),
              samples: r.samples === null ? null : num(r.samples),
              entry: JSON.parse(r.entry),
            }),
          ),
        );
        for (const merge of merges) {
          await tx(HISTORY)
            .where({ id: merge.keep })
            .update({
              status: merge.entry.status,
              samples: merge.entry.samples,
              entry: JSON.stringify(merge.entry),
            });
          for (let i = 0; i < merge.drop.length; i += DELETE_CHUNK) {
            await tx(HISTORY)
              .whereIn('id', merge.drop.slice(i, i + DELETE_CHUNK))
              .delete();
          }
          done.merged += 1;
          done.removed += merge.drop.length;
        }
      });
      done.hours += 1;
    }
    return done;
  }
}
