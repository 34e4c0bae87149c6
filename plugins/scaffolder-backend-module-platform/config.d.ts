export interface Config {
  platform?: {
    /**
     * Folder holding hub.yaml and spokes/ (the platform registry) on the backend's
     * disk. A relative path is resolved from the backend's working directory.
     * Default: `$PLATFORM_REGISTRY_DIR`, else the first `infra/config/hub.yaml` found
     * walking up from the working directory.
     */
    registryDir?: string;

    /** The platform repository that New environment pull requests go to. */
    repository?: {
      /**
       * Web URL of the repository, e.g. `https://github.com/piksel-ina/piksel-portal`.
       * Its host must have an `integrations.github` entry. Without it the New
       * environment template validates and diffs but cannot open a pull request.
       */
      url?: string;
      /**
       * Folder of the registry inside that repository.
       * @default infra/config
       */
      registryPath?: string;
    };

    permissions?: {
      /**
       * Entity refs (groups or users) whose members count as the platform team:
       * they may run templates tagged `platform-team-only` and refresh spoke health.
       * Read by the permission policy and, as a second check, by the
       * `platform:spoke:*` actions.
       * @default [group:default/platform-team]
       */
      platformTeam?: string[];
    };
  };
}
