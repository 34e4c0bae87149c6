import { SchedulerServiceTaskScheduleDefinitionConfig } from '@backstage/backend-plugin-api';

export interface Config {
  catalog?: {
    providers?: {
      /** Turns the platform registry (hub.yaml, spokes/*.yaml) into catalog entities. */
      platformRegistry?: {
        /** Folder holding hub.yaml and spokes/; defaults to the repository's infra/config. */
        registryDir?: string;
        /** How often the registry is re-read. */
        schedule?: SchedulerServiceTaskScheduleDefinitionConfig;
      };
    };
  };
}
