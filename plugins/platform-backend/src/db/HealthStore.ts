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
}

/** A spoke list entry as stored: the list shape without the computed `stale` flag. */
export type StoredSummary = Omit<SpokeHealthSummary, 'stale'>;

/** Persistence of spoke health; the API reads only from here. */
export interface HealthStore {
  saveRefresh(record: RefreshRecord): Promise<HealthRefreshRun>;
  listLatest(): Promise<StoredSummary[]>;
  getLatest(spoke: string): Promise<SpokeHealth | undefined>;
  /** Newest first; `since` inclusive. */
  getHistory(
    spoke: string,
    options: { since?: Date; limit: number },
  ): Promise<SpokeHealthHistoryEntry[]>;
  /** Whether the spoke has a latest snapshot or any history. */
  knows(spoke: string): Promise<boolean>;
  lastRun(): Promise<HealthRefreshRun | undefined>;
  /** Runs newest first (for operators and tests). */
  listRuns(limit: number): Promise<HealthRefreshRun[]>;
  /** Deletes history and run rows older than `before`. */
  prune(before: Date): Promise<{ history: number; runs: number }>;
}

const LATEST = 'platform_health_latest';
const HISTORY = 'platform_health_history';
const RUNS = 'platform_health_refresh_runs';

const migrationsDir = resolvePackagePath(
  '@internal/plugin-platform-backend',
  'migrations',
);

/** PostgreSQL returns bigint columns as strings. */
const num = (v: unknown) => Number(v);

function toSummary(health: SpokeHealth): StoredSummary {
  return {
    spoke: health.spoke,
    entityRef: health.entityRef,
    environmentClass: health.environmentClass,
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
    return this.knex.transaction(async tx => {
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
        // Spokes that left the catalog; one added by a newer run stays.
        await tx(LATEST)
          .whereNotIn(
            'spoke',
            record.snapshots.map(s => s.spoke),
          )
          .andWhere(q =>
            q.whereNull('started_at').orWhere('started_at', '<=', startedAt),
          )
          .delete();
      }
      const row = {
        trigger: record.trigger,
        started_at: record.startedAt.getTime(),
        finished_at: record.finishedAt.getTime(),
        duration_ms: record.finishedAt.getTime() - record.startedAt.getTime(),
        spokes: record.snapshots.length,
        calls: record.calls,
        failed_calls: record.failedCalls,
      };
      const [inserted] = await tx(RUNS).insert(row, ['id']);
      const id = typeof inserted === 'object' ? inserted.id : inserted;
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
    options: { since?: Date; limit: number },
  ): Promise<SpokeHealthHistoryEntry[]> {
    const query = this.knex(HISTORY)
      .select('entry')
      .where({ spoke })
      .orderBy([
        { column: 'refreshed_at', order: 'desc' },
        { column: 'id', order: 'desc' },
      ])
      .limit(options.limit);
    if (options.since) {
      query.andWhere('refreshed_at', '>=', options.since.getTime());
    }
    const rows = await query;
    return rows.map(r => JSON.parse(r.entry));
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
}
