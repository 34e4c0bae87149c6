import * as path from 'path';
import { Config } from '@backstage/config';
import { findRegistryDir } from '@internal/plugin-platform-common/node';

/** The config key listing the platform team's entity refs. */
export const PLATFORM_TEAM_CONFIG_KEY = 'platform.permissions.platformTeam';

/** Who counts as the platform team when {@link PLATFORM_TEAM_CONFIG_KEY} is unset. */
export const DEFAULT_PLATFORM_TEAM = ['group:default/platform-team'];

/** Where the registry lives inside the platform repository by default. */
export const DEFAULT_REGISTRY_PATH = 'infra/config';

const ENTITY_REF = /^(user|group):[a-z0-9][a-z0-9._-]*\/[a-z0-9][a-z0-9._-]*$/i;
const REPOSITORY_URL =
  /^https:\/\/([a-z0-9.-]+(?::\d+)?)\/([A-Za-z0-9_.-]+)\/([A-Za-z0-9_.-]+?)(?:\.git)?\/?$/;

/** The platform repository, as the scaffolder's GitHub actions want it. */
export interface PlatformRepository {
  /** The configured web URL. */
  readonly url: string;
  /** `github.com?owner=o&repo=r`, the `repoUrl` format of `publish:github:*`. */
  readonly repoUrl: string;
  /** Registry folder inside the repository, e.g. `infra/config`. */
  readonly registryPath: string;
}

/** Everything the module reads from config, read once at start-up. */
export interface PlatformModuleConfig {
  /** Absolute registry folder on this backend's disk (resolved lazily when unset). */
  readonly registryDir: () => string;
  /** Undefined when `platform.repository.url` is unset. */
  readonly repository?: PlatformRepository;
  /** Entity refs of the platform team. */
  readonly platformTeam: string[];
}

/**
 * Reads the platform team refs. Shared with the permission policy so both read the
 * same list the same way.
 *
 * @throws Error naming the key when an entry is not a `user:` or `group:` entity ref.
 */
export function readPlatformTeam(config: Config): string[] {
  const refs = config.getOptionalStringArray(PLATFORM_TEAM_CONFIG_KEY);
  if (!refs) return [...DEFAULT_PLATFORM_TEAM];
  refs.forEach((ref, i) => {
    if (!ENTITY_REF.test(ref)) {
      throw new Error(
        `Invalid config ${PLATFORM_TEAM_CONFIG_KEY}[${i}]: '${ref}' is not a full user or group entity ref such as group:default/platform-team`,
      );
    }
  });
  return refs.map(ref => ref.toLocaleLowerCase('en-US'));
}

/** Parses `platform.repository`; throws naming the key when it is malformed. */
export function readPlatformRepository(
  config: Config,
): PlatformRepository | undefined {
  const url = config.getOptionalString('platform.repository.url');
  const registryPath =
    config.getOptionalString('platform.repository.registryPath') ??
    DEFAULT_REGISTRY_PATH;
  if (
    path.posix.isAbsolute(registryPath) ||
    registryPath.split('/').includes('..')
  ) {
    throw new Error(
      `Invalid config platform.repository.registryPath: '${registryPath}' must be a relative path inside the repository`,
    );
  }
  if (url === undefined) return undefined;
  const match = REPOSITORY_URL.exec(url);
  if (!match) {
    throw new Error(
      `Invalid config platform.repository.url: '${url}' must look like https://github.com/<owner>/<repo>`,
    );
  }
  const [, host, owner, repo] = match;
  return {
    url,
    repoUrl: `${host}?owner=${encodeURIComponent(
      owner,
    )}&repo=${encodeURIComponent(repo)}`,
    registryPath: path.posix.normalize(registryPath).replace(/\/$/, ''),
  };
}

/** Reads the module's config; bad values fail at start-up naming the key. */
export function readPlatformModuleConfig(config: Config): PlatformModuleConfig {
  const configured = config.getOptionalString('platform.registryDir');
  const registryDir = configured
    ? () => path.resolve(configured)
    : () => findRegistryDir();
  return {
    registryDir,
    repository: readPlatformRepository(config),
    platformTeam: readPlatformTeam(config),
  };
}
