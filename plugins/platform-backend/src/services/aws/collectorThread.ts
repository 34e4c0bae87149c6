import { ConfigReader } from '@backstage/config';
import { JsonObject } from '@backstage/types';
import { AwsCallConfig } from '../../config';
import { AccountCollector, AccountSideObservations } from './AccountCollector';
import { AwsAccess, CallStats } from './AwsAccess';
import { CollectRequest, inCallScope } from './collectHelpers';

/** What a collector thread is started with: plain data, copied into the thread. */
export interface CollectorThreadData {
  /** The root config's `aws` section, read by integration-aws-node for credentials. */
  awsConfig?: JsonObject;
  callConfig: AwsCallConfig;
  /** AWS calls in flight at once in this thread. */
  concurrency: number;
  slowChangingTtlMs: number;
}

export type ToCollectorThread =
  | { type: 'collect'; id: number; request: CollectRequest; fresh: boolean }
  | { type: 'abort'; id: number };

export type FromCollectorThread =
  | {
      type: 'collected';
      id: number;
      observations: Array<[string, AccountSideObservations]>;
      stats: CallStats;
    }
  | { type: 'failed'; id: number; message: string };

/** The half of a MessagePort a collector thread uses. */
export interface CollectorPort {
  on(event: 'message', listener: (message: ToCollectorThread) => void): void;
  postMessage(message: FromCollectorThread): void;
}

/**
 * Serves collections in a worker thread: its own AWS access (SDK clients,
 * credentials and reused listings of the spokes routed to it), built from the
 * same config as the backend's; each `collect` answers with what the spoke
 * accounts say ({@link AccountCollector}: the Transit Gateway side is asked once
 * by the backend's thread, so this one never loads the EC2 client), each `abort`
 * stops the collection it names.
 */
export function serveCollections(
  port: CollectorPort,
  data: CollectorThreadData,
): void {
  const aws = AwsAccess.fromConfig(
    new ConfigReader(data.awsConfig ? { aws: data.awsConfig } : {}),
    {
      config: data.callConfig,
      concurrency: data.concurrency,
      slowChangingTtlMs: data.slowChangingTtlMs,
    },
  );
  const running = new Map<number, AbortController>();
  port.on('message', message => {
    if (message.type === 'abort') {
      running.get(message.id)?.abort();
      return;
    }
    const controller = new AbortController();
    running.set(message.id, controller);
    inCallScope(
      aws,
      { signal: controller.signal, fresh: message.fresh },
      scope => new AccountCollector(scope).collect(message.request),
    )
      .then(
        ({ observations, stats }) =>
          port.postMessage({
            type: 'collected',
            id: message.id,
            observations: [...observations],
            stats,
          }),
        e =>
          port.postMessage({
            type: 'failed',
            id: message.id,
            message: (e as Error)?.message ?? String(e),
          }),
      )
      .finally(() => running.delete(message.id));
  });
}
