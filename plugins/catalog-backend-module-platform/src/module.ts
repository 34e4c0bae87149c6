import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { catalogProcessingExtensionPoint } from '@backstage/plugin-catalog-node';
import { PlatformRegistryEntityProvider } from './providers/PlatformRegistryEntityProvider';

/**
 * Catalog module: the platform registry (`hub.yaml`, `spokes/*.yaml`) as catalog
 * entities. Configured under `catalog.providers.platformRegistry`.
 */
export const catalogModulePlatformProvider = createBackendModule({
  pluginId: 'catalog',
  moduleId: 'platform-provider',
  register(reg) {
    reg.registerInit({
      deps: {
        cache: coreServices.cache,
        catalog: catalogProcessingExtensionPoint,
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        scheduler: coreServices.scheduler,
        urlReader: coreServices.urlReader,
      },
      async init({ cache, catalog, config, logger, scheduler, urlReader }) {
        catalog.addEntityProvider(
          PlatformRegistryEntityProvider.fromConfig(config, {
            logger,
            scheduler,
            urlReader,
            cache,
          }),
        );
      },
    });
  },
});
