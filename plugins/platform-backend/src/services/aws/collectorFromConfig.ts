import { LoggerService } from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import { JsonObject } from '@backstage/types';
import { HealthConfig } from '../../config';
import { AwsAccess } from './AwsAccess';
import { Worker } from 'node:worker_threads';
import { CollectorThreadData } from './collectorThread';
import { CollectorPool, startCollectorWorker } from './CollectorPool';
import {
  collectInThisThread,
  ObservationSource,
  transitInThisThread,
} from './ObservationSource';

/**
 * The refresh's source of AWS observations as `platform.health.refresh.threads`
 * says: worker threads sharing the replica's call budget, or (0) the backend's
 * own thread with its AWS access.
 */
export function collectorFromConfig(options: {
  config: Config;
  health: Pick<
    HealthConfig,
    'threads' | 'partitions' | 'concurrency' | 'aws' | 'slowChangingTtlMs'
  >;
  aws: AwsAccess;
  logger: LoggerService;
  /** Starts a collector thread (benchmarks keep the handle to read its heap). */
  startWorker?: (data: CollectorThreadData) => Worker;
}): ObservationSource & { close(): Promise<void> } {
  const { config, health, aws, logger } = options;
  if (health.threads === 0) {
    return { ...collectInThisThread(aws), close: async () => {} };
  }
  return new CollectorPool(
    {
      threads: health.threads,
      partitions: health.partitions,
      logger,
      transit: transitInThisThread(aws),
      data: {
        awsConfig: config.getOptional<JsonObject>('aws'),
        callConfig: health.aws,
        concurrency: Math.ceil(health.concurrency / health.threads),
        slowChangingTtlMs: health.slowChangingTtlMs,
      },
    },
    options.startWorker ?? startCollectorWorker,
  );
}
