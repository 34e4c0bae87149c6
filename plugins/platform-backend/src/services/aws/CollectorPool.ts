import { LoggerService } from '@backstage/backend-plugin-api';
import { Worker } from 'node:worker_threads';
import { partitionOf } from '../../lib/partitions';
import { AccountSideObservations } from './AccountCollector';
import {
  CollectorThreadData,
  FromCollectorThread,
  ToCollectorThread,
} from './collectorThread';
import { CollectRequest } from './collectHelpers';
import { joinObservations } from './HealthCollector';
import {
  addStats,
  CollectOptions,
  Collected,
  ObservationSource,
  TransitSource,
} from './ObservationSource';

/** How a collector thread is started: the built entry point, or the source with the TypeScript transform. */
export function collectorWorkerEntry(): {
  filename: string;
  execArgv?: string[];
} {
  const filename = require.resolve(
    '@internal/plugin-platform-backend/collectorWorker',
  );
  if (!filename.endsWith('.ts')) return { filename };
  // From source (`yarn start`, tests): `backstage-cli package start` already runs
  // node with its transform, which a worker inherits; anything else adds it.
  if (process.execArgv.some(arg => arg.includes('nodeTransform'))) {
    return { filename };
  }
  return {
    filename,
    execArgv: [
      ...process.execArgv,
      '--require',
      require.resolve('@backstage/cli/config/nodeTransform.cjs'),
    ],
  };
}

/** Starts one collector thread. */
export function startCollectorWorker(data: CollectorThreadData): Worker {
  const entry = collectorWorkerEntry();
  return new Worker(entry.filename, {
    workerData: data,
    execArgv: entry.execArgv,
    // A copy of this environment as it is now (Node's default is the process's
    // own, which a sandbox such as Jest's does not share): the SDK reads its
    // endpoint, region and credentials settings from it.
    env: { ...process.env },
  });
}

export interface CollectorPoolOptions {
  /** Worker threads. */
  threads: number;
  /**
   * Spokes go to threads by their partition among this many (the refresh's
   * partitions): a partition's spokes always meet the same thread, whose clients,
   * credentials and reused listings are warm for them.
   */
  partitions: number;
  /** What every thread is started with; `concurrency` is per thread. */
  data: CollectorThreadData;
  /**
   * The Transit Gateway side, asked once per collection in this thread (the hub's
   * listings are shared by every spoke, and only they need the EC2 client).
   */
  transit: TransitSource;
  logger: LoggerService;
}

/** What a thread answers: the spoke accounts' side of its spokes. */
interface ThreadCollected {
  observations: Map<string, AccountSideObservations>;
  stats: Collected['stats'];
}

interface Pending {
  resolve: (collected: ThreadCollected) => void;
  reject: (error: Error) => void;
}

/** One worker thread and the collections it is running. */
class CollectorThread {
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  readonly exited: Promise<void>;

  constructor(private readonly worker: Worker, onExit: () => void) {
    worker.on('message', (message: FromCollectorThread) => {
      const pending = this.pending.get(message.id);
      if (!pending) return;
      this.pending.delete(message.id);
      if (message.type === 'collected') {
        pending.resolve({
          observations: new Map(message.observations),
          stats: message.stats,
        });
      } else {
        pending.reject(new Error(message.message));
      }
    });
    // An error ends the thread: every collection it held fails, the next starts another.
    let failure: Error | undefined;
    worker.on('error', (e: unknown) => {
      failure = e instanceof Error ? e : new Error(String(e));
    });
    this.exited = new Promise(resolve =>
      worker.once('exit', code => {
        onExit();
        const reason = failure
          ? `failed: ${failure.message}`
          : `exited with code ${code}`;
        for (const p of this.pending.values()) {
          p.reject(new Error(`The spoke health collector thread ${reason}`));
        }
        this.pending.clear();
        resolve();
      }),
    );
  }

  collect(
    request: CollectRequest,
    options: CollectOptions,
  ): Promise<ThreadCollected> {
    const id = this.nextId++;
    const { signal } = options;
    return new Promise<ThreadCollected>((resolve, reject) => {
      const abort = () => this.send({ type: 'abort', id });
      signal?.addEventListener('abort', abort, { once: true });
      this.pending.set(id, {
        resolve: v => {
          signal?.removeEventListener('abort', abort);
          resolve(v);
        },
        reject: e => {
          signal?.removeEventListener('abort', abort);
          reject(e);
        },
      });
      this.send({ type: 'collect', id, request, fresh: !!options.fresh });
      if (signal?.aborted) abort();
    });
  }

  private send(message: ToCollectorThread) {
    this.worker.postMessage(message);
  }

  async stop(): Promise<void> {
    await this.worker.terminate();
    await this.exited;
  }
}

/**
 * Collects in worker threads, so the SDK's CPU (about a millisecond per AWS call,
 * thousands of calls per refresh) runs on the machine's other cores and leaves the
 * backend's event loop free to answer. Each spoke always goes to the same thread.
 * A thread that dies fails only the collections it held; the next collection
 * starts another.
 */
export class CollectorPool implements ObservationSource {
  private readonly threads: Array<CollectorThread | undefined>;
  private closed = false;

  constructor(
    private readonly options: CollectorPoolOptions,
    private readonly startWorker: (
      data: CollectorThreadData,
    ) => Worker = startCollectorWorker,
  ) {
    if (!Number.isInteger(options.threads) || options.threads < 1) {
      throw new Error(
        `A collector pool needs at least one thread, got ${options.threads}`,
      );
    }
    this.threads = new Array(options.threads).fill(undefined);
  }

  /** The thread that collects a spoke. */
  threadOf(spokeName: string): number {
    return (
      (partitionOf(spokeName, this.options.partitions) - 1) %
      this.threads.length
    );
  }

  async collect(
    request: CollectRequest,
    options: CollectOptions,
  ): Promise<Collected> {
    if (this.closed) throw new Error('The spoke health collector is closed');
    const groups = new Map<number, CollectRequest['spokes']>();
    for (const spoke of request.spokes) {
      const i = this.threadOf(spoke.name);
      const group = groups.get(i) ?? [];
      group.push(spoke);
      groups.set(i, group);
    }
    if (groups.size === 0) groups.set(0, []);
    const [transit, ...parts] = await Promise.all([
      this.options.transit(request, options),
      ...[...groups].map(([i, spokes]) =>
        this.thread(i).collect({ ...request, spokes }, options),
      ),
    ]);
    const accounts = new Map<string, AccountSideObservations>();
    for (const part of parts) {
      for (const [name, o] of part.observations) accounts.set(name, o);
    }
    return {
      observations: joinObservations(accounts, transit.observations),
      stats: addStats([transit.stats, ...parts.map(p => p.stats)]),
    };
  }

  private thread(i: number): CollectorThread {
    let thread = this.threads[i];
    if (!thread) {
      const worker = this.startWorker(this.options.data);
      // The backend's shutdown must not wait on an idle thread.
      worker.unref();
      const started: CollectorThread = new CollectorThread(worker, () => {
        if (this.threads[i] === started) this.threads[i] = undefined;
        if (!this.closed) {
          this.options.logger.warn(
            `Spoke health collector thread ${i + 1} of ${
              this.threads.length
            } stopped; the next refresh starts another`,
          );
        }
      });
      thread = started;
      this.threads[i] = thread;
    }
    return thread;
  }

  /** Stops every thread; collections still running fail. */
  async close(): Promise<void> {
    this.closed = true;
    await Promise.all(this.threads.map(t => t?.stop()));
  }
}
