import {
  CacheService,
  LoggerService,
  SchedulerService,
  SchedulerServiceTaskRunner,
  UrlReaderService,
} from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import { stringifyError } from '@backstage/errors';
import {
  EntityProvider,
  EntityProviderConnection,
} from '@backstage/plugin-catalog-node';
import { formatRegistryIssue } from '@internal/plugin-platform-common';
import { readPlatformRegistryProviderConfig } from '../config';
import {
  acceptRegistry,
  EMPTY_LAST_GOOD,
  LastGoodRegistry,
} from '../lib/acceptRegistry';
import { registryToEntities } from '../lib/registryEntities';
import { CacheLastGoodStore, LastGoodStore } from '../lastGood/LastGoodStore';
import { createRegistrySource, RegistrySource } from '../sources';

/** Provider name; also the `locationKey` of every entity it emits. */
export const PROVIDER_NAME = 'platform-registry';

/**
 * Emits the platform registry as catalog entities on a schedule: the platform
 * Domain, a System for the hub and each spoke, and their Resources. A registry file
 * that breaks keeps its last good entities; a removed spoke file removes its entities.
 * The last good versions are kept in memory and in the {@link LastGoodStore}, so a
 * restart or another replica still has them.
 */
export class PlatformRegistryEntityProvider implements EntityProvider {
  private readonly source: RegistrySource;
  private readonly logger: LoggerService;
  private readonly taskRunner: SchedulerServiceTaskRunner;
  private readonly lastGoodStore?: LastGoodStore;
  private connection?: EntityProviderConnection;
  private lastGood: LastGoodRegistry = EMPTY_LAST_GOOD;

  static fromConfig(
    config: Config,
    deps: {
      logger: LoggerService;
      scheduler: SchedulerService;
      urlReader: UrlReaderService;
      cache: CacheService;
    },
  ): PlatformRegistryEntityProvider {
    const { location, schedule } = readPlatformRegistryProviderConfig(config);
    const source = createRegistrySource(location, deps.urlReader);
    return new PlatformRegistryEntityProvider({
      source,
      logger: deps.logger,
      taskRunner: deps.scheduler.createScheduledTaskRunner(schedule),
      // Keyed by the source, so pointing at another registry never reuses this one's files.
      lastGoodStore: new CacheLastGoodStore(
        deps.cache,
        `${PROVIDER_NAME}:last-good:${source.description}`,
      ),
    });
  }

  constructor(options: {
    source: RegistrySource;
    logger: LoggerService;
    taskRunner: SchedulerServiceTaskRunner;
    /** Shares the last good versions across restarts and replicas; memory only without it. */
    lastGoodStore?: LastGoodStore;
  }) {
    this.source = options.source;
    this.logger = options.logger.child({ provider: PROVIDER_NAME });
    this.taskRunner = options.taskRunner;
    this.lastGoodStore = options.lastGoodStore;
  }

  getProviderName(): string {
    return PROVIDER_NAME;
  }

  async connect(connection: EntityProviderConnection): Promise<void> {
    this.connection = connection;
    await this.taskRunner.run({
      id: `${PROVIDER_NAME}:refresh`,
      fn: () => this.refresh(),
    });
  }

  /** One run: read, check, emit. Never throws; a failed read leaves the catalog as it was. */
  async refresh(): Promise<void> {
    if (!this.connection) {
      throw new Error(`${PROVIDER_NAME} is not connected to the catalog yet`);
    }
    let files;
    try {
      files = await this.source.read();
    } catch (error) {
      this.logger.error(
        `Could not read the platform registry from ${
          this.source.description
        }; the catalog keeps its entities: ${stringifyError(error)}`,
      );
      return;
    }

    const result = acceptRegistry(files, await this.loadLastGood());
    for (const issue of result.issues) {
      this.logger.warn(
        `Invalid platform registry file: ${formatRegistryIssue(issue)}`,
        {
          file: issue.file,
          field: issue.field,
          rule: issue.rule,
        },
      );
    }
    for (const file of result.keptLastGood) {
      this.logger.warn(
        `Platform registry: ${file} has problems; keeping its last good entities`,
        { file },
      );
    }
    for (const file of result.dropped) {
      this.logger.warn(
        `Platform registry: ${file} has problems and no last good version; it has no entities`,
        { file },
      );
    }
    if (!result.snapshot) {
      this.logger.error(
        `The platform registry in ${this.source.description} has no valid hub.yaml yet; the catalog keeps its entities`,
      );
      return;
    }

    const entities = registryToEntities(result.snapshot, {
      locationOf: file => this.source.locationOf(file),
    });
    await this.connection.applyMutation({
      type: 'full',
      entities: entities.map(entity => ({
        entity,
        locationKey: PROVIDER_NAME,
      })),
    });
    this.lastGood = result.lastGood;
    await this.saveLastGood(result.lastGood);
    this.logger.info(
      `Platform registry: ${entities.length} entities for the hub and ${result.snapshot.spokes.length} spokes from ${this.source.description}`,
    );
  }

  /** The stored state when there is one (it may come from another replica), else this process's. */
  private async loadLastGood(): Promise<LastGoodRegistry> {
    try {
      return (await this.lastGoodStore?.load()) ?? this.lastGood;
    } catch (error) {
      this.logger.warn(
        `Could not load the last good registry files; using this process's: ${stringifyError(
          error,
        )}`,
      );
      return this.lastGood;
    }
  }

  private async saveLastGood(state: LastGoodRegistry): Promise<void> {
    try {
      await this.lastGoodStore?.save(state);
    } catch (error) {
      this.logger.warn(
        `Could not store the last good registry files; a restart will not have them: ${stringifyError(
          error,
        )}`,
      );
    }
  }
}
