import { AuthService, LoggerService } from '@backstage/backend-plugin-api';
import { CATALOG_FILTER_EXISTS } from '@backstage/catalog-client';
import { NotFoundError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  ANNOTATION_PLATFORM_SPOKE,
  HealthRefreshRun,
  Registry,
  SpokeHealth,
} from '@internal/plugin-platform-common';
import { assessSpoke } from '../lib/checks';
import { CheckSettings, HubTarget } from '../lib/observations';
import { targetsFromEntities } from '../lib/spokes';
import { HealthStore, SupersededRunError } from '../db/HealthStore';
import {
  inPartition,
  Partition,
  partitionOf,
  WHOLE_ESTATE,
} from '../lib/partitions';
import { statusTransitions, StatusTransition } from '../lib/transitions';
import { CallStats } from './aws/AwsAccess';
import { ObservationSource } from './aws/ObservationSource';
import { StoredRefresh } from './healthSignals';
import { RegistryReader } from './RegistryReader';

/** The outcome of one refresh. */
export interface RefreshResult {
  run: HealthRefreshRun;
  snapshots: SpokeHealth[];
  stats: CallStats;
}

export interface HealthRefresherOptions {
  catalog: CatalogService;
  auth: AuthService;
  store: HealthStore;
  /** AWS observations: in the backend's thread, or a {@link CollectorPool}'s threads. */
  collector: ObservationSource;
  logger: LoggerService;
  /** Reads the platform registry (rejects when it is invalid or missing). */
  loadRegistry: RegistryReader;
  /** Tuned check thresholds; the checks' defaults when absent. */
  checkSettings?: CheckSettings;
  /**
   * Partitions the scheduled refresh is split into (`platform.health.refresh.partitions`):
   * runs of different partitions go side by side, runs touching the same spokes queue.
   * Default 1.
   */
  partitions?: number;
  /** This replica's id, recorded with each run. */
  runner?: string;
  /** Told, after a refresh is recorded, which spokes turned critical or recovered. */
  notify?: (transitions: StatusTransition[]) => Promise<void>;
  /** Told, after a refresh is recorded, which spokes it stored (open pages refetch). */
  onStored?: (stored: StoredRefresh) => Promise<void>;
  now?: () => Date;
}

/** A refresh whose signal aborted: it wrote nothing. */
export class RefreshAbortedError extends Error {
  constructor(
    message = 'The refresh was stopped before it finished; nothing was recorded',
  ) {
    super(message);
    this.name = 'RefreshAbortedError';
  }
}

export interface RefreshRequest {
  trigger: HealthRefreshRun['trigger'];
  /** One spoke; otherwise the partition. */
  spoke?: string;
  /** The spokes of one partition; every spoke when absent (and no spoke is named). */
  partition?: Partition;
  /** The scheduler's abort signal: once it fires, calls stop and nothing is written. */
  signal?: AbortSignal;
}

/**
 * One refresh: spokes from the catalog (with the plugin's own credentials),
 * expectations from the registry, observations from AWS, verdicts from the pure
 * checks, snapshots into the store. Runs from the scheduler (all spokes) or by
 * hand for one spoke.
 *
 * Runs that touch the same spokes never overlap in a process: each waits for the
 * one before it (runs of different partitions go side by side). Across replicas the
 * store keeps, per spoke, the snapshot whose collection started last, so a slower
 * older run never replaces a newer one, and a run of a partition records nothing
 * once a later run of it has been recorded.
 */
export class HealthRefresher {
  private readonly now: () => Date;
  private readonly inFlight = new Map<string, Promise<RefreshResult>>();
  /** Per partition, the end of the queue of runs touching its spokes. */
  private readonly lanes: Promise<unknown>[];
  private readonly partitions: number;
  /** Aborts runs started by hand when the backend shuts down. */
  private readonly stopping = new AbortController();

  static create(options: HealthRefresherOptions): HealthRefresher {
    return new HealthRefresher(options);
  }

  private constructor(private readonly options: HealthRefresherOptions) {
    this.now = options.now ?? (() => new Date());
    this.partitions = options.partitions ?? 1;
    this.lanes = Array.from({ length: this.partitions }, () =>
      Promise.resolve(),
    );
  }

  /** The queues (0-based) a request waits in: its partition's, or all of them. */
  private lanesOf(request: RefreshRequest): number[] {
    if (request.spoke) return [partitionOf(request.spoke, this.partitions) - 1];
    const p = request.partition;
    if (p && p.count === this.partitions) return [p.index - 1];
    return this.lanes.map((_, i) => i);
  }

  /**
   * Refreshes every spoke, or one, after any run already going. Requests for the same
   * scope while one waits or runs share it rather than hitting AWS twice. Rejects with
   * {@link RefreshAbortedError} when the signal aborts before the snapshots are written.
   */
  refresh(
    request: RefreshRequest = { trigger: 'schedule' },
  ): Promise<RefreshResult> {
    const partition = request.partition ?? WHOLE_ESTATE;
    const key =
      request.spoke ?? `partition ${partition.index}/${partition.count}`;
    let running = this.inFlight.get(key);
    if (!running) {
      const signal = request.signal
        ? AbortSignal.any([request.signal, this.stopping.signal])
        : this.stopping.signal;
      const run = () =>
        this.run({
          ...request,
          partition: request.spoke ? undefined : partition,
          signal,
        });
      const lanes = this.lanesOf(request);
      running = Promise.all(lanes.map(l => this.lanes[l])).then(run);
      const done = running.catch(() => undefined);
      for (const l of lanes) this.lanes[l] = done;
      running = running.finally(() => this.inFlight.delete(key));
      this.inFlight.set(key, running);
    }
    return running;
  }

  /**
   * A refresh of one spoke by hand: answers once the catalog knows the spoke
   * (NotFoundError otherwise) and runs in the background, queued like any other.
   */
  async requestRefresh(spoke: string): Promise<void> {
    const targets = await this.targets();
    if (!targets.spokes.some(s => s.name === spoke)) {
      throw new NotFoundError(`No spoke named ${spoke} in the catalog`);
    }
    this.refresh({ trigger: 'manual', spoke }).catch(e =>
      this.options.logger.warn(
        `Spoke health refresh of ${spoke} by hand failed: ${
          (e as Error).message
        }`,
      ),
    );
  }

  /** Stops runs started by hand and waits for the queue to drain. */
  async close(): Promise<void> {
    this.stopping.abort();
    await Promise.all(this.lanes);
  }

  /** The spokes and the hub as the catalog describes them. */
  private async targets() {
    const { catalog, auth } = this.options;
    const { items } = await catalog.getEntities(
      {
        filter: {
          kind: 'System',
          [`metadata.annotations.${ANNOTATION_PLATFORM_SPOKE}`]:
            CATALOG_FILTER_EXISTS,
        },
      },
      { credentials: await auth.getOwnServiceCredentials() },
    );
    return targetsFromEntities(items);
  }

  private async run(
    request: RefreshRequest & { signal: AbortSignal },
  ): Promise<RefreshResult> {
    const { store, collector, logger } = this.options;
    const { signal } = request;
    if (signal.aborted) throw new RefreshAbortedError();
    const startedAt = this.now();
    const targets = await this.targets();
    let spokes = targets.spokes;
    const { partition } = request;
    if (partition) spokes = spokes.filter(s => inPartition(s.name, partition));
    if (request.spoke) {
      spokes = spokes.filter(s => s.name === request.spoke);
      if (spokes.length === 0) {
        throw new NotFoundError(
          `No spoke named ${request.spoke} in the catalog`,
        );
      }
    }
    const registry = await this.readRegistry();
    // A person asking for a refresh wants everything read now, not reused.
    const { observations, stats } = await collector.collect(
      {
        hub: targets.hub,
        spokes,
        registry: registry.ok
          ? { ok: true, hub: registry.registry.hub }
          : registry,
      },
      { signal, fresh: request.trigger === 'manual' },
    );
    const checkedAt = this.now();
    const hub: HubTarget = {
      ...targets.hub,
      accountId:
        targets.hub?.accountId ??
        (registry.ok ? registry.registry.hub.account : undefined),
      transitGatewayId:
        targets.hub?.transitGatewayId ??
        (registry.ok
          ? registry.registry.hub.deployed?.transitGatewayId
          : undefined),
    };
    const snapshots = spokes.map(spoke =>
      assessSpoke({
        spoke,
        hub,
        registry: registry.ok
          ? {
              ok: true,
              hub: registry.registry.hub,
              spoke: registry.registry.spokes.find(s => s.name === spoke.name),
            }
          : registry,
        observations: observations.get(spoke.name)!,
        now: checkedAt,
        settings: this.options.checkSettings,
      }),
    );
    if (signal.aborted) {
      // Its calls were cut short: the checks would report the stop, not the spokes.
      logger.warn(
        `Spoke health refresh (${request.trigger}) stopped after ${stats.calls} AWS calls; nothing recorded`,
      );
      throw new RefreshAbortedError();
    }
    const before = this.options.notify ? await store.listLatest() : [];
    let run: HealthRefreshRun;
    try {
      run = await store.saveRefresh({
        trigger: request.trigger,
        startedAt,
        finishedAt: this.now(),
        calls: stats.calls,
        failedCalls: stats.failed,
        snapshots,
        // An empty catalog answer (e.g. right after a restart, before the catalog has
        // processed the registry) must not wipe every snapshot: keep them, they go stale.
        complete: !request.spoke && targets.spokes.length > 0,
        partition,
        runner: this.options.runner,
      });
    } catch (e) {
      if (!(e instanceof SupersededRunError)) throw e;
      // Another replica ran this partition again after this run started (this one
      // outlived its scheduler ticket): its answers are the newer ones.
      logger.warn(e.message);
      throw new RefreshAbortedError(e.message);
    }
    if (targets.spokes.length === 0) {
      logger.warn(
        'Spoke health found no spokes in the catalog (System entities annotated platform.io/spoke); keeping the previous snapshots',
      );
    }
    if (this.options.onStored) {
      // A page that misses the nudge is only late: it must never fail the refresh.
      await Promise.resolve()
        .then(() =>
          this.options.onStored!({
            spokes: snapshots.map(s => s.spoke),
            refreshedAt: run.finishedAt,
          }),
        )
        .catch(e =>
          logger.warn(
            `Spoke health could not signal the refresh (${
              request.trigger
            }) to open pages: ${(e as Error).message}`,
          ),
        );
    }
    const transitions = statusTransitions(before, snapshots);
    if (this.options.notify && transitions.length) {
      // Telling people must never fail the refresh that was just recorded.
      await this.options
        .notify(transitions)
        .catch(e =>
          logger.warn(
            `Spoke health could not notify about ${transitions
              .map(t => `${t.spoke} ${t.kind}`)
              .join(', ')}: ${(e as Error).message}`,
          ),
        );
    }
    const counts = snapshots.reduce<Record<string, number>>((acc, s) => {
      acc[s.status] = (acc[s.status] ?? 0) + 1;
      return acc;
    }, {});
    logger.info(
      `Spoke health refreshed (${request.trigger}): ${
        snapshots.length
      } spoke(s) ${JSON.stringify(counts)} in ${run.durationMs} ms, ${
        stats.calls
      } AWS calls, ${stats.failed} failed`,
    );
    return { run, snapshots, stats };
  }

  /** The registry, or why it cannot be read: then only registry comparisons are unknown. */
  private async readRegistry(): Promise<
    { ok: true; registry: Registry } | { ok: false; reason: string }
  > {
    try {
      return { ok: true, registry: await this.options.loadRegistry() };
    } catch (e) {
      const reason = `The platform registry could not be read: ${
        (e as Error).message
      }`;
      this.options.logger.warn(reason);
      return { ok: false, reason };
    }
  }
}
