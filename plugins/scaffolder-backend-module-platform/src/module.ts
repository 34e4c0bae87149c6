import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { scaffolderActionsExtensionPoint } from '@backstage/plugin-scaffolder-node';
import { scaffolderAutocompleteExtensionPoint } from '@backstage/plugin-scaffolder-node/alpha';
import {
  AwsRunbookSecretStore,
  createSecretCreateAction,
} from './actions/secret';
import {
  createRequestTrackAction,
  platformRequestsClient,
} from './actions/request';
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
 * `platform:service:validate`, `platform:secret:create`, `platform:request:track`) and the `platform` autocomplete provider the CIDR form field reads.
 */
export const scaffolderModulePlatform = createBackendModule({
  pluginId: 'scaffolder',
  moduleId: 'platform',
  register(env) {
    env.registerInit({
      deps: {
        config: coreServices.rootConfig,
        catalog: catalogServiceRef,
        permissions: coreServices.permissions,
        auditor: coreServices.auditor,
        auth: coreServices.auth,
        discovery: coreServices.discovery,
        actions: scaffolderActionsExtensionPoint,
        autocomplete: scaffolderAutocompleteExtensionPoint,
      },
      async init({
        config,
        catalog,
        permissions,
        auditor,
        auth,
        discovery,
        actions,
        autocomplete,
      }) {
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
          createSecretCreateAction({
            registry,
            catalog,
            permissions,
            auditor,
            store: AwsRunbookSecretStore.fromConfig(
              config,
              () => registry.load().hub.portal.secretWriterRoleName,
            ),
          }),
          createRequestTrackAction({
            recordRequest: platformRequestsClient({ auth, discovery }),
            appBaseUrl: config.getOptionalString('app.baseUrl') ?? '',
          }),
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
