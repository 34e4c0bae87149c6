import { SchedulerServiceTaskScheduleDefinitionConfig } from '@backstage/backend-plugin-api';

export interface Config {
  catalog?: {
    providers?: {
      /**
       * Turns the platform registry (hub.yaml, spokes/*.yaml) into catalog entities.
       * Set at most one of `registryDir` and `registryUrl`; with neither, the registry
       * is the repository's infra/config (or $PLATFORM_REGISTRY_DIR).
       */
      platformRegistry?: {
        /**
         * Local folder holding hub.yaml and spokes/, absolute or relative to the
         * backend's working directory.
         * Default: the first infra/config with a hub.yaml above the working directory.
         */
        registryDir?: string;
        /**
         * URL of the registry folder in a repository, read through Backstage's UrlReader
         * with the matching `integrations` entry, e.g.
         * https://github.com/org/repo/tree/main/infra/config. Used in production.
         */
        registryUrl?: string;
        /**
         * How often the registry is re-read.
         * Default: `{ frequency: { minutes: 5 }, timeout: { minutes: 3 } }`.
         */
        schedule?: SchedulerServiceTaskScheduleDefinitionConfig;
      };
    };
  };
}
