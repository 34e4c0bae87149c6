import {
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
import { createRegistrySource, RegistrySource } from '../sources';

/** Provider name; also the `locationKey` of every entity it emits. */
export const PROVIDER_NAME = 'platform-registry';

/**
 * Emits the platform registry as catalog entities on a schedule: the platform
 * Domain, a System for the hub and each spoke, and their Resources. A registry file
 * that breaks keeps its last good entities (remembered by this process); a removed
 * spoke file removes its entities.
 */
export class PlatformRegistryEntityProvider implements EntityProvider {
  private readonly source: RegistrySource;
  private readonly logger: LoggerService;
  private readonly taskRunner: SchedulerServiceTaskRunner;
  private connection?: EntityProviderConnection;
  private lastGood: LastGoodRegistry = EMPTY_LAST_GOOD;

  static fromConfig(
    config: Config,
    deps: {
      logger: LoggerService;
      scheduler: SchedulerService;
      urlReader: UrlReaderService;
    },
  ): PlatformRegistryEntityProvider {
    const { location, schedule } = readPlatformRegistryProviderConfig(config);
    return new PlatformRegistryEntityProvider({
      source: createRegistrySource(location, deps.urlReader),
      logger: deps.logger,
      taskRunner: deps.scheduler.createScheduledTaskRunner(schedule),
    });
  }

  constructor(options: {
    source: RegistrySource;
    logger: LoggerService;
    taskRunner: SchedulerServiceTaskRunner;
  }) {
    this.source = options.source;
    this.logger = options.logger.child({ provider: PROVIDER_NAME });
    this.taskRunner = options.taskRunner;
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

    const result = acceptRegistry(files, this.lastGood);
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
    this.logger.info(
      `Platform registry: ${entities.length} entities for the hub and ${result.snapshot.spokes.length} spokes from ${this.source.description}`,
    );
  }
}
