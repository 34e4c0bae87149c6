import { SchedulerServiceTaskScheduleDefinitionConfig } from '@backstage/backend-plugin-api';

export interface Config {
  platform?: {
    health?: {
      /** How often spoke health is refreshed from AWS (one runner across replicas). */
      schedule?: SchedulerServiceTaskScheduleDefinitionConfig;
      /** Upper bound on AWS calls in flight at once. */
      concurrency?: number;
      /** How long health snapshots are kept, in days. */
      historyRetentionDays?: number;
    };
  };
}
