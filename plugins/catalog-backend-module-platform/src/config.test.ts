import * as os from 'os';
import * as path from 'path';
import { ConfigReader } from '@backstage/config';
import { REGISTRY_DIR_ENV } from '@internal/plugin-platform-common/node';
import { DEFAULT_SCHEDULE, readPlatformRegistryProviderConfig } from './config';
import { SAMPLE_REGISTRY_DIR } from './testUtils/registry';

const PLUGIN_DIR = path.resolve(__dirname, '..');

function read(providerConfig?: object, cwd = PLUGIN_DIR) {
  return readPlatformRegistryProviderConfig(
    new ConfigReader(
      providerConfig
        ? { catalog: { providers: { platformRegistry: providerConfig } } }
        : {},
    ),
    cwd,
  );
}

describe('readPlatformRegistryProviderConfig', () => {
  const savedEnv = process.env[REGISTRY_DIR_ENV];
  beforeEach(() => {
    delete process.env[REGISTRY_DIR_ENV];
  });
  afterAll(() => {
    if (savedEnv === undefined) delete process.env[REGISTRY_DIR_ENV];
    else process.env[REGISTRY_DIR_ENV] = savedEnv;
  });

  it("defaults to the repository's infra/config and a five-minute schedule", () => {
    expect(read()).toEqual({
      location: {
        type: 'dir',
        dir: SAMPLE_REGISTRY_DIR,
        configKey:
          "catalog.providers.platformRegistry.registryDir (default: the repository's infra/config)",
      },
      schedule: DEFAULT_SCHEDULE,
    });
  });

  it(`takes the default folder from $${REGISTRY_DIR_ENV} when set`, () => {
    process.env[REGISTRY_DIR_ENV] = '/srv/registry';
    expect(read().location).toEqual({
      type: 'dir',
      dir: '/srv/registry',
      configKey: `$${REGISTRY_DIR_ENV}`,
    });
  });

  it('resolves a relative registryDir against the working directory', () => {
    expect(read({ registryDir: '../../infra/config' }).location).toEqual({
      type: 'dir',
      dir: SAMPLE_REGISTRY_DIR,
      configKey: 'catalog.providers.platformRegistry.registryDir',
    });
  });

  it('reads a registryUrl and a schedule', () => {
    expect(
      read({
        registryUrl: 'https://github.com/org/repo/tree/main/infra/config',
        schedule: { frequency: { minutes: 1 }, timeout: { seconds: 30 } },
      }),
    ).toEqual({
      location: {
        type: 'url',
        url: 'https://github.com/org/repo/tree/main/infra/config',
      },
      schedule: { frequency: { minutes: 1 }, timeout: { seconds: 30 } },
    });
  });

  it('rejects registryDir and registryUrl together, naming both keys', () => {
    expect(() =>
      read({ registryDir: '/x', registryUrl: 'https://example.com/x' }),
    ).toThrow(
      'catalog.providers.platformRegistry.registryDir and catalog.providers.platformRegistry.registryUrl are both set',
    );
  });

  it.each(['github.com/org/repo', 'file:///srv/registry'])(
    'rejects the registryUrl %j, naming the key',
    url => {
      expect(() => read({ registryUrl: url })).toThrow(
        /^catalog\.providers\.platformRegistry\.registryUrl must be an http\(s\) URL/,
      );
    },
  );

  it('rejects an empty registryUrl (an unset PLATFORM_REGISTRY_URL), naming the key', () => {
    expect(() => read({ registryUrl: '' })).toThrow(
      "'catalog.providers.platformRegistry.registryUrl'",
    );
  });

  it('says which keys to set when there is no default folder', () => {
    expect(() => read(undefined, os.tmpdir())).toThrow(
      /^catalog\.providers\.platformRegistry: set registryUrl \(production\) or registryDir/,
    );
  });
});
