/**
 * Isomorphic entry of the platform registry package: schema, parser, cross-file
 * checks, CIDR planning, catalog annotations and fixtures. No Node-only imports
 * here; the file-system loader is `@internal/plugin-platform-common/node`.
 *
 * @packageDocumentation
 */
export * from './addressPlan';
export * from './addressPlanSchema';
export * from './awsActions';
export * from './annotations';
export * from './cidr';
export * from './clusterPlatform';
export * from './entityNames';
export * from './fixtures';
export * from './freeBlocks';
export * from './nextFreeCidr';
export * from './registry';
export * from './RegistryValidationError';
export * from './schema';
export * from './service';
export * from './subnetPlan';
export * from './health';
export * from './ipamCheck';
export * from './kubernetesVersions';
export * from './eksPlatformComponents';
export * from './permissions';
export * from './requests';
export * from './secrets';
export * from './signals';
