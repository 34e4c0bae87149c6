import { LoggerService } from '@backstage/backend-plugin-api';
import { DatabaseReplicas } from '../db/Replicas';

export interface PartitionShareOptions {
  replicas: DatabaseReplicas;
  /** This replica's id. */
  id: string;
  /** How many partitions there are. */
  partitions: number;
  /** Asks the scheduler to run a task again now (rejects while it still runs). */
  trigger: (taskId: string) => Promise<void>;
  logger: LoggerService;
  /** How often this replica says it is alive; three missed beats and it counts as gone. */
  heartbeatMs?: number;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

const DEFAULT_HEARTBEAT_MS = 10_000;

/**
 * This replica's share of the partitions. The scheduler gives every due task to the
 * replica that polls first, which would run all partitions on one replica while the
 * others idle. A replica already running its share (partitions divided by the
 * replicas alive, rounded up) hands a further partition back: the run records
 * nothing and the task is triggered again, for the next replica that polls. A
 * replica alone never hands anything back.
 */
export class PartitionShare {
  private running = 0;
  private timer?: NodeJS.Timeout;
  private readonly heartbeatMs: number;
  private readonly now: () => number;
  private readonly sleep: (ms: number) => Promise<void>;

  constructor(private readonly options: PartitionShareOptions) {
    this.heartbeatMs = options.heartbeatMs ?? DEFAULT_HEARTBEAT_MS;
    this.now = options.now ?? Date.now;
    this.sleep =
      options.sleep ?? (ms => new Promise(r => setTimeout(r, ms).unref()));
  }

  /** Announces this replica now and every heartbeat until {@link stop}. */
  async start(): Promise<void> {
    await this.beat();
    this.timer = setInterval(() => {
      this.beat().catch(e =>
        this.options.logger.warn(
          `Spoke health could not record this replica's heartbeat: ${
            (e as Error).message
          }`,
        ),
      );
    }, this.heartbeatMs);
    this.timer.unref();
  }

  /** Stops the heartbeat and leaves; if leaving fails, the others stop counting it within three beats. */
  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.options.replicas
      .leave(this.options.id)
      .catch(e =>
        this.options.logger.warn(
          `Spoke health could not remove this replica from the shared list: ${
            (e as Error).message
          }`,
        ),
      );
  }

  private async beat() {
    const at = this.now();
    await this.options.replicas.heartbeat(this.options.id, at);
    await this.options.replicas.forget(at - 10 * this.heartbeatMs);
  }

  /** How many partitions this replica runs at once before handing more back. */
  async share(): Promise<number> {
    const alive = await this.options.replicas.countAlive(
      this.now() - 3 * this.heartbeatMs,
    );
    return Math.ceil(this.options.partitions / Math.max(1, alive));
  }

  /**
   * Runs `fn` as this replica's work for the task, or hands the task back when this
   * replica already runs its share (then `fn` is not called).
   */
  async run(taskId: string, fn: () => Promise<void>): Promise<void> {
    // Counted before asking the database: tasks claimed at one poll start together.
    this.running += 1;
    try {
      if (this.running > (await this.share())) {
        this.handBack(taskId);
        return;
      }
      await fn();
    } finally {
      this.running -= 1;
    }
  }

  /**
   * Triggers the task again once the scheduler has released it (this run returns
   * first), retrying while it still counts as running.
   */
  private handBack(taskId: string) {
    this.options.logger.debug(
      `Spoke health: ${taskId} left to another replica (this one runs its share)`,
    );
    (async () => {
      for (let attempt = 1; attempt <= 20; attempt++) {
        await this.sleep(25 * attempt);
        try {
          await this.options.trigger(taskId);
          return;
        } catch (e) {
          if ((e as Error).name !== 'ConflictError') throw e;
        }
      }
      throw new Error('the scheduler kept it marked as running');
    })().catch(e =>
      this.options.logger.warn(
        `Spoke health could not hand ${taskId} to another replica; it runs at its next time: ${
          (e as Error).message
        }`,
      ),
    );
  }
}
