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
import { HubTarget } from '../lib/observations';
import { targetsFromEntities } from '../lib/spokes';
import { HealthStore } from '../db/HealthStore';
import { AwsAccess, CallStats } from './aws/AwsAccess';
import { HealthCollector } from './aws/HealthCollector';
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
  aws: AwsAccess;
  logger: LoggerService;
  /** Reads the platform registry (rejects when it is invalid or missing). */
  loadRegistry: RegistryReader;
  historyRetentionDays: number;
  now?: () => Date;
}

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * One refresh: spokes from the catalog (with the plugin's own credentials),
 * expectations from the registry, observations from AWS, verdicts from the pure
 * checks, snapshots into the store. Runs from the scheduler (all spokes) or by
 * hand for one spoke.
 */
export class HealthRefresher {
  private readonly now: () => Date;
  private readonly inFlight = new Map<string, Promise<RefreshResult>>();

  static create(options: HealthRefresherOptions): HealthRefresher {
    return new HealthRefresher(options);
  }

  private constructor(private readonly options: HealthRefresherOptions) {
    this.now = options.now ?? (() => new Date());
  }

  /**
   * Refreshes every spoke, or one. Concurrent requests for the same scope share
   * one run rather than hitting AWS twice.
   */
  refresh(
    request: { trigger: HealthRefreshRun['trigger']; spoke?: string } = {
      trigger: 'schedule',
    },
  ): Promise<RefreshResult> {
    const key = request.spoke ?? '*';
    let running = this.inFlight.get(key);
    if (!running) {
      running = this.run(request).finally(() => this.inFlight.delete(key));
      this.inFlight.set(key, running);
    }
    return running;
  }

  /** Deletes history older than the retention. */
  async prune(): Promise<{ history: number; runs: number }> {
    const before = new Date(
      this.now().getTime() - this.options.historyRetentionDays * DAY_MS,
    );
    return this.options.store.prune(before);
  }

  private async run(request: {
    trigger: HealthRefreshRun['trigger'];
    spoke?: string;
  }): Promise<RefreshResult> {
    const { catalog, auth, store, aws, logger } = this.options;
    const startedAt = this.now();
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
    const targets = targetsFromEntities(items);
    let spokes = targets.spokes;
    if (request.spoke) {
      spokes = spokes.filter(s => s.name === request.spoke);
      if (spokes.length === 0) {
        throw new NotFoundError(
          `No spoke named ${request.spoke} in the catalog`,
        );
      }
    }
    const registry = await this.readRegistry();
    const scope = aws.scope();
    const observations = await new HealthCollector(scope).collect({
      hub: targets.hub,
      spokes,
      registry: registry.ok
        ? { ok: true, hub: registry.registry.hub }
        : registry,
    });
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
      }),
    );
    const stats = scope.getStats();
    const run = await store.saveRefresh({
      trigger: request.trigger,
      startedAt,
      finishedAt: this.now(),
      calls: stats.calls,
      failedCalls: stats.failed,
      snapshots,
      // An empty catalog answer (e.g. right after a restart, before the catalog has
      // processed the registry) must not wipe every snapshot: keep them, they go stale.
      complete: !request.spoke && snapshots.length > 0,
    });
    if (snapshots.length === 0) {
      logger.warn(
        'Spoke health found no spokes in the catalog (System entities annotated platform.io/spoke); keeping the previous snapshots',
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
