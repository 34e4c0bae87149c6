import { ConfigReader } from '@backstage/config';
import {
  readPlatformModuleConfig,
  readPlatformRepository,
  readPlatformTeam,
} from './config';

describe('readPlatformRepository', () => {
  it('turns the repository URL into the repoUrl publish:github wants', () => {
    expect(
      readPlatformRepository(
        new ConfigReader({
          platform: {
            repository: {
              url: 'https://github.com/piksel-ina/piksel-portal.git',
            },
          },
        }),
      ),
    ).toEqual({
      url: 'https://github.com/piksel-ina/piksel-portal.git',
      repoUrl: 'github.com?owner=piksel-ina&repo=piksel-portal',
      registryPath: 'infra/config',
    });
  });

  it('is undefined when no repository is configured', () => {
    expect(readPlatformRepository(new ConfigReader({}))).toBeUndefined();
  });

  it('fails naming the key for a URL that is not a repository', () => {
    expect(() =>
      readPlatformRepository(
        new ConfigReader({
          platform: { repository: { url: 'git@github.com:a/b' } },
        }),
      ),
    ).toThrow("Invalid config platform.repository.url: 'git@github.com:a/b'");
  });

  it('fails naming the key for a registry path leaving the repository', () => {
    expect(() =>
      readPlatformRepository(
        new ConfigReader({
          platform: { repository: { registryPath: '../x' } },
        }),
      ),
    ).toThrow('Invalid config platform.repository.registryPath');
  });
});

describe('readPlatformTeam', () => {
  it('defaults to the platform-team group', () => {
    expect(readPlatformTeam(new ConfigReader({}))).toEqual([
      'group:default/platform-team',
    ]);
  });

  it('fails naming the key and index for an entry that is not a full entity ref', () => {
    expect(() =>
      readPlatformTeam(
        new ConfigReader({
          platform: {
            permissions: { platformTeam: ['group:default/a', 'platform-team'] },
          },
        }),
      ),
    ).toThrow(
      "Invalid config platform.permissions.platformTeam[1]: 'platform-team' is not a full user or group entity ref",
    );
  });
});

describe('readPlatformModuleConfig', () => {
  it('resolves a configured registry folder from the working directory', () => {
    const settings = readPlatformModuleConfig(
      new ConfigReader({ platform: { registryDir: 'some/dir' } }),
    );
    expect(settings.registryDir()).toBe(`${process.cwd()}/some/dir`);
  });
});
