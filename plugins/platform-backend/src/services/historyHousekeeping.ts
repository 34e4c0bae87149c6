import {
  LoggerService,
  SchedulerServiceTaskScheduleDefinition,
} from '@backstage/backend-plugin-api';
import { HistoryRetention } from '../config';
import { HealthStore } from '../db/HealthStore';

/** The scheduler task that downsamples and prunes spoke health history. */
export const HISTORY_HOUSEKEEPING_TASK_ID = 'platform-health-history';

/**
 * Hourly, on one replica for all: each run merges the hour that just crossed the
 * raw retention. The first run after an upgrade may have weeks to merge; it stops
 * at the timeout and the next run goes on where it stopped (one transaction per hour).
 */
export const HISTORY_HOUSEKEEPING_SCHEDULE: SchedulerServiceTaskScheduleDefinition =
  {
    frequency: { hours: 1 },
    timeout: { minutes: 20 },
    initialDelay: { minutes: 2 },
    scope: 'global',
  };

export interface HousekeepingResult {
  /** History entries and refresh runs deleted past the hourly retention. */
  pruned: { history: number; runs: number };
  /** Hours merged, hourly entries written, raw entries removed by merging. */
  downsampled: { hours: number; merged: number; removed: number };
}

/**
 * Deletes what is past the hourly retention, then merges what is past the raw
 * retention into one entry per spoke and hour (deleting first: nothing is merged
 * only to be deleted).
 */
export async function keepHistory(options: {
  store: HealthStore;
  retention: HistoryRetention;
  logger: LoggerService;
  now?: () => Date;
  signal?: AbortSignal;
}): Promise<HousekeepingResult> {
  const { store, retention, logger, signal } = options;
  const at = (options.now ?? (() => new Date()))().getTime();
  const pruned = await store.prune(new Date(at - retention.hourlyMs));
  const downsampled = await store.downsampleHistory(
    new Date(at - retention.rawMs),
    signal,
  );
  logger.info(
    `Spoke health history: deleted ${pruned.history} entries and ${pruned.runs} refresh runs past the hourly retention; merged ${downsampled.removed} entries of ${downsampled.hours} hours into ${downsampled.merged} hourly entries`,
  );
  return { pruned, downsampled };
}
