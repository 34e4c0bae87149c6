import {
  SchedulerService,
  SchedulerServiceTaskScheduleDefinition,
} from '@backstage/backend-plugin-api';
import { ConflictError } from '@backstage/errors';
import { allPartitions, partitionTaskId } from '../lib/partitions';
import { HealthRefresher } from './HealthRefresher';
import { PartitionShare } from './PartitionShare';

export interface PartitionTasksOptions {
  scheduler: SchedulerService;
  /** Every partition's schedule; the scope is global. */
  schedule: SchedulerServiceTaskScheduleDefinition;
  partitions: number;
  refresher: HealthRefresher;
  share: PartitionShare;
}

/**
 * One global scheduler task per partition (`platform-health-refresh-<i>-of-<n>`): one
 * replica at a time runs a partition, different replicas run different partitions.
 * Returns the trigger of a refresh of every spoke by hand.
 */
export async function schedulePartitionTasks(
  options: PartitionTasksOptions,
): Promise<{ triggerAll: () => Promise<void> }> {
  const { scheduler, refresher, share } = options;
  const partitions = allPartitions(options.partitions);
  for (const partition of partitions) {
    const id = partitionTaskId(partition);
    await scheduler.scheduleTask({
      id,
      ...options.schedule,
      scope: 'global',
      // The scheduler aborts a run past its timeout or at shutdown: calls stop and
      // the run records nothing.
      fn: abortSignal =>
        share.run(id, async () => {
          await refresher.refresh({
            trigger: 'schedule',
            partition,
            signal: abortSignal,
          });
        }),
    });
  }

  /** Every partition now; ConflictError only when all of them are already running. */
  const triggerAll = async () => {
    const results = await Promise.allSettled(
      partitions.map(p => scheduler.triggerTask(partitionTaskId(p))),
    );
    const failures = results.flatMap(r =>
      r.status === 'rejected' ? [r.reason as Error] : [],
    );
    const other = failures.find(e => e.name !== ConflictError.name);
    if (other) throw other;
    if (failures.length === partitions.length) {
      throw new ConflictError('Every partition is already refreshing');
    }
  };
  return { triggerAll };
}
