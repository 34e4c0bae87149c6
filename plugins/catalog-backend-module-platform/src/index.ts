/**
 * Catalog backend module: the platform registry (the hub, the spokes and their
 * AWS resources) as catalog entities.
 *
 * @packageDocumentation
 */
export { catalogModulePlatformProvider as default } from './module';
export {
  PlatformRegistryEntityProvider,
  PROVIDER_NAME,
} from './providers/PlatformRegistryEntityProvider';
export { registryToEntities, RESOURCE_TYPES } from './lib/registryEntities';
export type {
  RegistryEntitiesOptions,
  RegistrySnapshot,
} from './lib/registryEntities';
