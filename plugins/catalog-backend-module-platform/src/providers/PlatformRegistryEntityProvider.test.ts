import {
  CacheService,
  SchedulerServiceTaskInvocationDefinition,
} from '@backstage/backend-plugin-api';
import { mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import {
  EntityProviderConnection,
  EntityProviderMutation,
} from '@backstage/plugin-catalog-node';
import { RegistryFile } from '@internal/plugin-platform-common';
import {
  PlatformRegistryEntityProvider,
  PROVIDER_NAME,
} from './PlatformRegistryEntityProvider';
import { CacheLastGoodStore, LastGoodStore } from '../lastGood/LastGoodStore';
import { RegistrySource } from '../sources';
import { treeOf } from '../testUtils/urlReader';
import { sampleFiles, withText, without } from '../testUtils/registry';

/** A source whose files the test sets between runs. */
class FakeSource implements RegistrySource {
  readonly description = 'fake registry';
  files: RegistryFile[] | Error = sampleFiles();

  async read(): Promise<RegistryFile[]> {
    if (this.files instanceof Error) throw this.files;
    return this.files;
  }

  locationOf(file: string): string {
    return `url:https://example.com/registry/${file}`;
  }
}

/** A CacheService that keeps values in a Map, like the memory or Redis store would. */
function mapCache(): CacheService {
  const values = new Map<string, any>();
  return {
    get: async key => values.get(key),
    set: async (key, value) => {
      values.set(key, value);
    },
    delete: async key => {
      values.delete(key);
    },
    withOptions() {
      return this;
    },
  };
}

function setUp(
  source: RegistrySource = new FakeSource(),
  lastGoodStore?: LastGoodStore,
) {
  const logger = mockServices.logger.mock();
  logger.child.mockReturnValue(logger);
  let task: SchedulerServiceTaskInvocationDefinition | undefined;
  const taskRunner = {
    run: jest.fn(async (t: SchedulerServiceTaskInvocationDefinition) => {
      task = t;
    }),
  };
  const mutations: EntityProviderMutation[] = [];
  const connection: EntityProviderConnection = {
    applyMutation: jest.fn(async (m: EntityProviderMutation) => {
      mutations.push(m);
    }),
    refresh: jest.fn(),
  };
  const provider = new PlatformRegistryEntityProvider({
    source,
    logger,
    taskRunner,
    lastGoodStore,
  });
  return {
    provider,
    logger,
    taskRunner,
    mutations,
    connection,
    /** Runs the scheduled task once, as the scheduler would. */
    run: async () => {
      if (!task) throw new Error('the provider scheduled no task');
      await task.fn(new AbortController().signal);
    },
  };
}

function entitiesOf(mutation: EntityProviderMutation): Entity[] {
  if (mutation.type !== 'full') throw new Error('expected a full mutation');
  return mutation.entities.map(e => e.entity);
}

const refsOf = (mutation: EntityProviderMutation) =>
  entitiesOf(mutation).map(e => stringifyEntityRef(e));

const byName = (mutation: EntityProviderMutation, name: string) =>
  entitiesOf(mutation).find(e => e.metadata.name === name);

const SAMPLE_REFS = [
  'domain:default/platform',
  'system:default/shared',
  'resource:default/shared-transit-gateway',
  'resource:default/shared-ecr',
  'resource:default/shared-zone-piksel.internal',
  'resource:default/shared-zone-dev.piksel.internal',
  'resource:default/shared-zone-staging.piksel.internal',
  'resource:default/shared-zone-prod.piksel.internal',
  'system:default/dev',
  'resource:default/dev-eks',
  'resource:default/dev-tgw-attachment',
  'resource:default/dev-aurora',
  'system:default/prod',
  'resource:default/prod-eks',
  'resource:default/prod-tgw-attachment',
  'resource:default/prod-aurora',
  'system:default/staging',
  'resource:default/staging-eks',
  'resource:default/staging-tgw-attachment',
  'resource:default/staging-aurora',
];

describe('PlatformRegistryEntityProvider', () => {
  it('schedules its refresh when the catalog connects', async () => {
    const { provider, taskRunner, connection } = setUp();
    expect(provider.getProviderName()).toBe('platform-registry');
    await provider.connect(connection);
    expect(taskRunner.run).toHaveBeenCalledWith({
      id: 'platform-registry:refresh',
      fn: expect.any(Function),
    });
  });

  it('applies the whole registry as one full mutation, keyed to the provider', async () => {
    const { provider, connection, mutations, run } = setUp();
    await provider.connect(connection);
    await run();

    expect(mutations).toHaveLength(1);
    expect(refsOf(mutations[0])).toEqual(SAMPLE_REFS);
    const mutation = mutations[0];
    expect(
      mutation.type === 'full' &&
        mutation.entities.every(e => e.locationKey === PROVIDER_NAME),
    ).toBe(true);
    expect(
      byName(mutation, 'dev-eks')?.metadata.annotations?.[
        'backstage.io/managed-by-location'
      ],
    ).toBe('url:https://example.com/registry/spokes/dev.yaml');
  });

  it('keeps the last good entities of a file that turns invalid, logs file, field and rule, and updates the others', async () => {
    const source = new FakeSource();
    const { provider, connection, mutations, logger, run } = setUp(source);
    await provider.connect(connection);
    await run();

    let files = withText(
      sampleFiles(),
      'spokes/dev.yaml',
      'azCount: 2',
      'azCount: 4',
    );
    files = withText(
      files,
      'spokes/staging.yaml',
      'desiredSize: 2',
      'desiredSize: 3',
    );
    source.files = files;
    await run();

    expect(refsOf(mutations[1])).toEqual(SAMPLE_REFS);
    for (const name of ['dev', 'dev-eks', 'dev-tgw-attachment', 'dev-aurora']) {
      expect(byName(mutations[1], name)).toEqual(byName(mutations[0], name));
    }
    expect(byName(mutations[1], 'staging-eks')?.metadata.description).toBe(
      'EKS 1.35 cluster staging: m6i.large nodes, 2 to 6 (desired 3).',
    );
    expect(logger.warn).toHaveBeenCalledWith(
      expect.stringContaining(
        'spokes/dev.yaml: network.azCount [az-count-range]',
      ),
      {
        file: 'spokes/dev.yaml',
        field: 'network.azCount',
        rule: 'az-count-range',
      },
    );
    expect(logger.warn).toHaveBeenCalledWith(
      'Platform registry: spokes/dev.yaml has problems; keeping its last good entities',
      { file: 'spokes/dev.yaml' },
    );
  });

  it('keeps the last good entities after a restart or on another replica, through the shared store', async () => {
    const store = new CacheLastGoodStore(mapCache(), 'last-good');
    const source = new FakeSource();
    const first = setUp(source, store);
    await first.provider.connect(first.connection);
    await first.run();

    // Another process (a restart, or a replica that never saw the good files).
    source.files = withText(
      sampleFiles(),
      'spokes/prod.yaml',
      'owner:',
      'ownr:',
    );
    const second = setUp(source, store);
    await second.provider.connect(second.connection);
    await second.run();

    expect(refsOf(second.mutations[0])).toEqual(SAMPLE_REFS);
    expect(byName(second.mutations[0], 'prod')).toEqual(
      byName(first.mutations[0], 'prod'),
    );
  });

  it("falls back to the process's own last good files when the store fails", async () => {
    const store: LastGoodStore = {
      load: jest.fn().mockRejectedValue(new Error('redis down')),
      save: jest.fn().mockRejectedValue(new Error('redis down')),
    };
    const source = new FakeSource();
    const { provider, connection, mutations, logger, run } = setUp(
      source,
      store,
    );
    await provider.connect(connection);
    await run();
    source.files = withText(
      sampleFiles(),
      'spokes/prod.yaml',
      'owner:',
      'ownr:',
    );
    await run();

    expect(refsOf(mutations[1])).toEqual(SAMPLE_REFS);
    expect(logger.warn).toHaveBeenCalledWith(
      "Could not load the last good registry files; using this process's: Error: redis down",
    );
    expect(logger.warn).toHaveBeenCalledWith(
      'Could not store the last good registry files; a restart will not have them: Error: redis down',
    );
  });

  it('removes the entities of a removed spoke file on the next run', async () => {
    const source = new FakeSource();
    const { provider, connection, mutations, run } = setUp(source);
    await provider.connect(connection);
    await run();
    source.files = without(sampleFiles(), 'spokes/prod.yaml');
    await run();

    expect(refsOf(mutations[1])).toEqual(
      SAMPLE_REFS.filter(ref => !/[:/]prod(-|$)/.test(ref)),
    );
    expect(refsOf(mutations[1])).toHaveLength(16);
  });

  it('leaves the catalog as it was when the registry cannot be read', async () => {
    const source = new FakeSource();
    const { provider, connection, mutations, logger, run } = setUp(source);
    await provider.connect(connection);
    await run();
    source.files = new Error('connection reset');
    await run();

    expect(mutations).toHaveLength(1);
    expect(logger.error).toHaveBeenCalledWith(
      expect.stringMatching(
        /^Could not read the platform registry from fake registry; the catalog keeps its entities: Error: connection reset/,
      ),
    );
  });

  it('emits nothing while there has never been a valid hub.yaml', async () => {
    const source = new FakeSource();
    source.files = without(sampleFiles(), 'hub.yaml');
    const { provider, connection, mutations, logger, run } = setUp(source);
    await provider.connect(connection);
    await run();

    expect(mutations).toEqual([]);
    expect(logger.warn).toHaveBeenCalledWith(
      'Invalid platform registry file: hub.yaml: (file) [required-file] the registry needs a hub file',
      { file: 'hub.yaml', field: '', rule: 'required-file' },
    );
    expect(logger.error).toHaveBeenCalledWith(
      'The platform registry in fake registry has no valid hub.yaml yet; the catalog keeps its entities',
    );
  });

  it('reads the registry through the UrlReader when configured with registryUrl', async () => {
    const url = 'https://github.com/org/repo/tree/main/infra/config';
    const urlReader = mockServices.urlReader.mock({
      readTree: jest.fn(async () => treeOf(sampleFiles(), 'sha-1')),
    });
    const scheduler = mockServices.scheduler.mock();
    let task: SchedulerServiceTaskInvocationDefinition | undefined;
    scheduler.createScheduledTaskRunner.mockReturnValue({
      run: async t => {
        task = t;
      },
    });
    const provider = PlatformRegistryEntityProvider.fromConfig(
      new ConfigReader({
        catalog: {
          providers: {
            platformRegistry: {
              registryUrl: url,
              schedule: { frequency: { minutes: 10 }, timeout: { minutes: 1 } },
            },
          },
        },
      }),
      {
        logger: mockServices.logger.mock(),
        scheduler,
        urlReader,
        cache: mockServices.cache.mock(),
      },
    );
    const mutations: EntityProviderMutation[] = [];
    await provider.connect({
      applyMutation: async m => {
        mutations.push(m);
      },
      refresh: async () => {},
    });
    await task!.fn(new AbortController().signal);

    expect(scheduler.createScheduledTaskRunner).toHaveBeenCalledWith({
      frequency: { minutes: 10 },
      timeout: { minutes: 1 },
    });
    expect(urlReader.readTree).toHaveBeenCalledWith(url, expect.anything());
    expect(refsOf(mutations[0])).toEqual(SAMPLE_REFS);
    expect(
      byName(mutations[0], 'shared')?.metadata.annotations?.[
        'backstage.io/managed-by-location'
      ],
    ).toBe(`url:${url}/hub.yaml`);
  });
});
