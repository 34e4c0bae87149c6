import { Knex } from 'knex';

const REPLICAS = 'platform_health_replicas';

/**
 * Which backend replicas refresh spoke health, by heartbeat in the plugin's
 * database. The scheduler hands every due task to whichever replica polls first,
 * so without this one replica would take every partition; knowing how many are
 * alive lets a replica keep only its share (see `PartitionShare`).
 */
export class DatabaseReplicas {
  constructor(private readonly knex: Knex) {}

  async heartbeat(id: string, at: number): Promise<void> {
    await this.knex(REPLICAS)
      .insert({ id, seen_at: at })
      .onConflict('id')
      .merge({ seen_at: at });
  }

  /** Replicas seen at or after `since`; forgets those not seen for long. */
  async countAlive(since: number): Promise<number> {
    const [row] = await this.knex(REPLICAS)
      .count({ n: '*' })
      .where('seen_at', '>=', since);
    return Number(row?.n ?? 0);
  }

  async leave(id: string): Promise<void> {
    await this.knex(REPLICAS).where({ id }).delete();
  }

  /** Deletes replicas not seen since `before` (crashed without leaving). */
  async forget(before: number): Promise<void> {
    await this.knex(REPLICAS).where('seen_at', '<', before).delete();
  }
}
