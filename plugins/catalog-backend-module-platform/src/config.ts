import * as path from 'path';
import {
  readSchedulerServiceTaskScheduleDefinitionFromConfig,
  SchedulerServiceTaskScheduleDefinition,
} from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import {
  findRegistryDir,
  REGISTRY_DIR_ENV,
} from '@internal/plugin-platform-common/node';

/** Config key of this provider. */
export const CONFIG_KEY = 'catalog.providers.platformRegistry';

/** Used when `schedule` is not configured: a registry changes by pull request, rarely. */
export const DEFAULT_SCHEDULE: SchedulerServiceTaskScheduleDefinition = {
  frequency: { minutes: 5 },
  timeout: { minutes: 3 },
};

/** Where the registry lives; `configKey` names the setting it came from, for errors. */
export type RegistryLocation =
  | { type: 'dir'; dir: string; configKey: string }
  | { type: 'url'; url: string };

export interface PlatformRegistryProviderConfig {
  location: RegistryLocation;
  schedule: SchedulerServiceTaskScheduleDefinition;
}

function readLocation(
  config: Config | undefined,
  cwd: string,
): RegistryLocation {
  const dir = config?.getOptionalString('registryDir');
  const url = config?.getOptionalString('registryUrl');
  if (dir !== undefined && url !== undefined) {
    throw new Error(
      `${CONFIG_KEY}.registryDir and ${CONFIG_KEY}.registryUrl are both set; set one: a local folder or a repository URL`,
    );
  }
  if (url !== undefined) {
    let protocol = '';
    try {
      protocol = new URL(url).protocol;
    } catch {
      // reported below
    }
    if (protocol !== 'https:' && protocol !== 'http:') {
      throw new Error(
        `${CONFIG_KEY}.registryUrl must be an http(s) URL of the registry folder, e.g. https://github.com/org/repo/tree/main/infra/config; got '${url}'`,
      );
    }
    return { type: 'url', url };
  }
  if (dir !== undefined) {
    return {
      type: 'dir',
      dir: path.resolve(cwd, dir),
      configKey: `${CONFIG_KEY}.registryDir`,
    };
  }
  try {
    return {
      type: 'dir',
      dir: findRegistryDir(cwd),
      configKey: process.env[REGISTRY_DIR_ENV]
        ? `$${REGISTRY_DIR_ENV}`
        : `${CONFIG_KEY}.registryDir (default: the repository's infra/config)`,
    };
  } catch (error) {
    throw new Error(
      `${CONFIG_KEY}: set registryUrl (production) or registryDir; the default folder was not found: ${
        (error as Error).message
      }`,
    );
  }
}

/**
 * Reads `catalog.providers.platformRegistry`. With neither `registryUrl` nor
 * `registryDir`, the registry is the repository's `infra/config` found from `cwd`
 * (or `$PLATFORM_REGISTRY_DIR`). A relative `registryDir` is relative to `cwd`, the
 * backend's working directory. Throws naming the key on bad config.
 */
export function readPlatformRegistryProviderConfig(
  rootConfig: Config,
  cwd: string = process.cwd(),
): PlatformRegistryProviderConfig {
  const config = rootConfig.getOptionalConfig(CONFIG_KEY);
  return {
    location: readLocation(config, cwd),
    schedule: config?.has('schedule')
      ? readSchedulerServiceTaskScheduleDefinitionFromConfig(
          config.getConfig('schedule'),
        )
      : DEFAULT_SCHEDULE,
  };
}
