import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { scaffolderActionsExtensionPoint } from '@backstage/plugin-scaffolder-node';
import { scaffolderAutocompleteExtensionPoint } from '@backstage/plugin-scaffolder-node/alpha';
import { createServiceActions } from './actions/service';
import { createSpokeDiffAction } from './actions/spokeDiff';
import { createSpokeRenderAction } from './actions/spokeRender';
import { createSpokeValidateAction } from './actions/spokeValidate';
import { readPlatformModuleConfig } from './config';
import {
  PLATFORM_AUTOCOMPLETE_PROVIDER,
  platformAutocomplete,
} from './lib/autocomplete';
import { RegistrySource } from './lib/RegistrySource';

/**
 * The platform's scaffolder actions (`platform:spoke:validate`, `:render`, `:diff`,
 * `platform:service:validate`) and the `platform` autocomplete provider the CIDR form field reads.
 */
export const scaffolderModulePlatform = createBackendModule({
  pluginId: 'scaffolder',
  moduleId: 'platform',
  register(env) {
    env.registerInit({
      deps: {
        config: coreServices.rootConfig,
        actions: scaffolderActionsExtensionPoint,
        autocomplete: scaffolderAutocompleteExtensionPoint,
      },
      async init({ config, actions, autocomplete }) {
        const settings = readPlatformModuleConfig(config);
        const registry = RegistrySource.create(settings);
        const shared = {
          registry,
          repository: settings.repository,
          platformTeam: settings.platformTeam,
        };
        actions.addActions(
          createSpokeValidateAction(shared),
          createSpokeRenderAction(shared),
          createSpokeDiffAction(shared),
          ...createServiceActions(shared),
        );
        autocomplete.addAutocompleteProvider({
          id: PLATFORM_AUTOCOMPLETE_PROVIDER,
          handler: ({ resource, context }) =>
            platformAutocomplete(registry, resource, context),
        });
      },
    });
  },
});
